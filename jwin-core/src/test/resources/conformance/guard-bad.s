# An unknown /guard: value stops the link with lld-link's words.
# LINK: /entry:start /subsystem:console /guard:cf,frob
# FAIL
# ERR: error: invalid argument to /guard: frob
.text
.globl start
start: ret
