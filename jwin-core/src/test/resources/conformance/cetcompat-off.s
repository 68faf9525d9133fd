# /cetcompat:no after /cetcompat: no debug directory at all.
# LINK: /entry:start /subsystem:console /cetcompat /cetcompat:no
# DUMP: --file-headers
# CHECK: DebugRVA: 0x0
# CHECK-NEXT: DebugSize: 0x0
.text
.globl start
start: ret
