# /delayload on arm64: adrp/add/b load thunks (12 bytes, 4-aligned) and the tail merge calling
# __delayLoadHelper2; 8-byte IAT slots with DIR64 base relocations.
# TRIPLE: aarch64-pc-windows-msvc
# IMPLIB: foo.lib foo.dll funca funcb
# LINK: /entry:start /subsystem:console foo.lib /delayload:foo.dll
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
# CHECK-NEXT: Address: 0x[[#%X,THUNK+12]]
# CHECK: BaseReloc [
# CHECK: Type: DIR64
# CHECK-NEXT: Address: 0x[[#%X,HANDLE+8]]
# CHECK: Type: DIR64
# CHECK-NEXT: Address: 0x[[#%X,HANDLE+16]]
.text
.globl start
start:
  bl funcb
  bl funca
  ret
.globl __delayLoadHelper2
__delayLoadHelper2:
  ret
