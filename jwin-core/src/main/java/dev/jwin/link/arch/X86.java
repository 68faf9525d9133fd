package dev.jwin.link.arch;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;
import dev.jwin.coff.Machine;

/** i386: PE32, IMAGE_REL_I386_* relocations, {@code jmp *IAT} import thunks (absolute, so relocated). */
final class X86 extends Arch {
  static final X86 INSTANCE = new X86();

  private X86() { super(Machine.I386); }

  @Override public int pdataEntrySize() { return 0; }

  @Override public int relocWidth(int type) {
    return switch (type) {
      case Coff.REL_I386_ABSOLUTE, Coff.REL_I386_SECREL7 -> 1;
      case Coff.REL_I386_DIR16, Coff.REL_I386_REL16, Coff.REL_I386_SECTION, Coff.REL_I386_SEG12 -> 2;
      default -> 4;
    };
  }

  @Override public int baseRelocType(int type) {
    return type == Coff.REL_I386_DIR32 ? Coff.REL_BASED_HIGHLOW : -1;
  }

  @Override public int pseudoRelocBits(int type) {
    return switch (type) {
      case Coff.REL_I386_DIR32, Coff.REL_I386_DIR32NB, Coff.REL_I386_REL32 -> 32;
      default -> 0;
    };
  }

  @Override public String apply(Bytes buf, long off, int type, long s, long p, long imageBase, int section,
      long sectionRva, boolean code) {
    switch (type) {
      case Coff.REL_I386_ABSOLUTE -> {}
      case Coff.REL_I386_DIR32 -> Le.add32(buf, off, s + imageBase);
      case Coff.REL_I386_DIR32NB -> Le.add32(buf, off, s);
      case Coff.REL_I386_REL32 -> Le.add32(buf, off, s - p - 4);
      case Coff.REL_I386_DIR16 -> {
        long v = Le.u16(buf, off) + s + imageBase;
        if (v > 0xFFFF) return "relocation out of range";
        Le.put16(buf, off, (int) v);
      }
      case Coff.REL_I386_REL16 -> {
        long v = (short) Le.u16(buf, off) + s - p - 2;
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) return "relocation out of range";
        Le.put16(buf, off, (int) v);
      }
      case Coff.REL_I386_SECTION -> Le.add16(buf, off, section);
      case Coff.REL_I386_SECREL -> { return secrel(buf, off, s, sectionRva); }
      case Coff.REL_I386_SECREL7 -> secrel7(buf, off, s, sectionRva);
      default -> { return "unsupported relocation type 0x" + Integer.toHexString(type); }
    }
    return null;
  }

  @Override public int importThunkSize() { return 6; }

  @Override public void writeImportThunk(Bytes buf, long thunkRva, long iatRva, long imageBase) {
    jmpIndirect(buf, iatRva + imageBase);
  }

  @Override public int importThunkBaseReloc() { return Coff.REL_BASED_HIGHLOW; }

  @Override public int importThunkBaseRelocOffset() { return 2; }

  @Override public String mangle(String name) { return "_" + name; }

  /** {@code mov eax, offset slot; jmp tailMerge}. */
  private static final String DELAY_THUNK = "b8 00 00 00 00  e9 00 00 00 00";
  /** {@code push ecx; push edx; push eax; push offset descriptor; call ___delayLoadHelper2@8; pop edx; pop ecx; jmp eax}. */
  private static final String TAIL_MERGE = "51 52 50  68 00 00 00 00  e8 00 00 00 00  5a 59  ff e0";

  @Override public int delayThunkSize() { return 10; }

  @Override public void writeDelayThunk(Bytes buf, long thunkRva, long slotRva, long tailMergeRva, long imageBase) {
    code(buf, DELAY_THUNK);
    Le.put32(buf, 1, slotRva + imageBase);
    Le.put32(buf, 6, tailMergeRva - (thunkRva + 10));
  }

  @Override public int delayThunkBaseRelocOffset() { return 1; }

  @Override public int tailMergeSize() { return 17; }

  @Override public void writeTailMerge(Bytes buf, long rva, long descriptorRva, long helperRva, long imageBase) {
    code(buf, TAIL_MERGE);
    Le.put32(buf, 4, descriptorRva + imageBase);
    Le.put32(buf, 9, helperRva - (rva + 13));
  }

  @Override public int tailMergeBaseRelocOffset() { return 4; }

  /** stdcall with two arguments, as mingw-w64's runtime defines it. */
  @Override public String delayLoadHelper() { return "___delayLoadHelper2@8"; }
}
