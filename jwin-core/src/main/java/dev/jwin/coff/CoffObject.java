package dev.jwin.coff;

import java.lang.foreign.MemorySegment;

/**
 * A read-only view of a COFF object (regular or bigobj header). Nothing is decoded up front except
 * the header; every accessor reads the mapped bytes. {@link #parse} validates every table's bounds so
 * that later accessors cannot run past the end of the file.
 */
public final class CoffObject {
  public static final int SECTION_HEADER_SIZE = 40;
  public static final int RELOCATION_SIZE = 10;
  static final MemorySegment EMPTY = MemorySegment.ofArray(new byte[0]);

  public final String path;
  public final MemorySegment data;
  public final boolean bigobj;
  public final int machine;
  public final int numberOfSections;
  public final long pointerToSymbolTable;
  public final int numberOfSymbols;
  /** 18 bytes for regular objects, 20 for bigobj. */
  public final int symbolSize;
  private final long sectionTable;
  private final long stringTable;
  private final long stringTableSize;

  private CoffObject(String path, MemorySegment data, boolean bigobj, int machine, int numberOfSections,
                     long pointerToSymbolTable, int numberOfSymbols, long sectionTable, long stringTable,
                     long stringTableSize) {
    this.path = path;
    this.data = data;
    this.bigobj = bigobj;
    this.machine = machine;
    this.numberOfSections = numberOfSections;
    this.pointerToSymbolTable = pointerToSymbolTable;
    this.numberOfSymbols = numberOfSymbols;
    this.symbolSize = bigobj ? 20 : 18;
    this.sectionTable = sectionTable;
    this.stringTable = stringTable;
    this.stringTableSize = stringTableSize;
  }

  public static CoffObject parse(String path, MemorySegment s) {
    long size = s.byteSize();
    boolean big = FileKind.identify(s) == FileKind.BIGOBJ;
    int machine, nsec, nsym;
    long symtab, sectab;
    if (big) {
      if (size < 56) throw new CorruptInputException(path, "truncated bigobj header (" + size + " bytes)");
      machine = Le.u16(s, 6);
      nsec = Le.i32(s, 44);
      symtab = Le.u32(s, 48);
      nsym = Le.i32(s, 52);
      sectab = 56;
    } else {
      if (size < 20) throw new CorruptInputException(path, "truncated COFF header (" + size + " bytes)");
      machine = Le.u16(s, 0);
      nsec = Le.u16(s, 2);
      symtab = Le.u32(s, 8);
      nsym = Le.i32(s, 12);
      sectab = 20 + Le.u16(s, 16);
    }
    if (nsec < 0 || nsym < 0) throw new CorruptInputException(path, "negative section or symbol count");
    if (sectab + (long) nsec * SECTION_HEADER_SIZE > size)
      throw new CorruptInputException(path, "section table (" + nsec + " sections) extends past the end of the file");
    int symSize = big ? 20 : 18;
    long strtab = 0, strsize = 0;
    if (nsym > 0 || symtab != 0) {
      long end = symtab + (long) nsym * symSize;
      if (symtab > size || end > size)
        throw new CorruptInputException(path, "symbol table (" + nsym + " symbols at offset " + symtab + ") extends past the end of the file");
      strtab = end;
      if (end + 4 <= size) {
        strsize = Le.u32(s, end);
        if (strsize < 4) strsize = 4;
        if (end + strsize > size)
          throw new CorruptInputException(path, "string table (" + strsize + " bytes) extends past the end of the file");
      } else {
        strsize = 0;
      }
    }
    CoffObject o = new CoffObject(path, s, big, machine, nsec, symtab, nsym, sectab, strtab, strsize);
    for (int i = 0; i < nsec; i++) o.checkSection(i);
    return o;
  }

  private void checkSection(int i) {
    long size = data.byteSize();
    long raw = sizeOfRawData(i), ptr = pointerToRawData(i);
    if (raw != 0 && ptr != 0 && (characteristics(i) & Coff.SCN_CNT_UNINITIALIZED_DATA) == 0 && ptr + raw > size)
      throw new CorruptInputException(path, "section " + (i + 1) + " (" + sectionName(i) + ") data extends past the end of the file");
    long nrel = numberOfRelocations(i);
    if (nrel > 0 && pointerToRelocations(i) + nrel * RELOCATION_SIZE > size)
      throw new CorruptInputException(path, "relocations of section " + (i + 1) + " (" + sectionName(i) + ") extend past the end of the file");
  }

  // ---- sections (0-based index; section numbers in symbols are 1-based) ----

  private long sh(int i) { return sectionTable + (long) i * SECTION_HEADER_SIZE; }

  public String sectionName(int i) {
    long off = sh(i);
    if (Le.u8(data, off) == '/') {
      String digits = Le.cstring(data, off + 1, 7);
      try {
        return stringAt(Long.parseLong(digits), -1 - i);
      } catch (NumberFormatException e) {
        if (digits.startsWith("/")) return Le.cstring(data, off, 8); // "//..." base64 names are not used by these tools
        throw new CorruptInputException(path, "section " + (i + 1) + " has a malformed long name '/" + digits + "'");
      }
    }
    return Le.cstring(data, off, 8);
  }

  public long virtualSize(int i) { return Le.u32(data, sh(i) + 8); }
  public long sizeOfRawData(int i) { return Le.u32(data, sh(i) + 16); }
  public long pointerToRawData(int i) { return Le.u32(data, sh(i) + 20); }
  public long pointerToRelocations(int i) { return Le.u32(data, sh(i) + 24); }
  public int characteristics(int i) { return Le.i32(data, sh(i) + 36); }

  /** Relocation count, honouring IMAGE_SCN_LNK_NRELOC_OVFL (real count in the first relocation). */
  public long numberOfRelocations(int i) {
    long n = Le.u16(data, sh(i) + 32);
    if ((characteristics(i) & Coff.SCN_LNK_NRELOC_OVFL) != 0 && n == 0xFFFF) {
      long p = pointerToRelocations(i);
      if (p + RELOCATION_SIZE > data.byteSize())
        throw new CorruptInputException(path, "relocations of section " + (i + 1) + " extend past the end of the file");
      return Le.u32(data, p);
    }
    return n;
  }

  /** Offset of the first real relocation record (skips the count record of NRELOC_OVFL sections). */
  public long relocationsStart(int i) {
    long p = pointerToRelocations(i);
    if ((characteristics(i) & Coff.SCN_LNK_NRELOC_OVFL) != 0 && Le.u16(data, sh(i) + 32) == 0xFFFF) p += RELOCATION_SIZE;
    return p;
  }

  /** Relocation count to iterate, with the count record of NRELOC_OVFL sections excluded. */
  public long relocationCount(int i) {
    long n = numberOfRelocations(i);
    if ((characteristics(i) & Coff.SCN_LNK_NRELOC_OVFL) != 0 && Le.u16(data, sh(i) + 32) == 0xFFFF) n--;
    return n;
  }

  public MemorySegment sectionData(int i) {
    if ((characteristics(i) & Coff.SCN_CNT_UNINITIALIZED_DATA) != 0 || pointerToRawData(i) == 0 || sizeOfRawData(i) == 0)
      return EMPTY;
    return data.asSlice(pointerToRawData(i), sizeOfRawData(i));
  }

  // relocation record at an absolute file offset
  public static long relocVirtualAddress(MemorySegment s, long off) { return Le.u32(s, off); }
  public static int relocSymbol(MemorySegment s, long off) { return Le.i32(s, off + 4); }
  public static int relocType(MemorySegment s, long off) { return Le.u16(s, off + 8); }

  // ---- symbols ----

  public long symbolOffset(int index) { return pointerToSymbolTable + (long) index * symbolSize; }

  public String symbolName(int index) {
    long off = symbolOffset(index);
    long raw = Le.u64(data, off);
    if ((int) raw == 0) return stringAt(raw >>> 32, index);
    // Short name: up to 8 bytes, NUL-padded.
    int len = (Long.numberOfTrailingZeros(~raw & 0x8080808080808080L & (raw - 0x0101010101010101L)) >>> 3);
    if (len > 8) len = 8;
    byte[] b = new byte[len];
    for (int i = 0; i < len; i++) b[i] = (byte) (raw >>> (8 * i));
    return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  public long symbolValue(int index) { return Le.u32(data, symbolOffset(index) + 8); }

  public int symbolSectionNumber(int index) {
    long off = symbolOffset(index) + 12;
    return bigobj ? Le.i32(data, off) : Le.i16(data, off);
  }

  public int symbolType(int index) { return Le.u16(data, symbolOffset(index) + (bigobj ? 16 : 14)); }
  public int storageClass(int index) { return Le.u8(data, symbolOffset(index) + (bigobj ? 18 : 16)); }
  public int numberOfAuxSymbols(int index) { return Le.u8(data, symbolOffset(index) + (bigobj ? 19 : 17)); }

  /** Offset of the aux record {@code k} (0-based) following symbol {@code index}. */
  public long auxOffset(int index, int k) { return symbolOffset(index + 1 + k); }

  // section definition aux record (spec 5.5.5)
  public long auxSectionLength(long aux) { return Le.u32(data, aux); }
  public long auxSectionChecksum(long aux) { return Le.u32(data, aux + 8); }
  public int auxSectionNumber(long aux) {
    int lo = Le.u16(data, aux + 12);
    return bigobj ? lo | (Le.u16(data, aux + 16) << 16) : lo;
  }
  public int auxSectionSelection(long aux) { return Le.u8(data, aux + 14); }

  // weak external aux record (spec 5.5.3)
  public int auxWeakTagIndex(long aux) { return Le.i32(data, aux); }
  public int auxWeakCharacteristics(long aux) { return Le.i32(data, aux + 4); }

  private byte[] strings;

  /** The name at {@code offset} in the string table, for symbol {@code owner} (or section {@code -1 - owner}). */
  public String stringAt(long offset, int owner) {
    if (offset < 4 || offset >= stringTableSize) {
      String what = owner >= 0 ? "symbol " + owner + " name" : "section " + (-owner) + " name";
      throw new CorruptInputException(path, what + " has string table offset " + offset + " outside the string table (" + stringTableSize + " bytes)");
    }
    byte[] t = strings;
    if (t == null) {
      // Decoded on demand from one bulk copy: names are looked up many times per object.
      t = strings = new byte[(int) stringTableSize];
      MemorySegment.copy(data, java.lang.foreign.ValueLayout.JAVA_BYTE, stringTable, t, 0, t.length);
    }
    int start = (int) offset, end = start;
    while (end < t.length && t[end] != 0) end++;
    return new String(t, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
  }
}
