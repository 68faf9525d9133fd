# /order needs '@' before the file name.
# LINK: /entry:main /subsystem:console /order:order.txt
# FAIL
# ERR: error: malformed /order option: '@' missing
.text
.globl main
main: ret
