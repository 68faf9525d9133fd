# ICF folds COMDAT functions with equal code and equivalent relocations, to a fixed point:
# f1/f2 are equal, g1/g2 call equal functions, h1<->h2 and k1<->k2 are cycles that fold pairwise.
# It is on exactly where lld-link turns it on: with /opt:ref, which is the default without /debug;
# /debug turns both off unless given; the last /opt value wins, and values are case-insensitive.
# LINK: /entry:main /subsystem:console
# DUMP: objdump -d --no-show-raw-insn
# CHECK:      <.text>:
# CHECK-NEXT: callq 0x[[F:[0-9a-f]+]]
# CHECK-NEXT: callq 0x[[F]]
# CHECK-NEXT: callq 0x[[G:[0-9a-f]+]]
# CHECK-NEXT: callq 0x[[G]]
# CHECK-NEXT: callq 0x[[H:[0-9a-f]+]]
# CHECK-NEXT: callq 0x[[H]]
# CHECK-NEXT: callq 0x[[K:[0-9a-f]+]]
# CHECK-NEXT: callq 0x[[K]]
# CHECK-NEXT: retq
# CHECK:      [[F]]: movl $1, %eax
# CHECK-NEXT: retq
# CHECK:      [[G]]: callq 0x[[F]]
# CHECK-NEXT: retq
# CHECK:      [[H]]: callq 0x[[K]]
# CHECK-NEXT: retq
# CHECK:      [[K]]: callq 0x[[H]]
# CHECK-NEXT: nop
# CHECK-NEXT: retq
# CHECK-NOT:  movl
# LINK-DEBUG: /entry:main /subsystem:console /debug
# LINK-DEBUGREF: /entry:main /subsystem:console /debug /opt:ref
# LINK-NOICF: /entry:main /subsystem:console /opt:ICF=3,REF /opt:noicf
# DUMP-DEBUG: objdump -d --no-show-raw-insn
# DUMP-DEBUGREF: objdump -d --no-show-raw-insn
# DUMP-NOICF: objdump -d --no-show-raw-insn
# DEBUGREF:      <.text>:
# DEBUGREF-NEXT: callq 0x[[F:[0-9a-f]+]]
# DEBUGREF-NEXT: callq 0x[[F]]
# DEBUG:      <.text>:
# DEBUG-NEXT: callq 0x[[F1:[0-9a-f]+]]
# DEBUG-NEXT: callq 0x[[F2:[0-9a-f]+]]
# DEBUG:      [[F1]]: movl $1, %eax
# DEBUG:      [[F2]]: movl $1, %eax
# NOICF:      <.text>:
# NOICF-NEXT: callq 0x[[F1:[0-9a-f]+]]
# NOICF-NEXT: callq 0x[[F2:[0-9a-f]+]]
# NOICF:      [[F1]]: movl $1, %eax
# NOICF:      [[F2]]: movl $1, %eax
.text
.globl main
main:
  call f1
  call f2
  call g1
  call g2
  call h1
  call h2
  call k1
  call k2
  ret
.section .text,"xr",discard,f1
.globl f1
f1: movl $1, %eax
  ret
.section .text,"xr",discard,f2
.globl f2
f2: movl $1, %eax
  ret
.section .text,"xr",discard,g1
.globl g1
g1: call f1
  ret
.section .text,"xr",discard,g2
.globl g2
g2: call f2
  ret
.section .text,"xr",discard,h1
.globl h1
h1: call k1
  ret
.section .text,"xr",discard,h2
.globl h2
h2: call k2
  ret
.section .text,"xr",discard,k1
.globl k1
k1: call h1
  nop
  ret
.section .text,"xr",discard,k2
.globl k2
k2: call h2
  nop
  ret
