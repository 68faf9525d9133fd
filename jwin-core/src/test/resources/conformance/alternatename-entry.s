# The entry point may be an alternate name.
# LINK: /entry:foo /alternatename:foo=realstart /subsystem:console
# CHECK: AddressOfEntryPoint: 0x1000
.text
.globl realstart
realstart: ret
