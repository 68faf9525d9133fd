package dev.jwin.coff;

import java.nio.charset.StandardCharsets;

/**
 * A read-only view of a COFF object (regular or bigobj header). Nothing is decoded up front except
 * the header; every accessor reads the bytes on demand. {@link #parse} validates every table's bounds so
 * that later accessors cannot run past the end of the file, so they read the array behind {@link #data} directly.
 */
public final class CoffObject {
  public static final int SECTION_HEADER_SIZE = 40;
  public static final int RELOCATION_SIZE = 10;
  static final Bytes EMPTY = Bytes.of(new byte[0]);

  public final String path;
  public final Bytes data;
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
  /** The array that holds {@link #data}, and where in it the file, and the symbol table, start. */
  private final byte[] a;
  private final int hd;
  private final int sy;

  private CoffObject(String path, Bytes data, boolean bigobj, int machine, int numberOfSections,
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
    this.a = data.a;
    this.hd = data.off;
    this.sy = data.off + (int) pointerToSymbolTable;
  }

  public static CoffObject parse(String path, Bytes s) {
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

  private int sh(int i) { return hd + (int) sectionTable + i * SECTION_HEADER_SIZE; }

  public String sectionName(int i) {
    int start = sectionNameStart(i);
    return start == sh(i) ? shortName(start) : new String(a, start, stringEnd(start) - start, StandardCharsets.UTF_8);
  }

  /** Where section {@code i}'s name starts in {@link #a}: in its header (at most 8 bytes) or in the string table. */
  private int sectionNameStart(int i) {
    int off = sh(i);
    if (a[off] != '/') return off;
    // "/123": decimal digits, read in place (a large link has hundreds of thousands of such names)
    long v = 0;
    int k = off + 1;
    for (; k < off + 8 && a[k] >= '0' && a[k] <= '9'; k++) v = v * 10 + (a[k] - '0');
    if (k > off + 1 && (k == off + 8 || a[k] == 0)) return stringStart(v, -1 - i);
    String digits = cstring(a, off + 1, 7);
    if (digits.startsWith("/")) return stringStart(base64Offset(i, digits.substring(1)), -1 - i);
    try {
      return stringStart(Long.parseLong(digits), -1 - i);
    } catch (NumberFormatException e) {
      throw new CorruptInputException(path, "section " + (i + 1) + " has a malformed long name '/" + digits + "'");
    }
  }

  private int sectionNameEnd(int i, int start) {
    return start == sh(i) ? nulEnd(a, start, 8) : stringEnd(start);
  }

  /** The length in bytes of section {@code i}'s name; like the methods below, it reads the name in place. */
  public int sectionNameLength(int i) {
    int start = sectionNameStart(i);
    return sectionNameEnd(i, start) - start;
  }

  /** Whether section {@code i}'s name is the ASCII {@code name}. */
  public boolean sectionNameIs(int i, String name) { return nameIs(sectionNameSpan(i), name); }

  /**
   * Where section {@code i}'s name is in the bytes (start in the high half, end in the low), found once for the
   * questions {@link #nameIs} and {@link #nameStartsWith} answer: a long name ("/123") is a number to parse and a
   * string-table entry to scan.
   */
  public long sectionNameSpan(int i) {
    int start = sectionNameStart(i);
    return (long) start << 32 | sectionNameEnd(i, start);
  }

  /** Whether the name at {@code span} ({@link #sectionNameSpan}) is the ASCII {@code name}. */
  public boolean nameIs(long span, String name) {
    int start = (int) (span >>> 32);
    return name.length() == (int) span - start && bytesAre(start, name);
  }

  /** Whether the name at {@code span} ({@link #sectionNameSpan}) starts with the ASCII {@code prefix}. */
  public boolean nameStartsWith(long span, String prefix) {
    int start = (int) (span >>> 32);
    return prefix.length() <= (int) span - start && bytesAre(start, prefix);
  }

  /** Whether the bytes from {@code start} are the ASCII {@code s} (the caller checked that they are there). */
  private boolean bytesAre(int start, String s) {
    for (int k = 0; k < s.length(); k++) if (a[start + k] != s.charAt(k)) return false;
    return true;
  }

  /** The length of the name at {@code span} ({@link #sectionNameSpan}). */
  public static int nameLength(long span) { return (int) span - (int) (span >>> 32); }

  /** Where {@code c} first is in the name at {@code span} ({@link #sectionNameSpan}), or -1. */
  public int nameIndexOf(long span, char c) {
    int start = (int) (span >>> 32), end = (int) span;
    for (int k = start; k < end; k++) if (a[k] == c) return k - start;
    return -1;
  }

  /** A hash of the bytes of the name at {@code span} ({@link #sectionNameSpan}) from position {@code from} on. */
  public int nameHash(long span, int from) {
    int h = 0;
    for (int k = (int) (span >>> 32) + from, end = (int) span; k < end; k++) h = 31 * h + a[k];
    return h;
  }

  /** Whether the name at {@code span} from position {@code from} on equals the name at {@code other} from {@code otherFrom} on. */
  public boolean nameTailsEqual(long span, int from, long other, int otherFrom) {
    return java.util.Arrays.equals(a, (int) (span >>> 32) + from, (int) span, a, (int) (other >>> 32) + otherFrom, (int) other);
  }

  /**
   * Names every object repeats, shared rather than decoded again for each section of each object (a large link
   * has hundreds of thousands of sections, most of them named so).
   */
  private static final String[] COMMON_NAMES = {".text", ".data", ".bss", ".rdata", ".xdata", ".pdata", ".ctors",
      ".dtors", ".tls$", ".CRT$XCU", ".CRT$XLB", ".drectve", ".idata$2", ".idata$4",
      ".idata$5", ".idata$6", ".idata$7", ".rsrc$01", ".rsrc$02"};

  /** The name at {@code span} ({@link #sectionNameSpan}) if it is one of the usual names ({@link #COMMON_NAMES}), else null. */
  public String commonName(long span) {
    return commonName((int) (span >>> 32), nameLength(span));
  }

  /** The {@code len} bytes from {@code start} if they are one of {@link #COMMON_NAMES}, else null. */
  private String commonName(int start, int len) {
    for (String n : COMMON_NAMES) if (n.length() == len && bytesAre(start, n)) return n;
    return null;
  }

  /** A section's name of at most 8 bytes in its header at {@code off}: one of {@link #COMMON_NAMES}, or decoded. */
  private String shortName(int off) {
    int len = nulEnd(a, off, 8) - off;
    String n = commonName(off, len);
    return n != null ? n : new String(a, off, len, StandardCharsets.UTF_8);
  }

  /** A NUL-terminated (or length-bounded) UTF-8 string of at most {@code max} bytes. */
  private static String cstring(byte[] b, int off, int max) {
    return new String(b, off, nulEnd(b, off, max) - off, StandardCharsets.UTF_8);
  }

  /** Where the string at {@code off} of at most {@code max} bytes ends: its NUL, or {@code off + max}. */
  private static int nulEnd(byte[] b, int off, int max) {
    int end = off;
    while (end < off + max && b[end] != 0) end++;
    return end;
  }

  /** "//" long names hold the string-table offset in base64 (A-Z a-z 0-9 + /), most significant digit first. */
  private long base64Offset(int i, String digits) {
    if (digits.isEmpty())
      throw new CorruptInputException(path, "section " + (i + 1) + " has an empty base64 long name '//'");
    long v = 0;
    for (int k = 0; k < digits.length(); k++) {
      char c = digits.charAt(k);
      int d = c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26 : c >= '0' && c <= '9' ? c - '0' + 52
          : c == '+' ? 62 : c == '/' ? 63 : -1;
      if (d < 0)
        throw new CorruptInputException(path, "section " + (i + 1) + " has an invalid base64 long name '//" + digits + "'");
      v = v * 64 + d;
    }
    return v;
  }

  public long virtualSize(int i) { return Le.u32(a, sh(i) + 8); }
  public long sizeOfRawData(int i) { return Le.u32(a, sh(i) + 16); }
  public long pointerToRawData(int i) { return Le.u32(a, sh(i) + 20); }
  public long pointerToRelocations(int i) { return Le.u32(a, sh(i) + 24); }
  public int characteristics(int i) { return Le.i32(a, sh(i) + 36); }

  /** Relocation count, honouring IMAGE_SCN_LNK_NRELOC_OVFL (real count in the first relocation). */
  public long numberOfRelocations(int i) {
    long n = Le.u16(a, sh(i) + 32);
    if ((characteristics(i) & Coff.SCN_LNK_NRELOC_OVFL) != 0 && n == 0xFFFF) {
      long p = pointerToRelocations(i);
      if (p + RELOCATION_SIZE > data.byteSize())
        throw new CorruptInputException(path, "relocations of section " + (i + 1) + " extend past the end of the file");
      long count = Le.u32(data, p);
      // The count includes the record that holds it, so it is at least 1.
      if (count == 0)
        throw new CorruptInputException(path, "section " + (i + 1) + " sets IMAGE_SCN_LNK_NRELOC_OVFL but counts 0 relocations");
      return count;
    }
    return n;
  }

  /**
   * Checks {@code count} relocations from file offset {@code start} (which the caller has checked lie in the file),
   * reading the array in place: each names a symbol below {@link #numberOfSymbols} and touches {@code widths[type]}
   * bytes inside a section of {@code size} bytes (a type past the table: 4 bytes). Returns the set of types present
   * (bit t for type t below 31, bit 31 for any higher), or -1 - j for the first relocation j that is not so.
   */
  public long checkRelocations(long start, int count, long size, int[] widths) {
    byte[] b = a;
    long nsym = numberOfSymbols & 0xffffffffL;
    int types = 0;
    for (int j = 0, p = hd + (int) start; j < count; j++, p += RELOCATION_SIZE) {
      long va = Le.i32(b, p) & 0xffffffffL;
      long sym = Le.i32(b, p + 4) & 0xffffffffL;
      int type = Le.u16(b, p + 8);
      types |= 1 << Math.min(type, 31);
      int width = type < widths.length ? widths[type] : 4;
      if (sym >= nsym || va >= size || va + width > size) return -1L - j;
    }
    return types & 0xffffffffL;
  }

  /** Offset of the first real relocation record (skips the count record of NRELOC_OVFL sections). */
  public long relocationsStart(int i) {
    long p = pointerToRelocations(i);
    if ((characteristics(i) & Coff.SCN_LNK_NRELOC_OVFL) != 0 && Le.u16(a, sh(i) + 32) == 0xFFFF) p += RELOCATION_SIZE;
    return p;
  }

  /** Relocation count to iterate, with the count record of NRELOC_OVFL sections excluded. */
  public long relocationCount(int i) {
    long n = numberOfRelocations(i);
    if ((characteristics(i) & Coff.SCN_LNK_NRELOC_OVFL) != 0 && Le.u16(a, sh(i) + 32) == 0xFFFF) n--;
    return n;
  }

  public Bytes sectionData(int i) {
    if ((characteristics(i) & Coff.SCN_CNT_UNINITIALIZED_DATA) != 0 || pointerToRawData(i) == 0 || sizeOfRawData(i) == 0)
      return EMPTY;
    return data.asSlice(pointerToRawData(i), sizeOfRawData(i));
  }

  // relocation record at an absolute file offset
  public static long relocVirtualAddress(Bytes s, long off) { return Le.u32(s, off); }
  public static int relocSymbol(Bytes s, long off) { return Le.i32(s, off + 4); }
  public static int relocType(Bytes s, long off) { return Le.u16(s, off + 8); }

  // ---- symbols ----

  public long symbolOffset(int index) { return pointerToSymbolTable + (long) index * symbolSize; }

  /** Where symbol record {@code index} (or an aux record at file offset {@code off}) is in {@link #a}. */
  private int sym(int index) { return sy + index * symbolSize; }
  private int aux(long off) { return sy + (int) (off - pointerToSymbolTable); }

  /** Symbol {@code index}'s name: a long one (in the string table) is UTF-8, a short one (in the record) Latin-1. */
  public String symbolName(int index) {
    int start = symbolNameStart(index);
    return new String(a, start, symbolNameEnd(index, start) - start,
        start == sym(index) ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  /** Whether symbol {@code index} has the short (at most 8 bytes) ASCII name {@code name}, without decoding it. */
  public boolean symbolNameIs(int index, String name) {
    int off = sym(index), len = name.length();
    if (len > 8 || Le.i32(a, off) == 0) return false;
    for (int k = 0; k < len; k++) {
      char c = name.charAt(k);
      if (c == 0 || c > 0x7f || a[off + k] != c) return false;
    }
    return len == 8 || a[off + len] == 0;
  }

  public long symbolValue(int index) { return Le.u32(a, sym(index) + 8); }

  public int symbolSectionNumber(int index) {
    int off = sym(index) + 12;
    return bigobj ? Le.i32(a, off) : Le.i16(a, off);
  }

  public int symbolType(int index) { return Le.u16(a, sym(index) + (bigobj ? 16 : 14)); }
  public int storageClass(int index) { return Le.u8(a, sym(index) + (bigobj ? 18 : 16)); }
  public int numberOfAuxSymbols(int index) { return Le.u8(a, sym(index) + (bigobj ? 19 : 17)); }

  /** Offset of the aux record {@code k} (0-based) following symbol {@code index}. */
  public long auxOffset(int index, int k) { return symbolOffset(index + 1 + k); }

  // section definition aux record (spec 5.5.5)
  public long auxSectionLength(long aux) { return Le.u32(a, aux(aux)); }
  public long auxSectionChecksum(long aux) { return Le.u32(a, aux(aux) + 8); }
  public int auxSectionNumber(long aux) {
    int lo = Le.u16(a, aux(aux) + 12);
    return bigobj ? lo | (Le.u16(a, aux(aux) + 16) << 16) : lo;
  }
  public int auxSectionSelection(long aux) { return Le.u8(a, aux(aux) + 14); }

  // weak external aux record (spec 5.5.3)
  public int auxWeakTagIndex(long aux) { return Le.i32(a, aux(aux)); }
  public int auxWeakCharacteristics(long aux) { return Le.i32(a, aux(aux) + 4); }

  /** The name at {@code offset} in the string table, for symbol {@code owner} (or section {@code -1 - owner}). */
  public String stringAt(long offset, int owner) {
    int start = stringStart(offset, owner);
    return new String(a, start, stringEnd(start) - start, StandardCharsets.UTF_8);
  }

  /** Where the string at {@code offset} in the string table starts in the bytes; checks the offset. */
  private int stringStart(long offset, int owner) {
    if (offset < 4 || offset >= stringTableSize) {
      String what = owner >= 0 ? "symbol " + owner + " name" : "section " + (-owner) + " name";
      throw new CorruptInputException(path, what + " has string table offset " + offset + " outside the string table (" + stringTableSize + " bytes)");
    }
    return stringTableStart() + (int) offset;
  }

  private int stringEnd(int start) {
    return nulEnd(a, start, stringTableStart() + (int) stringTableSize - start);
  }

  /** Where the string table (its size field) is in {@link #a}. */
  private int stringTableStart() { return sy + (int) (stringTable - pointerToSymbolTable); }

  /** Checks that symbol {@code index}'s name can be read, without decoding it (see {@link #symbolName}). */
  public void checkSymbolName(int index) {
    symbolNameStart(index);
  }

  /** The length in bytes of symbol {@code index}'s name as the object spells it. */
  public int symbolNameLength(int index) {
    int start = symbolNameStart(index);
    return symbolNameEnd(index, start) - start;
  }

  /** Copies symbol {@code index}'s name as the object spells it to {@code dst} at {@code pos}; returns its length. */
  public int copySymbolName(int index, byte[] dst, int pos) {
    int start = symbolNameStart(index), len = symbolNameEnd(index, start) - start;
    System.arraycopy(a, start, dst, pos, len);
    return len;
  }

  /** Where symbol {@code index}'s name starts in {@link #a}: in its record (short name) or the string table. */
  private int symbolNameStart(int index) {
    int off = sym(index);
    return Le.i32(a, off) == 0 ? stringStart(Le.u32(a, off + 4), index) : off;
  }

  private int symbolNameEnd(int index, int start) {
    return start != sym(index) ? stringEnd(start) : nulEnd(a, start, 8); // a short name is NUL-padded to 8 bytes
  }
}
