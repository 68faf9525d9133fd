# With ICF on (the default with /opt:ref), MSVC string literals (COMDAT .rdata, no relocations, ??_C@ leaders)
# are tail-merged: "bc" lives inside "abc", the strings sorted by their tails.
# LINK: /entry:main /subsystem:console
# DUMP: objdump -s -d --no-show-raw-insn
# CHECK:      Contents of section .rdata:
# CHECK-NEXT: 140002000 78797a00 61626300 xyz.abc.
# CHECK:      <.text>:
# CHECK-NEXT: leaq {{.*}} # 0x140002004
# CHECK-NEXT: leaq {{.*}} # 0x140002005
# CHECK-NEXT: leaq {{.*}} # 0x140002000
# /opt:nolldtailmerge keeps the strings apart, in input order, even with ICF on.
# LINK-OFF: /entry:main /subsystem:console /opt:icf,nolldtailmerge
# DUMP-OFF: objdump -s -d --no-show-raw-insn
# OFF:      Contents of section .rdata:
# OFF-NEXT: 140002000 61626300 62630078 797a00 abc.bc.xyz.
# OFF:      <.text>:
# OFF-NEXT: leaq {{.*}} # 0x140002000
# OFF-NEXT: leaq {{.*}} # 0x140002004
# OFF-NEXT: leaq {{.*}} # 0x140002007
.text
.globl main
main:
  leaq "??_C@_03abc"(%rip), %rax
  leaq "??_C@_02bc"(%rip), %rax
  leaq "??_C@_03xyz"(%rip), %rax
  ret
.section .rdata,"dr",discard,"??_C@_03abc"
.globl "??_C@_03abc"
"??_C@_03abc": .asciz "abc"
.section .rdata,"dr",discard,"??_C@_02bc"
.globl "??_C@_02bc"
"??_C@_02bc": .asciz "bc"
.section .rdata,"dr",discard,"??_C@_03xyz"
.globl "??_C@_03xyz"
"??_C@_03xyz": .asciz "xyz"
