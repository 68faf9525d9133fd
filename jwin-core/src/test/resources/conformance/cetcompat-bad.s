# /cetcompat takes no value but :no; lld-link takes /cetcompat:yes for a file name.
# LINK: /entry:start /subsystem:console /cetcompat:yes
# FAIL
# ERR: error: could not open '/cetcompat:yes'
.text
.globl start
start: ret
