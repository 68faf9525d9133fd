# An empty /guard: value is an error too, in lld-link's words.
# LINK: /entry:start /subsystem:console /guard:
# FAIL
# ERR: error: invalid argument to /guard: {{$}}
.text
.globl start
start: ret
