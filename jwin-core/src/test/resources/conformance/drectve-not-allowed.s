# Options lld-link does not allow in .drectve stop the link.
# LINK: /entry:start /subsystem:console
# FAIL
# ERR: error: {{.*}}-base:{{.*}} is not allowed in .drectve
.text
.globl start
start: ret
.section .drectve,"yn"
.ascii " -base:0x10000000"
