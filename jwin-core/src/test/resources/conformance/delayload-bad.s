# /delayload without ':' is no option to lld-link but a file name; so is a bare /guard.
# LINK: /entry:start /subsystem:console /delayload /guard
# FAIL
# ERR: error: could not open '/delayload'
# ERR: error: could not open '/guard'
.text
.globl start
start: ret
