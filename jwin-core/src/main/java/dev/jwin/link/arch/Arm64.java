package dev.jwin.link.arch;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;
import dev.jwin.coff.Machine;

/**
 * AArch64 (ARM64): PE32+, IMAGE_REL_ARM64_* relocations, whose addends live in the instruction
 * immediates, and the {@code adrp x16; ldr x16, [x16, :lo12:]; br x16} import thunk. {@code .pdata}
 * entries are 8 bytes (function start, packed or .xdata unwind information).
 */
final class Arm64 extends Arch {
  static final Arm64 INSTANCE = new Arm64();

  static final int ABSOLUTE = 0x0, ADDR32 = 0x1, ADDR32NB = 0x2, BRANCH26 = 0x3, PAGEBASE_REL21 = 0x4, REL21 = 0x5,
      PAGEOFFSET_12A = 0x6, PAGEOFFSET_12L = 0x7, SECREL = 0x8, SECREL_LOW12A = 0x9, SECREL_HIGH12A = 0xA,
      SECREL_LOW12L = 0xB, TOKEN = 0xC, SECTION = 0xD, ADDR64 = 0xE, BRANCH19 = 0xF, BRANCH14 = 0x10, REL32 = 0x11;

  private Arm64() { super(Machine.ARM64); }

  @Override public int pdataEntrySize() { return 8; }

  @Override public int relocWidth(int type) {
    return switch (type) {
      case ADDR64 -> 8;
      case SECTION -> 2;
      case ABSOLUTE -> 1;
      default -> 4;
    };
  }

  /** Only 64-bit addresses are rebased (as lld-link does: a 32-bit address in a 64-bit image is not). */
  @Override public int baseRelocType(int type) { return type == ADDR64 ? Coff.REL_BASED_DIR64 : -1; }

  @Override public int pseudoRelocBits(int type) {
    return switch (type) {
      case ADDR64 -> 64;
      case ADDR32, ADDR32NB, REL32 -> 32;
      default -> 0;
    };
  }

  @Override public String apply(Bytes buf, long off, int type, long s, long p, long imageBase, int section,
      long sectionRva, boolean code) {
    long secrel = s - sectionRva;
    if (sectionRva < 0 && (type == SECREL_LOW12A || type == SECREL_HIGH12A || type == SECREL_LOW12L)) return SECREL_ABSOLUTE;
    switch (type) {
      case ABSOLUTE -> {}
      case ADDR32 -> Le.add32(buf, off, s + imageBase);
      case ADDR32NB -> Le.add32(buf, off, s);
      case ADDR64 -> Le.add64(buf, off, s + imageBase);
      case REL32 -> Le.add32(buf, off, s - p - 4);
      case SECTION -> Le.add16(buf, off, section);
      case SECREL -> { return secrel(buf, off, s, sectionRva); }
      case PAGEBASE_REL21 -> adr(buf, off, s, p, 12);
      case REL21 -> adr(buf, off, s, p, 0);
      case PAGEOFFSET_12A -> addImm12(buf, off, s & 0xFFF, 0);
      case PAGEOFFSET_12L -> { return ldrImm12(buf, off, s & 0xFFF); }
      case SECREL_LOW12A -> addImm12(buf, off, secrel & 0xFFF, 0);
      case SECREL_HIGH12A -> {
        if ((secrel >> 12) > 0xFFF) return "overflow in SECREL_HIGH12A relocation";
        addImm12(buf, off, secrel >> 12, 0);
      }
      case SECREL_LOW12L -> { return ldrImm12(buf, off, secrel & 0xFFF); }
      case BRANCH26 -> { return branch(buf, off, s - p, 28, 0x03FFFFFF, 0); }
      case BRANCH19 -> { return branch(buf, off, s - p, 21, 0x7FFFF, 5); }
      case BRANCH14 -> { return branch(buf, off, s - p, 16, 0x3FFF, 5); }
      default -> { return "unsupported relocation type 0x" + Integer.toHexString(type); }
    }
    return null;
  }

  /** ADRP (page delta, {@code shift} 12) or ADR: a 21-bit immediate split into immlo (29..30) and immhi (5..23). */
  static void adr(Bytes buf, long off, long s, long p, int shift) {
    long insn = Le.u32(buf, off);
    long imm = ((insn >> 29) & 0x3) | ((insn >> 3) & 0x1FFFFC);
    imm = (imm << 43) >> 43; // sign-extend 21 bits: the addend
    long v = ((s + imm) >> shift) - (p >> shift);
    long mask = (0x3L << 29) | (0x1FFFFCL << 3);
    Le.put32(buf, off, (insn & ~mask) | ((v & 0x3) << 29) | ((v & 0x1FFFFC) << 3));
  }

  /** ADD's 12-bit immediate (bits 10..21), plus the addend already there; {@code scale} bits of it are dropped. */
  static void addImm12(Bytes buf, long off, long imm, int scale) {
    long insn = Le.u32(buf, off);
    imm += (insn >> 10) & 0xFFF;
    insn &= ~(0xFFFL << 10);
    Le.put32(buf, off, insn | ((imm & (0xFFF >> scale)) << 10));
  }

  /** LDR/STR's unsigned offset, scaled by the access size (bits 30..31; 16 bytes for a Q register). */
  static String ldrImm12(Bytes buf, long off, long imm) {
    long insn = Le.u32(buf, off);
    int size = (int) (insn >> 30);
    if ((insn & 0x4800000) == 0x4800000) size += 4;
    if ((imm & ((1L << size) - 1)) != 0) return "misaligned ldr/str offset";
    addImm12(buf, off, imm >> size, size);
    return null;
  }

  /** B/BL (26-bit), B.cond/CBZ (19-bit) and TBZ (14-bit) word offsets. */
  static String branch(Bytes buf, long off, long v, int bits, int mask, int shift) {
    if (v < -(1L << (bits - 1)) || v >= (1L << (bits - 1))) return "relocation out of range";
    if ((v & 3) != 0) return "misaligned branch target";
    Le.put32(buf, off, Le.u32(buf, off) | (((v >> 2) & mask) << shift));
    return null;
  }

  @Override public long branchReach(int type) {
    return switch (type) {
      case BRANCH26 -> 1L << 27;
      case BRANCH19 -> 1L << 20;
      case BRANCH14 -> 1L << 15;
      default -> 0;
    };
  }

  @Override public int rangeThunkSize() { return 12; }

  @Override public void writeRangeThunk(Bytes buf, long thunkRva, long targetRva) {
    Le.put32(buf, 0, 0x90000010L); // adrp x16, target page
    Le.put32(buf, 4, 0x91000210L); // add x16, x16, target offset in page
    Le.put32(buf, 8, 0xD61F0200L); // br x16
    adr(buf, 0, targetRva, thunkRva, 12);
    addImm12(buf, 4, targetRva & 0xFFF, 0);
  }

  @Override public int importThunkSize() { return 12; }

  @Override public int thunkAlignment() { return 4; }

  @Override public void writeImportThunk(Bytes buf, long thunkRva, long iatRva, long imageBase) {
    Le.put32(buf, 0, 0x90000010L); // adrp x16, IAT slot page
    Le.put32(buf, 4, 0xF9400210L); // ldr x16, [x16, IAT slot offset]
    Le.put32(buf, 8, 0xD61F0200L); // br x16
    adr(buf, 0, iatRva, thunkRva, 12);
    ldrImm12(buf, 4, iatRva & 0xFFF);
  }

  /** {@code adrp x17, slot; add x17, x17, :lo12:slot; b tailMerge}. */
  private static final String DELAY_THUNK = "11 00 00 90  31 02 00 91  00 00 00 14";
  /**
   * Saves x29/x30, the argument registers x0-x7 and q0-q7 in a 208-byte frame, calls
   * {@code __delayLoadHelper2(x0 = descriptor, x1 = slot)}, restores them and branches to the result.
   */
  private static final String TAIL_MERGE = "fd 7b b3 a9  fd 03 00 91" // stp x29, x30, [sp, #-208]!; mov x29, sp
      + " e0 07 01 a9  e2 0f 02 a9  e4 17 03 a9  e6 1f 04 a9" // stp x0..x7, [sp, #16..#64]
      + " e0 87 02 ad  e2 8f 03 ad  e4 97 04 ad  e6 9f 05 ad" // stp q0..q7, [sp, #80..#176]
      + " e1 03 11 aa  00 00 00 90  00 00 00 91  00 00 00 94" // mov x1, x17; adrp/add x0, descriptor; bl helper
      + " f0 03 00 aa" // mov x16, x0
      + " e6 9f 45 ad  e4 97 44 ad  e2 8f 43 ad  e0 87 42 ad" // ldp q6..q0
      + " e6 1f 44 a9  e4 17 43 a9  e2 0f 42 a9  e0 07 41 a9" // ldp x6..x0
      + " fd 7b cd a8  00 02 1f d6"; // ldp x29, x30, [sp], #208; br x16

  @Override public int delayThunkSize() { return 12; }

  @Override public int delayThunkAlignment() { return 4; }

  @Override public void writeDelayThunk(Bytes buf, long thunkRva, long slotRva, long tailMergeRva, long imageBase) {
    code(buf, DELAY_THUNK);
    adr(buf, 0, slotRva, thunkRva, 12);
    addImm12(buf, 4, slotRva & 0xFFF, 0);
    branch(buf, 8, tailMergeRva - (thunkRva + 8), 28, 0x3FFFFFF, 0);
  }

  @Override public int tailMergeSize() { return 100; }

  @Override public void writeTailMerge(Bytes buf, long rva, long descriptorRva, long helperRva, long imageBase) {
    code(buf, TAIL_MERGE);
    adr(buf, 44, descriptorRva, rva + 44, 12);
    addImm12(buf, 48, descriptorRva & 0xFFF, 0);
    branch(buf, 52, helperRva - (rva + 52), 28, 0x3FFFFFF, 0);
  }
}
