# .drectve is split with Windows quoting: each quoted /EXPORT is one option.
# LINK: /dll /noentry
# DUMP: --coff-exports
# CHECK: Name: exportfn1
# CHECK: Name: exportfn2
# CHECK: Name: exportfn3
.text
.globl exportfn1
exportfn1: ret
.globl exportfn2
exportfn2: ret
.globl exportfn3
exportfn3: ret
.section .drectve,"yn"
.ascii " /EXPORT:\"exportfn1\" -export:\"exportfn2\" -export:exportfn3"
