# /delayload on i386: 4-byte slots and name-table entries (8-byte terminators, as lld-link writes them),
# load thunks that move the slot's address into eax (base-relocated) and ___delayLoadHelper2@8.
# TRIPLE: i686-pc-windows-msvc
# IMPLIB: foo.lib foo.dll funca funcb
# LINK: /entry:start /subsystem:console /safeseh:no foo.lib /delayload:foo.dll
# DUMP: --file-headers --coff-imports --coff-basereloc
# CHECK: DelayImportDescriptorSize: 0x40
# CHECK: DelayImport {
# CHECK-NEXT: Name: foo.dll
# CHECK-NEXT: Attributes: 0x1
# CHECK-NEXT: ModuleHandle: 0x[[#%X,HANDLE:]]
# CHECK-NEXT: ImportAddressTable: 0x[[#%X,HANDLE+8]]
# CHECK: Symbol: funca (0)
# CHECK-NEXT: Address: 0x[[#%X,THUNK:]]
# CHECK: Symbol: funcb (0)
# CHECK-NEXT: Address: 0x[[#%X,THUNK+10]]
# CHECK: BaseReloc [
# CHECK-COUNT-5: Type: HIGHLOW
.text
.globl _start
_start:
  call _funcb
  call _funca
  ret
.globl ___delayLoadHelper2@8
___delayLoadHelper2@8:
  ret $8
