# /guard:cf with /opt:ref: a .gfids$y associated with a COMDAT function lives and dies with it, so the
# unreferenced dead() is no valid call target while the referenced live() is; other(), live but listed only
# by dead()'s table, is none either.
# LINK: /entry:start /subsystem:console /guard:cf /opt:ref
# DUMP: --coff-load-config
# CHECK: GuardCFFunctionCount: 2
# CHECK: GuardFidTable [
# CHECK-NEXT: 0x140001000
# CHECK-NEXT: 0x140001010
# CHECK-NEXT: ]
.include "guard-feat.inc"
.text
.def start; .scl 2; .type 32; .endef
.globl start
start:
  leaq live(%rip), %rax
  call other
  ret
.def other; .scl 2; .type 32; .endef
.globl other
other: ret
.section .text$live,"xr",one_only,live
.def live; .scl 2; .type 32; .endef
.globl live
live: ret
.section .text$dead,"xr",one_only,dead
.def dead; .scl 2; .type 32; .endef
.globl dead
dead: ret
.section .gfids$y,"dr",associative,live
.symidx live
.section .gfids$y,"dr",associative,dead
.symidx dead
.symidx other
.include "guard-load-config.inc"
