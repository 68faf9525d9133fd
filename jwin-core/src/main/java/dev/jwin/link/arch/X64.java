package dev.jwin.link.arch;

import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;
import dev.jwin.coff.Machine;

import java.lang.foreign.MemorySegment;

/** x86-64 (AMD64): PE32+, IMAGE_REL_AMD64_* relocations, {@code jmp *IAT(%rip)} import thunks. */
final class X64 extends Arch {
  static final X64 INSTANCE = new X64();

  private X64() { super(Machine.AMD64); }

  @Override public int pdataEntrySize() { return 12; }

  @Override public int relocWidth(int type) {
    return switch (type) {
      case Coff.REL_AMD64_ADDR64 -> 8;
      case Coff.REL_AMD64_SECTION -> 2;
      case Coff.REL_AMD64_SECREL7, Coff.REL_AMD64_ABSOLUTE -> 1;
      default -> 4;
    };
  }

  @Override public int baseRelocType(int type) {
    return switch (type) {
      case Coff.REL_AMD64_ADDR64 -> Coff.REL_BASED_DIR64;
      case Coff.REL_AMD64_ADDR32 -> Coff.REL_BASED_HIGHLOW;
      default -> -1;
    };
  }

  @Override public int pseudoRelocBits(int type) {
    return switch (type) {
      case Coff.REL_AMD64_ADDR64 -> 64;
      case Coff.REL_AMD64_ADDR32, Coff.REL_AMD64_ADDR32NB, 4, 5, 6, 7, 8, 9 -> 32;
      default -> 0;
    };
  }

  @Override public String apply(MemorySegment buf, long off, int type, long s, long p, long imageBase, int section,
      long sectionRva, boolean code) {
    switch (type) {
      case Coff.REL_AMD64_ABSOLUTE -> {}
      case Coff.REL_AMD64_ADDR64 -> Le.add64(buf, off, s + imageBase);
      case Coff.REL_AMD64_ADDR32 -> Le.add32(buf, off, s + imageBase);
      case Coff.REL_AMD64_ADDR32NB -> Le.add32(buf, off, s);
      // REL32 and REL32_1..REL32_5: the displacement is taken from the end of the instruction.
      case 4, 5, 6, 7, 8, 9 -> Le.add32(buf, off, s - p - 4 - (type - Coff.REL_AMD64_REL32));
      case Coff.REL_AMD64_SECTION -> Le.add16(buf, off, section);
      case Coff.REL_AMD64_SECREL -> { return secrel(buf, off, s, sectionRva); }
      case Coff.REL_AMD64_SECREL7 -> secrel7(buf, off, s, sectionRva);
      default -> { return "unsupported relocation type 0x" + Integer.toHexString(type); }
    }
    return null;
  }

  /** Branch targets 16-byte aligned, as the Intel optimization manual asks and lld-link and link.exe do. */
  @Override public int thunkAlignment() { return 16; }

  @Override public int importThunkSize() { return 6; }

  @Override public void writeImportThunk(MemorySegment buf, long thunkRva, long iatRva, long imageBase) {
    jmpIndirect(buf, iatRva - (thunkRva + 6));
  }
}
