# /delayload on ARMv7: movw/movt/b.w load thunks (MOV32T base relocations, as the tail merge's descriptor
# address; after the two import thunks' own), IAT slots holding the thunks' addresses with the Thumb bit set.
# TRIPLE: thumbv7-windows-msvc
# IMPLIB: foo.lib foo.dll funca funcb
# LINK: /entry:start /subsystem:console foo.lib /delayload:foo.dll
# DUMP: --file-headers --coff-imports --coff-basereloc
# CHECK: DelayImportDescriptorSize: 0x40
# CHECK: DelayImport {
# CHECK-NEXT: Name: foo.dll
# CHECK: Symbol: funca (0)
# CHECK-NEXT: Address: 0x[[#%X,THUNK:]]
# CHECK: Symbol: funcb (0)
# CHECK-NEXT: Address: 0x[[#%X,THUNK+12]]
# CHECK: BaseReloc [
# CHECK-COUNT-2: Type: ARM_MOV32(T)
# CHECK: Type: ARM_MOV32(T)
# CHECK-NEXT: Address: 0x[[#%X,THUNK-0x400000-1]]
# CHECK: Type: ARM_MOV32(T)
# CHECK-NEXT: Address: 0x[[#%X,THUNK-0x400000+11]]
# CHECK: Type: ARM_MOV32(T)
# CHECK-NEXT: Address: 0x[[#%X,THUNK-0x400000+37]]
# CHECK: Type: HIGHLOW
# CHECK: Type: HIGHLOW
.syntax unified
.thumb
.text
.globl start
.thumb_func
start:
  bl funcb
  bl funca
  bx lr
.globl __delayLoadHelper2
.thumb_func
__delayLoadHelper2:
  bx lr
