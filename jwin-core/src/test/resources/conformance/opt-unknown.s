# An unknown /opt value is an error in lld-link's words (the value lower-cased).
# LINK: /entry:main /subsystem:console /opt:ref,Bogus
# FAIL
# ERR: error: /opt: unknown option: bogus
.text
.globl main
main: ret
