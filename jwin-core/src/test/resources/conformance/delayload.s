# /delayload: the DLL's imports get a delay import descriptor (attributes 1: RVAs), a name table with
# hint/name RVAs or ordinals, a module handle and a delay IAT in .data whose slots hold the load thunks'
# addresses (base-relocated); other DLLs stay in the import directory. /delay:unload and /delay:nobind
# are accepted and change nothing, as in lld-link.
# IMPLIB: foo.lib foo.dll funca funcb funcc,@5,NONAME
# IMPLIB: bar.lib bar.dll barf
# LINK: /entry:start /subsystem:console foo.lib bar.lib /delayload:FOO.dll /delay:unload /delay:nobind /delayload:unused.dll
# DUMP: --file-headers --sections --coff-imports --coff-basereloc
# CHECK: DelayImportDescriptorRVA: 0x[[#%X,DIR:]]
# CHECK-NEXT: DelayImportDescriptorSize: 0x40
# CHECK: Name: .data
# CHECK-NEXT: VirtualSize:
# CHECK-NEXT: VirtualAddress: 0x[[#%X,DATA:]]
# CHECK: Import {
# CHECK-NEXT: Name: bar.dll
# CHECK: Symbol: barf (0)
# CHECK-NEXT: }
# CHECK-NEXT: DelayImport {
# CHECK-NEXT: Name: foo.dll
# CHECK-NEXT: Attributes: 0x1
# CHECK-NEXT: ModuleHandle: 0x[[#%X,DATA+8]]
# CHECK-NEXT: ImportAddressTable: 0x[[#%X,DATA+16]]
# CHECK-NEXT: ImportNameTable: 0x
# CHECK-NEXT: BoundDelayImportTable: 0x0
# CHECK-NEXT: UnloadDelayImportTable: 0x0
# CHECK-NEXT: Import {
# CHECK-NEXT: Symbol: funca (0)
# CHECK-NEXT: Address: 0x[[#%X,THUNK:]]
# CHECK-NEXT: }
# CHECK-NEXT: Import {
# CHECK-NEXT: Symbol: funcb (0)
# CHECK-NEXT: Address: 0x[[#%X,THUNK+12]]
# CHECK-NEXT: }
# CHECK-NEXT: Import {
# CHECK-NEXT: Symbol:  (5)
# CHECK-NEXT: Address: 0x[[#%X,THUNK+24]]
# CHECK-NEXT: }
# CHECK-NEXT: }
# CHECK-NOT: DelayImport
# CHECK: BaseReloc [
# CHECK: Type: DIR64
# CHECK-NEXT: Address: 0x[[#%X,DATA+16]]
# CHECK: Type: DIR64
# CHECK-NEXT: Address: 0x[[#%X,DATA+24]]
# CHECK: Type: DIR64
# CHECK-NEXT: Address: 0x[[#%X,DATA+32]]
.text
.globl start
start:
  call funcb
  call funca
  call *__imp_funcc(%rip)
  call barf
  ret
.globl __delayLoadHelper2
__delayLoadHelper2:
  ret
.data
.quad 1
