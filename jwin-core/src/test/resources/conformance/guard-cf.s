# /guard:cf with an object compiled for it (@feat.00 bit 11): the valid call targets are the functions its
# .gfids$y lists (a static one too) and the entry point, as sorted RVAs in .rdata; __guard_fids_table/_count
# and __guard_flags (CF_INSTRUMENTED | CF_FUNCTION_TABLE_PRESENT) fill the load configuration; no longjmp
# table without /guard:longjmp; the image is marked GUARD_CF. The .g*$y sections are not in the image.
# LINK: /entry:start /subsystem:console /guard:cf
# DUMP: --file-headers --sections --coff-load-config
# CHECK: IMAGE_DLL_CHARACTERISTICS_GUARD_CF (0x4000)
# CHECK-NOT: Name: .g
# CHECK: GuardCFFunctionTable: 0x[[#%X,FIDS:]]
# CHECK-NEXT: GuardCFFunctionCount: 3
# CHECK-NEXT: GuardFlags: 0x500
# CHECK-NEXT: GuardAddressTakenIatEntryTable: 0x0
# CHECK-NEXT: GuardAddressTakenIatEntryCount: 0
# CHECK-NEXT: GuardLongJumpTargetTable: 0x0
# CHECK-NEXT: GuardLongJumpTargetCount: 0
# CHECK: GuardFidTable [
# CHECK-NEXT: 0x140001000
# CHECK-NEXT: 0x14000100D
# CHECK-NEXT: 0x14000100F
# CHECK-NEXT: ]
# CHECK-NOT: GuardLJmpTable
.include "guard-feat.inc"
.text
.def start; .scl 2; .type 32; .endef
.globl start
start:
  leaq f1(%rip), %rax
  call lj
  ret
.def f1; .scl 2; .type 32; .endef
.globl f1
f1: ret
.def f2; .scl 2; .type 32; .endef
.globl f2
f2: ret
.def f3; .scl 3; .type 32; .endef
f3: ret
lj: nop
ljret: ret
.section .gfids$y,"dr"
.symidx f1
.symidx f3
.section .gljmp$y,"dr"
.symidx ljret
.section .gehcont$y,"dr"
.symidx f2
.include "guard-load-config.inc"
