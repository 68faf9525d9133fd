# A weak external with a default serves as the entry point, an export and an /include.
# LINK: /dll /entry:wentry /export:wexport /include:wincl
# DUMP: --file-headers --coff-exports
# CHECK: AddressOfEntryPoint: 0x1000
# CHECK: Name: wexport
# CHECK-NEXT: RVA: 0x1001
.text
.globl dflt_entry
dflt_entry: ret
.globl dflt_export
dflt_export: ret
.globl dflt_incl
dflt_incl: ret
.weak wentry
.set wentry, dflt_entry
.weak wexport
.set wexport, dflt_export
.weak wincl
.set wincl, dflt_incl
