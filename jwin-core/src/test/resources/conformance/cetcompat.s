# /cetcompat: a debug directory entry of type IMAGE_DEBUG_TYPE_EX_DLLCHARACTERISTICS (20) whose 4 bytes
# hold IMAGE_DLL_CHARACTERISTICS_EX_CET_COMPAT, after the CodeView entry when there is one; under
# /lldmingw both live in .buildid. /cetcompat:no (later) turns it off again elsewhere.
# LINK: /entry:start /subsystem:console /cetcompat:no /cetcompat /debug:dwarf /lldmingw
# DUMP: --file-headers --sections --coff-debug-directory
# CHECK: DebugRVA: 0x[[#%X,DIR:]]
# CHECK-NEXT: DebugSize: 0x38
# CHECK: Name: .buildid
# CHECK-NEXT: VirtualSize: 0x58
# CHECK-NEXT: VirtualAddress: 0x[[#DIR]]
# CHECK: DebugEntry {
# CHECK: Type: CodeView (0x2)
# CHECK: DebugEntry {
# CHECK: Type: ExtendedDLLCharacteristics (0x14)
# CHECK-NEXT: SizeOfData: 0x4
# CHECK-NEXT: AddressOfRawData: 0x[[#DIR+0x54]]
# CHECK-NEXT: PointerToRawData:
# CHECK-NEXT: ExtendedCharacteristics [ (0x1)
# CHECK-NEXT: IMAGE_DLL_CHARACTERISTICS_EX_CET_COMPAT (0x1)
.text
.globl start
start: ret
