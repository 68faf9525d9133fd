# A COMDAT selection outside 1-6 is an error.
# LINK: /entry:start /subsystem:console
# FAIL
# ERR: error: {{.*}}unknown comdat type 7 for
.text
.globl start
start: ret
.section .text$x,"xr",newest,foo
.globl foo
foo: ret
