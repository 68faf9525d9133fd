# /guard:cf and imports: the IAT entries .giats$y names (address-taken imported functions) make
# __guard_iat_table; when such a function's DLL is delay-loaded its load thunk (the IAT entry's first value)
# is a valid call target too (the object's own call to funcb is not: it is compiled for guard).
# IMPLIB: foo.lib foo.dll funca funcb
# LINK: /entry:start /subsystem:console /guard:cf foo.lib /delayload:foo.dll
# DUMP: --coff-load-config --coff-imports
# CHECK: DelayImport {
# CHECK: ImportAddressTable: 0x[[#%X,IAT:]]
# CHECK: Symbol: funca (0)
# CHECK-NEXT: Address: 0x[[#%X,THUNKA:]]
# CHECK: GuardCFFunctionTable: 0x
# CHECK-NEXT: GuardCFFunctionCount: 2
# CHECK-NEXT: GuardFlags: 0x500
# CHECK-NEXT: GuardAddressTakenIatEntryTable: 0x{{[1-9A-F]}}
# CHECK-NEXT: GuardAddressTakenIatEntryCount: 1
# CHECK: GuardFidTable [
# CHECK-NEXT: 0x140001000
# CHECK-NEXT: 0x[[#THUNKA]]
# CHECK-NEXT: ]
# CHECK-NEXT: GuardIatTable [
# CHECK-NEXT: 0x[[#IAT+0x140000000]]
# CHECK-NEXT: ]
.include "guard-feat.inc"
.text
.def start; .scl 2; .type 32; .endef
.globl start
start:
  movq __imp_funca(%rip), %rax
  call funcb
  ret
.def __delayLoadHelper2; .scl 2; .type 32; .endef
.globl __delayLoadHelper2
__delayLoadHelper2: ret
.section .giats$y,"dr"
.symidx __imp_funca
.include "guard-load-config.inc"
