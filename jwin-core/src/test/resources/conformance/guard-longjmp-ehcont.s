# /guard:longjmp,ehcont: the longjmp targets of .gljmp$y and the EH continuation targets of .gehcont$y get
# their tables too (the latter an RVA and a flag byte per entry), and __guard_flags says so
# (+ CF_LONGJUMP_TABLE_PRESENT 0x10000, EH_CONTINUATION_TABLE_PRESENT 0x400000). The input is guard-cf.s's.
# LINK: /entry:start /subsystem:console /guard:longjmp,ehcont
# DUMP: --coff-load-config
# CHECK: EditList: 0x[[#%X,EHCONT:]]
# CHECK-NEXT: SecurityCookie: 0x1
# CHECK: GuardCFFunctionTable: 0x[[#%X,EHCONT-0x10]]
# CHECK-NEXT: GuardCFFunctionCount: 3
# CHECK-NEXT: GuardFlags: 0x410500
# CHECK: GuardLongJumpTargetTable: 0x[[#%X,EHCONT-4]]
# CHECK-NEXT: GuardLongJumpTargetCount: 1
# CHECK: GuardLJmpTable [
# CHECK-NEXT: 0x140001011
# CHECK-NEXT: ]
.include "guard-cf.s"
