# Guard table sections that do not hold symbol indices are ignored with lld-link's warnings (errors here: /wx).
# LINK: /entry:start /subsystem:console /guard:longjmp /wx
# FAIL
# ERR: error: ignoring invalid symbol table index in section .gfids$y in object {{.*}}guard-bad-tables.obj
# ERR: error: ignoring .gljmp$y symbol table index section in object {{.*}}guard-bad-tables.obj
.include "guard-feat.inc"
.text
.globl start
start: ret
.section .gfids$y,"dr"
.long 99
.section .gljmp$y,"dr"
.byte 1
