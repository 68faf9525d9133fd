# Image flag options set the header bits lld-link sets.
# LINK: /entry:start /subsystem:console /swaprun:cd,net /appcontainer /integritycheck /allowbind:no /allowisolation:no /driver:wdm
# CHECK: Characteristics [
# CHECK: IMAGE_FILE_NET_RUN_FROM_SWAP (0x800)
# CHECK: IMAGE_FILE_REMOVABLE_RUN_FROM_SWAP (0x400)
# CHECK: Characteristics [
# CHECK-NEXT: IMAGE_DLL_CHARACTERISTICS_APPCONTAINER (0x1000)
# CHECK: IMAGE_DLL_CHARACTERISTICS_FORCE_INTEGRITY (0x80)
# CHECK: IMAGE_DLL_CHARACTERISTICS_NO_BIND (0x800)
# CHECK: IMAGE_DLL_CHARACTERISTICS_NO_ISOLATION (0x200)
# CHECK: IMAGE_DLL_CHARACTERISTICS_WDM_DRIVER (0x2000)
.text
.globl start
start: ret
