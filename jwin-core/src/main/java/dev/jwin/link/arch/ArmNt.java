package dev.jwin.link.arch;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;
import dev.jwin.coff.Machine;

/**
 * ARMv7 (ARMNT, Thumb-2): PE32, IMAGE_REL_ARM_* relocations, addresses of code with the Thumb bit set,
 * the {@code movw/movt ip; ldr.w pc, [ip]} import thunk (relocated by ARM_MOV32T base relocations)
 * and range-extension thunks for Thumb branches. Windows requires ASLR on ARM.
 */
final class ArmNt extends Arch {
  static final ArmNt INSTANCE = new ArmNt();

  static final int ABSOLUTE = 0x0, ADDR32 = 0x1, ADDR32NB = 0x2, REL32 = 0xA, SECTION = 0xE, SECREL = 0xF,
      MOV32T = 0x11, BRANCH20T = 0x12, BRANCH24T = 0x14, BLX23T = 0x15;
  /** IMAGE_REL_BASED_THUMB_MOV32. */
  static final int REL_BASED_ARM_MOV32T = 7;

  private ArmNt() { super(Machine.ARMNT); }

  @Override public int pdataEntrySize() { return 8; }

  @Override public long codeAddressBit() { return 1; }

  @Override public int relocWidth(int type) {
    return switch (type) {
      case MOV32T -> 8;
      case SECTION -> 2;
      case ABSOLUTE -> 1;
      default -> 4;
    };
  }

  @Override public int baseRelocType(int type) {
    return switch (type) {
      case ADDR32 -> Coff.REL_BASED_HIGHLOW;
      case MOV32T -> REL_BASED_ARM_MOV32T;
      default -> -1;
    };
  }

  @Override public int pseudoRelocBits(int type) { return type == ADDR32 ? 32 : 0; }

  @Override public String apply(Bytes buf, long off, int type, long s, long p, long imageBase, int section,
      long sectionRva, boolean code) {
    long sx = code ? s | 1 : s; // a pointer to Thumb code has its low bit set
    switch (type) {
      case ABSOLUTE -> {}
      case ADDR32 -> Le.add32(buf, off, sx + imageBase);
      case ADDR32NB -> Le.add32(buf, off, sx);
      case REL32 -> Le.add32(buf, off, sx - p - 4);
      case SECTION -> Le.add16(buf, off, section);
      case SECREL -> { return secrel(buf, off, s, sectionRva); }
      case MOV32T -> { return mov32t(buf, off, sx + imageBase); }
      case BRANCH20T -> { return branch20t(buf, off, sx - p - 4); }
      case BRANCH24T, BLX23T -> { return branch24t(buf, off, sx - p - 4); }
      default -> { return "unsupported relocation type 0x" + Integer.toHexString(type); }
    }
    return null;
  }

  /** The 16-bit immediate of a Thumb-2 MOVW ({@code movt} false) or MOVT, or -1 if it is not one. */
  private static int readMov(Bytes buf, long off, boolean movt) {
    int op1 = Le.u16(buf, off), op2 = Le.u16(buf, off + 2);
    if ((op1 & 0xFBF0) != (movt ? 0xF2C0 : 0xF240) || (op2 & 0x8000) != 0) return -1;
    return (op2 & 0xFF) | ((op2 >> 4) & 0x700) | ((op1 << 1) & 0x800) | ((op1 & 0xF) << 12);
  }

  private static void writeMov(Bytes buf, long off, int v) {
    Le.put16(buf, off, (Le.u16(buf, off) & 0xFBF0) | ((v & 0x800) >> 1) | ((v >> 12) & 0xF));
    Le.put16(buf, off + 2, (Le.u16(buf, off + 2) & 0x8F00) | ((v & 0x700) << 4) | (v & 0xFF));
  }

  /** A MOVW/MOVT pair loading a 32-bit value; the pair's immediates are the addend. */
  static String mov32t(Bytes buf, long off, long v) {
    int lo = readMov(buf, off, false), hi = readMov(buf, off + 4, true);
    if (lo < 0 || hi < 0) return "MOV32T relocation not on a movw/movt pair";
    long value = v + (lo | ((long) hi << 16));
    writeMov(buf, off, (int) (value & 0xFFFF));
    writeMov(buf, off + 4, (int) ((value >>> 16) & 0xFFFF));
    return null;
  }

  /** B.cond.W: a 21-bit halfword offset. */
  private static String branch20t(Bytes buf, long off, long v) {
    if (v < -(1L << 20) || v >= (1L << 20)) return "relocation out of range";
    int s = v < 0 ? 1 : 0;
    long j1 = (v >> 19) & 1, j2 = (v >> 18) & 1;
    Le.put16(buf, off, Le.u16(buf, off) | (s << 10) | (int) ((v >> 12) & 0x3F));
    Le.put16(buf, off + 2, Le.u16(buf, off + 2) | (int) ((j1 << 13) | (j2 << 11) | ((v >> 1) & 0x7FF)));
    return null;
  }

  /** B.W, BL and BLX: a 25-bit halfword offset with the J1/J2 bits derived from the sign. */
  private static String branch24t(Bytes buf, long off, long v) {
    if (v < -(1L << 24) || v >= (1L << 24)) return "relocation out of range";
    int s = v < 0 ? 1 : 0;
    long j1 = ((~v >> 23) & 1) ^ s, j2 = ((~v >> 22) & 1) ^ s;
    Le.put16(buf, off, Le.u16(buf, off) | (s << 10) | (int) ((v >> 12) & 0x3FF));
    Le.put16(buf, off + 2, (Le.u16(buf, off + 2) & 0xD000) | (int) ((j1 << 13) | (j2 << 11) | ((v >> 1) & 0x7FF)));
    return null;
  }

  @Override public long branchReach(int type) {
    return switch (type) {
      case BRANCH20T -> 1L << 20;
      case BRANCH24T, BLX23T -> 1L << 24;
      default -> 0;
    };
  }

  @Override public int rangeThunkSize() { return 10; }

  @Override public void writeRangeThunk(Bytes buf, long thunkRva, long targetRva) {
    Le.put32(buf, 0, 0x0C00F240L); // movw ip, offset low
    Le.put32(buf, 4, 0x0C00F2C0L); // movt ip, offset high
    Le.put16(buf, 8, 0x44E7); // add pc, ip
    mov32t(buf, 0, (targetRva - thunkRva - 12) & 0xFFFFFFFFL);
  }

  @Override public int importThunkSize() { return 12; }

  @Override public void writeImportThunk(Bytes buf, long thunkRva, long iatRva, long imageBase) {
    Le.put32(buf, 0, 0x0C00F240L); // movw ip, IAT slot low
    Le.put32(buf, 4, 0x0C00F2C0L); // movt ip, IAT slot high
    Le.put32(buf, 8, 0xF000F8DCL); // ldr.w pc, [ip]
    mov32t(buf, 0, iatRva + imageBase);
  }

  @Override public int importThunkBaseReloc() { return REL_BASED_ARM_MOV32T; }

  /** {@code movw/movt ip, slot; b.w tailMerge}. */
  private static final String DELAY_THUNK = "40 f2 00 0c  c0 f2 00 0c  00 f0 00 b8";
  /**
   * Saves r0-r3, r11, lr and d0-d7, calls {@code __delayLoadHelper2(r0 = descriptor, r1 = slot)}, restores them
   * and branches to the result.
   */
  private static final String TAIL_MERGE = "2d e9 0f 48  0d f2 10 0b  2d ed 10 0b" // push.w; addw r11, sp, #16; vpush
      + " 61 46  40 f2 00 00  c0 f2 00 00  00 f0 00 d0" // mov r1, ip; movw/movt r0, descriptor; bl helper
      + " 84 46  bd ec 10 0b  bd e8 0f 48  60 47"; // mov ip, r0; vpop; pop.w; bx ip

  @Override public int delayThunkSize() { return 12; }

  @Override public int delayThunkAlignment() { return 2; }

  @Override public void writeDelayThunk(Bytes buf, long thunkRva, long slotRva, long tailMergeRva, long imageBase) {
    codeWithMovAndBranch(buf, DELAY_THUNK, 0, slotRva + imageBase, 8, tailMergeRva - (thunkRva + 12));
  }

  @Override public int delayThunkBaseRelocOffset() { return 0; }

  @Override public int tailMergeSize() { return 38; }

  @Override public void writeTailMerge(Bytes buf, long rva, long descriptorRva, long helperRva, long imageBase) {
    codeWithMovAndBranch(buf, TAIL_MERGE, 14, descriptorRva + imageBase, 22, helperRva - (rva + 26));
  }

  /** {@code hex} code whose movw/movt pair at {@code mov} loads {@code value} and whose branch at {@code b} goes {@code v}. */
  private static void codeWithMovAndBranch(Bytes buf, String hex, int mov, long value, int b, long v) {
    code(buf, hex);
    mov32t(buf, mov, value);
    branch24t(buf, b, v);
  }

  @Override public int tailMergeBaseRelocOffset() { return 14; }

  @Override public int delayBaseReloc() { return REL_BASED_ARM_MOV32T; }
}
