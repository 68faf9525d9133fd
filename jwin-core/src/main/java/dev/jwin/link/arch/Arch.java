package dev.jwin.link.arch;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;
import dev.jwin.coff.Machine;

/**
 * What the linker does differently per machine: relocation widths and application, base-relocation
 * types, import thunks, pointer and {@code .pdata} entry sizes, mingw pseudo-relocation widths. One
 * subclass per machine; everything else in the linker is machine-independent.
 */
public abstract class Arch {
  public final Machine machine;

  Arch(Machine machine) { this.machine = machine; }

  public static Arch of(Machine m) {
    return switch (m) {
      case AMD64 -> X64.INSTANCE;
      case I386 -> X86.INSTANCE;
      case ARM64 -> Arm64.INSTANCE;
      case ARMNT -> ArmNt.INSTANCE;
    };
  }

  public final int pointerSize() { return machine.pointerSize; }

  /** The base relocation for a pointer-sized absolute address (DIR64 or HIGHLOW). */
  public final int pointerBaseReloc() { return machine.is64Bit() ? Coff.REL_BASED_DIR64 : Coff.REL_BASED_HIGHLOW; }

  /** The flag bit of an import lookup entry that imports by ordinal. */
  public final long ordinalFlag() { return 1L << (8 * pointerSize() - 1); }

  /** Stores a pointer-sized value. */
  public final void putPointer(Bytes buf, long off, long v) {
    if (machine.is64Bit()) Le.put64(buf, off, v);
    else Le.put32(buf, off, v);
  }

  /** Bytes per {@code .pdata} entry (0: no exception table to sort, as on x86). */
  public abstract int pdataEntrySize();

  /** Bytes of the section a relocation of this type reads and writes. */
  public abstract int relocWidth(int type);

  /** The base relocation an absolute relocation of this type needs, or -1. */
  public abstract int baseRelocType(int type);

  /**
   * {@link #relocWidth} and {@link #baseRelocType} of types 0 to 31, as tables (passes over every relocation read
   * them): made on first use, the machine's methods being overridden.
   */
  public final int[] relocWidths() {
    int[] t = widths;
    if (t == null) widths = t = table(true);
    return t;
  }

  /** See {@link #relocWidths}. */
  public final int[] baseRelocTypes() {
    int[] t = baseTypes;
    if (t == null) baseTypes = t = table(false);
    return t;
  }

  private int[] table(boolean widths) {
    int[] t = new int[TABLE_TYPES];
    for (int type = 0; type < t.length; type++) t[type] = widths ? relocWidth(type) : baseRelocType(type);
    return t;
  }

  private static final int TABLE_TYPES = 32;
  private volatile int[] widths, baseTypes;

  /** Width in bits of a mingw runtime pseudo relocation for this type, or 0 if it cannot have one. */
  public abstract int pseudoRelocBits(int type);

  /**
   * Applies relocation {@code type} at {@code off} of {@code buf}: {@code s} is the target's RVA, {@code p}
   * the RVA of the place, {@code section} the target's output section index and {@code sectionRva} its
   * RVA (negative for an absolute target), {@code code} whether that section is executable. Returns null,
   * or what is wrong (e.g. out of range).
   */
  public abstract String apply(Bytes buf, long off, int type, long s, long p, long imageBase, int section,
      long sectionRva, boolean code);

  /** Set in every address of code (the Thumb bit on ARMv7), e.g. the entry point and exported functions. */
  public long codeAddressBit() { return 0; }

  /**
   * How far (bytes either way) a branch of this relocation type reaches when a range-extension thunk
   * can stand in for a target beyond it; 0 for every other type.
   */
  public long branchReach(int type) { return 0; }

  public int rangeThunkSize() { return 0; }

  /** A thunk that jumps anywhere: what an out-of-reach branch goes through instead. */
  public void writeRangeThunk(Bytes buf, long thunkRva, long targetRva) {
    throw new UnsupportedOperationException(machine.linkName + " has no range-extension thunks");
  }

  public abstract int importThunkSize();

  /** Alignment of the linker's thunks (import and range-extension). */
  public int thunkAlignment() { return 2; }

  /** Writes the thunk a direct call to an imported function lands on: a jump through its IAT slot. */
  public abstract void writeImportThunk(Bytes buf, long thunkRva, long iatRva, long imageBase);

  /** The base relocation in the import thunk (-1 when it is position-independent) and its offset. */
  public int importThunkBaseReloc() { return -1; }

  public int importThunkBaseRelocOffset() { return 0; }

  /**
   * Delay-load code (spec 4.8, as lld-link writes it): per imported function a load thunk that puts the address
   * of its delay IAT slot where the DLL's tail-merge code expects it and jumps there; the tail merge saves the
   * argument registers, calls {@code __delayLoadHelper2(descriptor, slot)} and jumps to the address it returns.
   */
  public abstract int delayThunkSize();

  /** Alignment of the load thunks and tail-merge code. */
  public int delayThunkAlignment() { return 1; }

  public abstract void writeDelayThunk(Bytes buf, long thunkRva, long slotRva, long tailMergeRva, long imageBase);

  public abstract int tailMergeSize();

  public abstract void writeTailMerge(Bytes buf, long rva, long descriptorRva, long helperRva, long imageBase);

  /** Offset of the absolute address in the load thunk needing a base relocation ({@link #delayBaseReloc}), or -1. */
  public int delayThunkBaseRelocOffset() { return -1; }

  /** The same for the tail-merge code. */
  public int tailMergeBaseRelocOffset() { return -1; }

  /** The base relocation type of those addresses (an instruction pair on ARMv7). */
  public int delayBaseReloc() { return pointerBaseReloc(); }

  /** The C name of the runtime's delay-load helper as a symbol of this machine. */
  public String delayLoadHelper() { return "__delayLoadHelper2"; }

  /** A symbol named {@code name} in C is {@code _name} on x86. */
  public String mangle(String name) { return name; }

  // Shared helpers.

  /** x86's {@code jmp *operand} ({@code FF 25}): RIP-relative on x86-64, absolute on i386. */
  static void jmpIndirect(Bytes buf, long operand) {
    Le.put8(buf, 0, 0xFF);
    Le.put8(buf, 1, 0x25);
    Le.put32(buf, 2, operand);
  }

  /** lld-link's words for a section-relative relocation whose target has no section. */
  static final String SECREL_ABSOLUTE = "SECREL relocation cannot be applied to absolute symbols";

  /** Copies machine code written as hex bytes ("48 8d 05 ...") to the start of {@code buf}. */
  static void code(Bytes buf, String hex) {
    String[] b = hex.trim().split("\\s+");
    for (int i = 0; i < b.length; i++) Le.put8(buf, i, Integer.parseInt(b[i], 16));
  }

  static String secrel(Bytes buf, long off, long s, long sectionRva) {
    if (sectionRva < 0) return SECREL_ABSOLUTE;
    Le.add32(buf, off, s - sectionRva);
    return null;
  }

  static void secrel7(Bytes buf, long off, long s, long sectionRva) {
    long v = sectionRva < 0 ? 0 : s - sectionRva;
    int b = Le.u8(buf, off);
    Le.put8(buf, off, (b & 0x80) | (int) ((b + v) & 0x7f));
  }
}
