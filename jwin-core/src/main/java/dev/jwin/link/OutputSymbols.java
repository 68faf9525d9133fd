package dev.jwin.link;

import dev.jwin.coff.Coff;

import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The COFF symbol and string tables at the end of the image. They hold the long names of
 * discardable sections (DWARF's {@code .debug_*}) and, with {@code -debug:dwarf}, every defined
 * symbol, which debuggers read for names the DWARF data lacks.
 */
final class OutputSymbols {
  /** The string table's contents after its 4-byte length field. */
  private byte[] strings = new byte[1024];
  private int stringsSize;
  final Map<OutputSection, Integer> sectionNameOffsets = new IdentityHashMap<>();
  int symbolCount;

  /** Assigns string-table names to long section names; others longer than 8 bytes are truncated. */
  void nameSections(List<OutputSection> sections, boolean keepLongNames) {
    for (OutputSection s : sections) {
      if (s.name.length() <= 8) continue;
      if (keepLongNames && (s.characteristics & Coff.SCN_MEM_DISCARDABLE) != 0) sectionNameOffsets.put(s, string(s.name.getBytes(StandardCharsets.UTF_8)));
      else s.name = s.name.substring(0, 8);
    }
  }

  /** {@link Symbol#symtab}: not met yet; met at the entry that lists it or leaves it out (pass one). */
  static final byte UNLISTED = 0, MET = 1;
  /** {@link Symbol#symtab} flag: {@link Symbol#type} holds the defining object's type for it. */
  static final byte TYPED = 4;
  /**
   * {@link Symbol#symtab} flag, set by {@link Resolver}: the symbol resolved to an alias, so the table names it as
   * {@link LinkContext#aliasNames} says (one bit where a map lookup per listed symbol would be).
   */
  static final byte ALIASED = 8;
  private static final byte STATE = 3;

  /**
   * Pass one of the symbol table: with {@code withSymbols} ({@code -debug:dwarf}) it lists every defined symbol of
   * every object, once, in object order (locals included); otherwise it is empty and the string table holds only long
   * section names. Over the objects' symbols, this picks the entry that lists each symbol, keeps it ({@link #chosen})
   * and adds up the sizes. It needs to know which chunks are live and where they went, not their addresses: it runs
   * while the last addresses are assigned.
   */
  void choose(LinkContext ctx, boolean withSymbols) {
    count = 0;
    nameBytes = 0;
    List<ObjectFile> objects = ctx.objects;
    ends = new int[withSymbols ? objects.size() : 0];
    // One method per object and pass: a loop over millions of entries compiles small (see docs/architecture.md).
    for (int k = 0; k < ends.length; k++) {
      choose(ctx, objects.get(k));
      ends[k] = count;
    }
  }

  /**
   * Pass two, once addresses and long section names are final: the symbol table, the string table (with its 4-byte
   * length) and zeros up to the file alignment after them (the tables start at file offset {@code offset}), as
   * lld-link writes the file, the kept entries' records and names written straight into the one array.
   */
  byte[] bytes(LinkContext ctx, Image img, long offset, long fileAlignment) {
    List<ObjectFile> objects = ctx.objects;
    if (count == 0 && stringsSize == 0) return new byte[0];
    long sym = 18L * count, stringTableSize = 4 + stringsSize + nameBytes;
    long end = offset + sym + stringTableSize;
    long size = (end + fileAlignment - 1) / fileAlignment * fileAlignment - offset;
    if (size > Integer.MAX_VALUE - 8) throw ctx.diag.fatal("output file too large: symbol table of " + size + " bytes");
    byte[] out = new byte[(int) size];
    putInt(out, (int) sym, (int) stringTableSize);
    System.arraycopy(strings, 0, out, (int) sym + 4, stringsSize);
    record = 0;
    stringsStart = (int) sym;
    string = (int) sym + 4 + stringsSize;
    for (int k = 0; k < ends.length; k++) write(ctx, img, objects.get(k), out, k == 0 ? 0 : ends[k - 1], ends[k]);
    symbolCount = count;
    return out;
  }

  /** Symbols and name bytes so far ({@link #choose}); where the next record and long name go ({@link #write}). */
  private int count;
  /** By object: the end of its entries in {@link #chosen}. */
  private int[] ends = new int[0];
  private long nameBytes;
  /** The entries that list a symbol, object after object ({@link #choose}); {@link #count} of them. */
  private int[] chosen = new int[1024];
  private int record, stringsStart, string;

  /** Pass one over {@code f}'s entries: which lists each symbol, and the sizes. */
  private void choose(LinkContext ctx, ObjectFile f) {
    for (int i = 0; i < f.symbols.length; i++) {
      // A symbol's type (function or not) is the defining object's, wherever it is listed first (as lld-link):
      // its first entry there that is not file-local.
      Symbol d = f.symbols[i];
      if (d != null && d.file == f && (d.symtab & TYPED) == 0 && f.coff.storageClass(i) != Coff.CLASS_STATIC) {
        d.type = (short) f.coff.symbolType(i);
        d.symtab |= TYPED;
      }
      Symbol s = listed(f, i);
      if (s == null) continue;
      if (count == chosen.length) chosen = java.util.Arrays.copyOf(chosen, 2 * count);
      chosen[count++] = i;
      int n = nameLength(ctx, s);
      if (n > 8) nameBytes += n + 1;
    }
  }

  /** Pass two over {@code f}'s entries that list a symbol ({@link #chosen} {@code [from, to)}): records, long names. */
  private void write(LinkContext ctx, Image img, ObjectFile f, byte[] out, int from, int to) {
    for (int k = from; k < to; k++) {
      int i = chosen[k];
      Symbol s = f.symbols[i];
      long value;
      int section;
      if (s.kind == Symbol.Kind.ABSOLUTE) {
        value = img.rva(s);
        section = Coff.SYM_ABSOLUTE;
      } else {
        Chunk c = s.definingChunk();
        value = img.rva(s) - c.out.rva;
        section = c.out.index;
      }
      boolean local = s.file == f && f.coff.storageClass(i) == Coff.CLASS_STATIC;
      int type = s.file == f ? f.coff.symbolType(i) : (s.symtab & TYPED) != 0 ? s.type & 0xffff : 0;
      int n = nameLength(ctx, s);
      int rec = record;
      if (n <= 8) {
        copyName(ctx, s, out, rec);
      } else {
        putInt(out, rec + 4, string - stringsStart);
        string += copyName(ctx, s, out, string) + 1;
      }
      putInt(out, rec + 8, (int) value);
      out[rec + 12] = (byte) section;
      out[rec + 13] = (byte) (section >> 8);
      out[rec + 14] = (byte) type;
      out[rec + 15] = (byte) (type >> 8);
      out[rec + 16] = (byte) (local ? Coff.CLASS_STATIC : Coff.CLASS_EXTERNAL);
      record = rec + 18;
    }
  }

  /**
   * The symbol entry {@code i} of {@code f} lists, or null. A symbol is met first at one entry, which lists it or
   * leaves it out, and is not listed again: it goes from {@link #UNLISTED} to {@link #MET} there.
   */
  private static Symbol listed(ObjectFile f, int i) {
    Symbol s = f.symbols[i];
    // Addresses the linker made (__CTOR_LIST__, __RUNTIME_PSEUDO_RELOC_LIST__, ...) are left out, as lld-link does.
    if (s == null || (s.symtab & STATE) != UNLISTED || !s.isDefined() || s.pseudoReloc || s.kind == Symbol.Kind.SYNTHETIC)
      return null;
    s.symtab = (byte) (s.symtab & ~STATE | MET);
    int sc = f.coff.storageClass(i);
    if (sc == Coff.CLASS_LABEL || (sc == Coff.CLASS_STATIC && f.coff.numberOfAuxSymbols(i) > 0 && s.value == 0)) return null;
    if (s.kind == Symbol.Kind.ABSOLUTE) return s;
    Chunk c = s.definingChunk();
    return c == null || c.out == null || !c.isLive() ? null : s;
  }

  /** The length of a listed symbol's name in the table: a file-local one's as its object spells it, others' in UTF-8. */
  private static int nameLength(LinkContext ctx, Symbol s) {
    if (s.localNameIndex() >= 0) return ((ObjectFile) s.file).coff.symbolNameLength(s.localNameIndex());
    String n = globalName(ctx, s);
    for (int k = 0; k < n.length(); k++) if (n.charAt(k) >= 0x80) return n.getBytes(StandardCharsets.UTF_8).length;
    return n.length();
  }

  /** A symbol's name in the table, unless it is a file-local one named lazily: an alias's if it resolved to one. */
  private static String globalName(LinkContext ctx, Symbol s) {
    if ((s.symtab & ALIASED) == 0) return s.name();
    String alias = ctx.aliasNames.get(s);
    return alias != null ? alias : s.name();
  }

  /** Copies a listed symbol's name (see {@link #nameLength}) to {@code out} at {@code pos}; returns its length. */
  private static int copyName(LinkContext ctx, Symbol s, byte[] out, int pos) {
    if (s.localNameIndex() >= 0) return ((ObjectFile) s.file).coff.copySymbolName(s.localNameIndex(), out, pos);
    String n = globalName(ctx, s);
    for (int k = 0; k < n.length(); k++) {
      char c = n.charAt(k);
      if (c >= 0x80) {
        byte[] b = n.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, out, pos, b.length);
        return b.length;
      }
      out[pos + k] = (byte) c;
    }
    return n.length();
  }

  private int string(byte[] s) {
    int off = 4 + stringsSize;
    if (stringsSize + s.length + 1 > strings.length) strings = java.util.Arrays.copyOf(strings, Math.max(2 * strings.length, stringsSize + s.length + 1));
    System.arraycopy(s, 0, strings, stringsSize, s.length);
    strings[stringsSize + s.length] = 0;
    stringsSize += s.length + 1;
    return off;
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >> 8);
    b[off + 2] = (byte) (v >> 16);
    b[off + 3] = (byte) (v >> 24);
  }
}
