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
  private byte[] symbols = new byte[18 * 1024];
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

  /** Every defined symbol of every object, once, in object order (locals included). */
  void addSymbols(LinkContext ctx, Image img) {
    // A symbol's type (function or not) is the defining object's, wherever it is listed first (as lld-link).
    // Only external symbols can be listed by another object first; where the definer lists a symbol first, its own
    // record has the type.
    IdentityHashMap<Symbol, Integer> types = new IdentityHashMap<>();
    for (ObjectFile f : ctx.objects) {
      Symbol[] syms = f.symbols;
      for (int i = 0; i < syms.length; i++) {
        Symbol s = syms[i];
        if (s != null && s.file == f && f.coff.storageClass(i) != Coff.CLASS_STATIC) types.putIfAbsent(s, f.coff.symbolType(i));
      }
    }
    for (ObjectFile f : ctx.objects) {
      Symbol[] syms = f.symbols;
      for (int i = 0; i < syms.length; i++) {
        Symbol s = syms[i];
        // Addresses the linker made (__CTOR_LIST__, __RUNTIME_PSEUDO_RELOC_LIST__, ...) are left out, as lld-link does.
        if (s == null || s.inSymtab || !s.isDefined() || s.pseudoReloc || s.kind == Symbol.Kind.SYNTHETIC) continue;
        s.inSymtab = true;
        int sc = f.coff.storageClass(i);
        if (sc == Coff.CLASS_LABEL || (sc == Coff.CLASS_STATIC && f.coff.numberOfAuxSymbols(i) > 0 && s.value == 0)) continue;
        long value;
        int section;
        if (s.kind == Symbol.Kind.ABSOLUTE) {
          value = img.rva(s);
          section = Coff.SYM_ABSOLUTE;
        } else {
          Chunk c = s.definingChunk();
          if (c == null || c.out == null || !c.isLive()) continue;
          value = img.rva(s) - c.out.rva;
          section = c.out.index;
        }
        boolean local = s.file == f && sc == Coff.CLASS_STATIC;
        int type = s.file == f ? f.coff.symbolType(i) : types.getOrDefault(s, 0);
        String alias = ctx.aliasNames.get(s);
        symbol(alias != null ? alias.getBytes(StandardCharsets.UTF_8) : s.nameBytes(), value, section, type,
            local ? Coff.CLASS_STATIC : Coff.CLASS_EXTERNAL);
      }
    }
  }

  private void symbol(byte[] n, long value, int section, int type, int storageClass) {
    if (18 * (symbolCount + 1) > symbols.length) symbols = java.util.Arrays.copyOf(symbols, symbols.length * 2);
    byte[] rec = symbols;
    int base = 18 * symbolCount;
    if (n.length <= 8) {
      System.arraycopy(n, 0, rec, base, n.length);
    } else {
      putInt(rec, base + 4, string(n));
    }
    putInt(rec, base + 8, (int) value);
    rec[base + 12] = (byte) section;
    rec[base + 13] = (byte) (section >> 8);
    rec[base + 14] = (byte) type;
    rec[base + 15] = (byte) (type >> 8);
    rec[base + 16] = (byte) storageClass;
    symbolCount++;
  }

  private int string(byte[] s) {
    int off = 4 + stringsSize;
    if (stringsSize + s.length + 1 > strings.length) strings = java.util.Arrays.copyOf(strings, Math.max(2 * strings.length, stringsSize + s.length + 1));
    System.arraycopy(s, 0, strings, stringsSize, s.length);
    strings[stringsSize + s.length] = 0;
    stringsSize += s.length + 1;
    return off;
  }

  boolean isEmpty() { return symbolCount == 0 && stringsSize == 0; }

  /**
   * The symbol table, the string table (with its 4-byte length) and zeros up to the file alignment after them (the
   * tables start at file offset {@code offset}), as lld-link writes the file: one array, no intermediate copies.
   */
  byte[] bytes(long offset, long fileAlignment) {
    if (isEmpty()) return new byte[0];
    int sym = 18 * symbolCount;
    long end = offset + sym + 4 + stringsSize;
    byte[] out = new byte[(int) ((end + fileAlignment - 1) / fileAlignment * fileAlignment - offset)];
    System.arraycopy(symbols, 0, out, 0, sym);
    putInt(out, sym, 4 + stringsSize);
    System.arraycopy(strings, 0, out, sym + 4, stringsSize);
    return out;
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >> 8);
    b[off + 2] = (byte) (v >> 16);
    b[off + 3] = (byte) (v >> 24);
  }
}
