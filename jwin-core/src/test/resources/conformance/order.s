# /order:@file puts the listed COMDAT sections first, in the file's order (blank lines and # comments skipped,
# a name listed twice takes its later place); names that lead no COMDAT section are warnings (LNK4037).
# FILE: order.txt: # hot functions first
# FILE: order.txt: c
# FILE: order.txt:
# FILE: order.txt:   nosuch
# FILE: order.txt: a
# FILE: order.txt: main
# FILE: order.txt: c
# LINK: /entry:main /subsystem:console /opt:noref /order:@%d/order.txt
# WARN: warning: /order:nosuch: missing symbol: nosuch [LNK4037]
# WARN: warning: /order:main: missing symbol: main [LNK4037]
# DUMP: objdump -s -j .text
# CHECK:      Contents of section .text:
# CHECK-NEXT: 140001000 aaaaaaaa aaaaaaaa aaaaaaaa aaaaaaaa
# CHECK-NEXT: 140001010 cccccccc cccccccc cccccccc cccccccc
# CHECK-NEXT: 140001020 c3bbbbbb bbbbbbbb bbbbbbbb bbbbbbbb
# CHECK-NEXT: 140001030 bb
.text
.globl main
main: ret
.section .text,"xr",discard,b
.globl b
b: .fill 16,1,0xbb
.section .text,"xr",discard,a
.globl a
a: .fill 16,1,0xaa
.section .text,"xr",discard,c
.globl c
c: .fill 16,1,0xcc
