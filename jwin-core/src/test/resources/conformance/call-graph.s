# The objects' call-graph profile (.cg_profile) orders COMDAT sections by the C3 heuristic (the heaviest caller
# pulls its callee into its cluster, densest clusters first); /print-symbol-order writes the order.
# LINK: /entry:main /subsystem:console /opt:noref,noicf /print-symbol-order:%d/order.txt
# DUMP: cat %d/order.txt
# CHECK:      c
# CHECK-NEXT: a
# CHECK-NEXT: b
# CHECK-NOT:  {{.}}
# /call-graph-ordering-file: edges "caller callee count" come before the objects' own; unprofiled sections stay behind.
# FILE: cg.txt: a d 50
# FILE: cg.txt: d a 0x3c
# FILE: cg.txt: a nosuch 1
# LINK-CGFILE: /entry:main /subsystem:console /opt:noref,noicf /call-graph-ordering-file:%d/cg.txt
# CGFILE-WARN: warning: {{.*}}cg.txt: no such symbol: nosuch
# DUMP-CGFILE: objdump -s -j .text
# CGFILE:      Contents of section .text:
# CGFILE-NEXT: 140001000 cccccccc cccccccc cccccccc cccccccc
# CGFILE-NEXT: 140001010 aaaaaaaa aaaaaaaa aaaaaaaa aaaaaaaa
# CGFILE-NEXT: 140001020 dddddddd dddddddd dddddddd dddddddd
# CGFILE-NEXT: 140001030 bbbbbbbb bbbbbbbb bbbbbbbb bbbbbbbb
# CGFILE-NEXT: 140001040 c3
# /call-graph-profile-sort:no ignores the profile: sections stay in input order.
# LINK-NO: /entry:main /subsystem:console /opt:noref,noicf /call-graph-profile-sort:no
# DUMP-NO: objdump -s -j .text
# NO:      Contents of section .text:
# NO-NEXT: 140001000 c3dddddd dddddddd dddddddd dddddddd
# NO-NEXT: 140001010 ddaaaaaa aaaaaaaa aaaaaaaa aaaaaaaa
.text
.globl main
main: ret
.section .text,"xr",discard,d
.globl d
d: .fill 16,1,0xdd
.section .text,"xr",discard,a
.globl a
a: .fill 16,1,0xaa
.section .text,"xr",discard,b
.globl b
b: .fill 16,1,0xbb
.section .text,"xr",discard,c
.globl c
c: .fill 16,1,0xcc
.cg_profile c, a, 100
.cg_profile b, b, 5
