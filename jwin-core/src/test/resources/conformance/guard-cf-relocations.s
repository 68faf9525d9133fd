# /guard:cf with an object not compiled for it: every function a relocation of a live section names is a
# valid call target (g1 by a lea, g2 by a call and a pointer), data is not; each section holding a target is
# then aligned to 16 bytes (g1 at 0x...20, not 0x...14).
# LINK: /entry:start /subsystem:console /guard:cf
# DUMP: --coff-load-config
# CHECK: GuardCFFunctionCount: 4
# CHECK-NEXT: GuardFlags: 0x500
# CHECK: GuardFidTable [
# CHECK-NEXT: 0x140001000
# CHECK-NEXT: 0x140001020
# CHECK-NEXT: 0x140001021
# CHECK-NEXT: 0x140001030
# CHECK-NEXT: ]
.text
.def start; .scl 2; .type 32; .endef
.globl start
start:
  leaq g1(%rip), %rax
  leaq var(%rip), %rax
  nop
  nop
  ret
.section .text$b,"xr"
.p2align 2
.def g1; .scl 2; .type 32; .endef
.globl g1
g1: ret
.def g2; .scl 2; .type 32; .endef
.globl g2
g2:
  call g2
  ret
.section .text$c,"xr"
.p2align 2
.def g3; .scl 3; .type 32; .endef
g3: ret
.data
.quad g3
var: .quad 0
.include "guard-load-config.inc"
