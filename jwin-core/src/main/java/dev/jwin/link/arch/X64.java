package dev.jwin.link.arch;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;
import dev.jwin.coff.Machine;

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

  @Override public String apply(Bytes buf, long off, int type, long s, long p, long imageBase, int section,
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

  @Override public void writeImportThunk(Bytes buf, long thunkRva, long iatRva, long imageBase) {
    jmpIndirect(buf, iatRva - (thunkRva + 6));
  }

  /** {@code lea rax, [slot]; jmp tailMerge}. */
  private static final String DELAY_THUNK = "48 8d 05 00 00 00 00  e9 00 00 00 00";
  /**
   * Saves the argument registers (rcx, rdx, r8, r9, xmm0-3), calls {@code __delayLoadHelper2(rcx = descriptor,
   * rdx = slot)}, restores them and jumps to the resolved function (rax).
   */
  private static final String TAIL_MERGE = "51 52 41 50 41 51  48 83 ec 48"
      + " 66 0f 7f 04 24  66 0f 7f 4c 24 10  66 0f 7f 54 24 20  66 0f 7f 5c 24 30" // movdqa [rsp+16*i], xmm<i>
      + " 48 8b d0  48 8d 0d 00 00 00 00  e8 00 00 00 00" // mov rdx, rax; lea rcx, [descriptor]; call helper
      + " 66 0f 6f 04 24  66 0f 6f 4c 24 10  66 0f 6f 54 24 20  66 0f 6f 5c 24 30" // movdqa xmm<i>, [rsp+16*i]
      + " 48 83 c4 48  41 59 41 58 5a 59  ff e0"; // add rsp, 0x48; pop r9, r8, rdx, rcx; jmp rax

  @Override public int delayThunkSize() { return 12; }

  @Override public void writeDelayThunk(Bytes buf, long thunkRva, long slotRva, long tailMergeRva, long imageBase) {
    code(buf, DELAY_THUNK);
    Le.put32(buf, 3, slotRva - (thunkRva + 7));
    Le.put32(buf, 8, tailMergeRva - (thunkRva + 12));
  }

  @Override public int tailMergeSize() { return 83; }

  @Override public void writeTailMerge(Bytes buf, long rva, long descriptorRva, long helperRva, long imageBase) {
    code(buf, TAIL_MERGE);
    Le.put32(buf, 39, descriptorRva - (rva + 43));
    Le.put32(buf, 44, helperRva - (rva + 48));
  }
}
