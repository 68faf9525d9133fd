# /subsystem:default keeps the inferred subsystem (main => console) and sets its version.
# LINK: /entry:start /subsystem:default,6.2
# CHECK: MajorSubsystemVersion: 6
# CHECK-NEXT: MinorSubsystemVersion: 2
# CHECK: Subsystem: IMAGE_SUBSYSTEM_WINDOWS_CUI (0x3)
.text
.globl start
start: ret
.globl main
main: ret
