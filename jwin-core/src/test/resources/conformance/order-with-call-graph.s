# /order and /call-graph-ordering-file exclude each other.
# FILE: o.txt: main
# LINK: /entry:main /subsystem:console /order:@%d/o.txt /call-graph-ordering-file:%d/o.txt
# FAIL
# ERR: error: /order and /call-graph-order-file may not be used together
.text
.globl main
main: ret
