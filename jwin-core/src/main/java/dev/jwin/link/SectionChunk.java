package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.CoffObject;
import dev.jwin.coff.Le;

import java.util.ArrayList;
import java.util.List;

/** An input section: a view of the object's bytes, relocated while it is copied out. */
public final class SectionChunk extends Chunk {
  final ObjectFile file;
  /** 0-based index in the object's section table. */
  final int index;
  /** A usual name outside a COMDAT is set when the chunk is made; others are decoded when {@link #name()} asks. */
  private String name;
  final int characteristics;
  final long size;
  /** Where the section's bytes start in the object, or -1 if it has none (uninitialized data, or an empty section). */
  private final int dataStart;
  /**
   * A COMDAT section whose name starts with a standard section's and a {@code $} ({@code .text$foo}): 1 + that
   * section's index in {@link #STANDARD_SECTIONS}; else 0. Found while the header is at hand, for {@link Writer}.
   */
  final byte standardHead;
  /** COMDAT selection of this section (0 if not COMDAT; 1 to 6 otherwise). A byte: a link has millions of sections. */
  byte selection;
  /** The COMDAT leader symbol, if any. */
  Symbol leader;
  List<SectionChunk> assocChildren = List.of();
  boolean discarded;
  /** Marked by -OPT:REF; cleared again when identical code folding drops the section. */
  boolean marked = true;
  /** COMDAT checksum from the section definition (compared by identical code folding). */
  int checksum;
  /** Index among the sections identical code folding considers, or -1. */
  int icfIndex = -1;
  final boolean isDebug;

  /**
   * {@code isDebug}: whether the name starts with ".debug"; {@code span}: where the name is
   * ({@link CoffObject#sectionNameSpan}). The caller has looked at the name already.
   */
  SectionChunk(ObjectFile file, int index, int characteristics, boolean isDebug, long span) {
    this.file = file;
    this.index = index;
    this.characteristics = characteristics;
    CoffObject c = file.coff;
    this.size = c.sizeOfRawData(index);
    // Kept here, where the header is being read: written out much later, the chunk need not read it again.
    long at = c.pointerToRawData(index);
    this.dataStart = (characteristics & Coff.SCN_CNT_UNINITIALIZED_DATA) != 0 || at == 0 || size == 0 ? -1 : (int) at;
    if ((characteristics & Coff.SCN_LNK_COMDAT) != 0) {
      this.standardHead = standardHead(c, span);
    } else {
      this.standardHead = 0;
      // Every section outside a COMDAT goes in an output section by name: a usual one is known here, in the parallel
      // read, while the header is at hand (others are decoded when asked, as COMDATs' are).
      name = c.commonName(span);
    }
    int alignBits = (characteristics & Coff.SCN_ALIGN_MASK) >>> 20;
    this.alignment = alignBits == 0 ? 16 : 1 << (alignBits - 1);
    this.isDebug = isDebug;
  }

  /** The sections whose COMDAT parts mingw keeps in input order ({@link #standardHead}). */
  static final String[] STANDARD_SECTIONS = {".text", ".data", ".rdata", ".pdata", ".xdata", ".eh_frame"};
  /** {@link #STANDARD_SECTIONS} followed by the {@code $} that starts a COMDAT suffix. */
  private static final String[] STANDARD_HEADS = new String[STANDARD_SECTIONS.length];

  static {
    for (int k = 0; k < STANDARD_SECTIONS.length; k++) STANDARD_HEADS[k] = STANDARD_SECTIONS[k] + "$";
  }

  private static byte standardHead(CoffObject coff, long span) {
    for (int k = 0; k < STANDARD_HEADS.length; k++) if (coff.nameStartsWith(span, STANDARD_HEADS[k])) return (byte) (k + 1);
    return 0;
  }

  /** The name in the object's section table ({@code .text$mn}). */
  String name() {
    String n = name;
    if (n == null) name = n = file.coff.sectionName(index);
    return n;
  }

  /** The section's bytes in the object (empty for uninitialized data): a view, made on each call. */
  Bytes contents() { return dataStart < 0 ? Bytes.EMPTY : file.coff.data.asSlice(dataStart, size); }

  boolean isComdat() { return (characteristics & Coff.SCN_LNK_COMDAT) != 0; }

  void addAssocChild(SectionChunk child) {
    if (assocChildren.isEmpty()) assocChildren = new ArrayList<>(2); // a function's .pdata and .xdata, mostly
    assocChildren.add(child);
  }

  void discard() {
    if (discarded) return;
    discarded = true;
    for (int i = 0, n = assocChildren.size(); i < n; i++) assocChildren.get(i).discard();
  }

  @Override boolean isLive() { return !discarded && marked; }

  @Override long size() { return size; }

  @Override boolean hasData() { return (characteristics & Coff.SCN_CNT_UNINITIALIZED_DATA) == 0; }

  @Override String sectionName() { return name(); }

  @Override int outputCharacteristics() { return characteristics & Coff.SCN_OUTPUT_MASK; }

  /**
   * The relocation table, read in place: {@link #relocCount} records of {@link CoffObject#RELOCATION_SIZE} bytes (offset
   * in the section, symbol index, type) from {@link #relocStart} in {@link #relocData}, the object's bytes. Each was
   * checked when the object was read (see {@code ObjectFile.readRelocations}).
   */
  Bytes relocData = Bytes.EMPTY;
  int relocStart, relocCount;
  /** The relocation types present: bit t for type t below 31, bit 31 for any higher type (see {@link #typeBit}). */
  int relocTypes;

  static int typeBit(int type) { return 1 << Math.min(type, 31); }

  int relocCount() { return relocCount; }

  private long reloc(int j) { return relocStart + (long) CoffObject.RELOCATION_SIZE * j; }

  /** Offset of relocation {@code j} within this section. */
  long relocOffsetInSection(int j) { return CoffObject.relocVirtualAddress(relocData, reloc(j)); }

  int relocSymbol(int j) { return CoffObject.relocSymbol(relocData, reloc(j)); }

  int relocType(int j) { return CoffObject.relocType(relocData, reloc(j)); }

  /** The symbol relocation {@code j} refers to (null for symbols the linker does not model). */
  Symbol relocTarget(int j) { return file.symbols[relocSymbol(j)]; }

  /** The same relocations as {@code other}'s (a copy of the same input section). */
  void shareRelocations(SectionChunk other) {
    relocData = other.relocData;
    relocStart = other.relocStart;
    relocCount = other.relocCount;
    relocTypes = other.relocTypes;
  }

  /** Points relocation {@code j} at symbol {@code index} of the object: in a copy of the table, the input unchanged. */
  void retarget(int j, int index) {
    byte[] table = Le.copy(relocData, relocStart, relocCount * CoffObject.RELOCATION_SIZE);
    relocData = Bytes.of(table);
    relocStart = 0;
    Le.put32(relocData, reloc(j) + 4, index);
  }

  @Override void writeTo(Bytes buf, Image img) { writeAt(buf, 0, img); }

  /**
   * {@link #writeTo} at {@code at} of the whole image: no view of either side is made for it (a link writes millions
   * of sections, and each view is an object that lives to the end of the link's short-lived JVM).
   */
  void writeAt(Bytes image, long at, Image img) {
    if (!hasData()) return;
    if (dataStart >= 0) Bytes.copy(file.coff.data, dataStart, image, at, size);
    Relocator.apply(this, image, at, img);
  }

  /** Called only for sections with a relocation of a type that may need one ({@link Layout#baseRelocCandidates}). */
  @Override void collectBaseRelocs(BaseRelocs out, Image img) {
    // The loop reads what it shares once (see Relocator.apply).
    Bytes table = relocData;
    Symbol[] symbols = file.symbols;
    dev.jwin.link.arch.Arch arch = img.arch;
    int[] baseTypeOf = img.baseRelocTypeOf;
    long at = relocStart, base = rva;
    for (int j = 0, n = relocCount; j < n; j++, at += CoffObject.RELOCATION_SIZE) {
      int type = CoffObject.relocType(table, at);
      int baseType = type < baseTypeOf.length ? baseTypeOf[type] : arch.baseRelocType(type);
      if (baseType < 0) continue;
      Symbol s = symbols[CoffObject.relocSymbol(table, at)];
      if (s == null || s.kind == Symbol.Kind.ABSOLUTE) continue;
      out.add(base + CoffObject.relocVirtualAddress(table, at), baseType);
    }
  }

  @Override public String toString() { return file.name + ":(" + name + ")"; }
}
