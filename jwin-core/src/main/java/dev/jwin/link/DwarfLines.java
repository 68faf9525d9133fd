package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.CoffObject;
import dev.jwin.coff.Le;
import dev.jwin.coff.Machine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Source positions for diagnostics, from an object's DWARF ({@code .debug_line} versions 2 to 5, global variables from
 * {@code .debug_info} versions 2 to 4), as lld-link prints them in mingw mode: {@code a.c:7}. Read only when a
 * diagnostic asks; malformed DWARF gives no position rather than an error, because the link does not depend on it.
 *
 * <p>A COFF object's DWARF is relocated: {@code DW_LNE_set_address} carries a relocation against the code section, so
 * a sequence belongs to that section and its rows hold offsets within it; string and line-table offsets point into
 * other sections through section-relative relocations (the field holds the addend). File names are the line table's
 * own: for DWARF 2-4 a file in the compilation directory is its bare name (the table does not name that directory),
 * for DWARF 5 directory 0 is the compilation directory, so names come out absolute.
 */
final class DwarfLines {
  /** A source position: file and line. */
  record Line(String file, long line) {
    @Override public String toString() { return file + ":" + line; }
  }

  /** One sequence of rows, all in one section (0-based index), sorted by offset; {@code end} is where it ends. */
  private record Sequence(int section, long[] offsets, String[] files, long[] lines, long end) {}

  private final List<Sequence> sequences = new ArrayList<>();
  /** Line tables' file names by the table's offset in {@code .debug_line}, indexed as DW_AT_decl_file counts. */
  private final Map<Long, List<String>> filesByTable = new HashMap<>();
  /** External variables by linkage (else plain) name: where they are declared. */
  private final Map<String, Line> variables = new HashMap<>();

  /** The source line of {@code offset} in {@code c}, as lld-link names it in mingw mode (DWARF); else null. */
  static Line at(LinkContext ctx, SectionChunk c, long offset) {
    DwarfLines d = of(ctx, c.file);
    return d == null ? null : d.find(c.index, offset);
  }

  /**
   * Where {@code f} defines {@code symbol}: the line of its section offset, else (data) the declaration of the
   * global variable of that name; null if the object's DWARF does not say.
   */
  static Line definition(LinkContext ctx, ObjectFile f, Chunk c, long offset, String symbol) {
    DwarfLines d = of(ctx, f);
    if (d == null) return null;
    Line l = c instanceof SectionChunk sc && sc.file == f ? d.find(sc.index, offset) : null;
    if (l != null) return l;
    String name = ctx.machine == Machine.I386 && symbol.startsWith("_") ? symbol.substring(1) : symbol;
    return d.variables.get(name);
  }

  private static DwarfLines of(LinkContext ctx, ObjectFile f) {
    if (!ctx.config.mingw || f == null || f.coff == null) return null;
    return ctx.dwarfLines.computeIfAbsent(f, o -> read(o.coff));
  }

  /** The source line of {@code offset} in {@code section}, or null if no sequence covers it. */
  Line find(int section, long offset) {
    for (Sequence s : sequences) {
      if (s.section != section || s.offsets.length == 0 || offset < s.offsets[0] || offset >= s.end) continue;
      int lo = 0, hi = s.offsets.length - 1; // the last row at or before offset
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (s.offsets[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return s.files[lo] == null ? null : new Line(s.files[lo], s.lines[lo]);
    }
    return null;
  }

  /** Reads what diagnostics use of {@code coff}'s DWARF; never fails (what cannot be read is left out). */
  static DwarfLines read(CoffObject coff) {
    DwarfLines d = new DwarfLines();
    int info = -1, abbrev = -1;
    try {
      for (int i = 0; i < coff.numberOfSections; i++) {
        switch (coff.sectionName(i)) {
          case ".debug_line" -> d.lineTables(new Cursor(coff, i));
          case ".debug_info" -> info = i;
          case ".debug_abbrev" -> abbrev = i;
          default -> {}
        }
      }
      if (info >= 0 && abbrev >= 0) d.infoUnits(new Cursor(coff, info), coff.sectionData(abbrev));
    } catch (RuntimeException e) {
      // Truncated or inconsistent DWARF: keep what was read before it.
    }
    return d;
  }

  // ---------------------------------------------------------------------------------------------- .debug_line

  private void lineTables(Cursor c) {
    long size = c.data.byteSize();
    while (c.pos + 4 <= size) {
      long start = c.pos;
      long unitLength = c.u32();
      boolean dwarf64 = unitLength == 0xffffffffL;
      if (dwarf64) unitLength = c.u64();
      long unitEnd = c.pos + unitLength;
      if (unitLength <= 0 || unitEnd > size) return;
      lineTable(c, start, dwarf64, unitEnd);
      c.pos = unitEnd;
    }
  }

  private void lineTable(Cursor c, long start, boolean dwarf64, long unitEnd) {
    int version = c.u16();
    if (version < 2 || version > 5) return;
    if (version >= 5) {
      c.u8(); // address size: DW_LNE_set_address's own length says it
      c.u8(); // segment selector size
    }
    long headerLength = dwarf64 ? c.u64() : c.u32();
    long programStart = c.pos + headerLength;
    int minInst = c.u8();
    if (version >= 4) c.u8(); // maximum operations per instruction (VLIW only)
    c.u8(); // default_is_stmt: every row counts for a lookup
    int lineBase = (byte) c.u8();
    int lineRange = c.u8();
    int opcodeBase = c.u8();
    if (lineRange == 0 || opcodeBase == 0) return;
    int[] opcodeLengths = new int[opcodeBase];
    for (int i = 1; i < opcodeBase; i++) opcodeLengths[i] = c.u8();
    List<String> dirs = new ArrayList<>();
    List<String> files = new ArrayList<>();
    if (version >= 5) {
      for (String[] e : c.entries(dwarf64)) dirs.add(e[0]);
      for (String[] e : c.entries(dwarf64)) files.add(join(dirs, e[0], Integer.parseInt(e[1])));
    } else {
      dirs.add(null); // directory 0: the compilation directory, which the line table does not name
      files.add(null); // file numbers count from 1
      for (String d = c.cstring(); !d.isEmpty(); d = c.cstring()) dirs.add(d);
      for (String n = c.cstring(); !n.isEmpty(); n = c.cstring()) {
        int dir = (int) c.uleb();
        c.uleb(); // modification time
        c.uleb(); // length
        files.add(join(dirs, n, dir));
      }
    }
    filesByTable.put(start, files);
    c.pos = programStart;
    program(c, minInst, lineBase, lineRange, opcodeLengths, files, unitEnd);
  }

  /** A file's name joined to its directory as lld prints it (no compilation directory for DWARF 2-4). */
  private static String join(List<String> dirs, String name, int dir) {
    if (name == null) return null;
    if (name.startsWith("/") || name.matches("^[A-Za-z]:[\\\\/].*")) return name;
    String d = dir >= 0 && dir < dirs.size() ? dirs.get(dir) : null;
    if (d == null || d.isEmpty()) return name;
    return d.endsWith("/") || d.endsWith("\\") ? d + name : d + "/" + name;
  }

  private void program(Cursor c, int minInst, int lineBase, int lineRange, int[] opcodeLengths,
      List<String> files, long unitEnd) {
    int opcodeBase = opcodeLengths.length;
    int section = -1;
    long address = 0, line = 1, file = 1;
    List<long[]> rows = new ArrayList<>(); // {offset, file, line}
    while (c.pos < unitEnd) {
      int op = c.u8();
      if (op >= opcodeBase) { // special opcode: advance both, add a row
        int adjusted = op - opcodeBase;
        address += (long) (adjusted / lineRange) * minInst;
        line += lineBase + adjusted % lineRange;
        rows.add(new long[] {address, file, line});
        continue;
      }
      switch (op) {
        case 0 -> {
          long len = c.uleb();
          long next = c.pos + len;
          if (len <= 0 || next > unitEnd) return; // an extended opcode longer than its unit: stop here
          int sub = c.u8();
          if (sub == 1) { // end_sequence
            if (section >= 0 && !rows.isEmpty()) sequences.add(sequence(section, rows, files, address));
            rows.clear();
            section = -1;
            address = 0;
            line = 1;
            file = 1;
          } else if (sub == 2) { // set_address: relocated against the section of the code
            long at = c.pos;
            long stored = len - 1 == 4 ? c.u32() : c.u64(); // the operand's size, whatever the header says
            section = c.targetSection(at);
            address = section < 0 ? 0 : c.targetValue(at) + stored;
          }
          c.pos = next;
        }
        case 1 -> rows.add(new long[] {address, file, line});                     // copy
        case 2 -> address += c.uleb() * minInst;                                   // advance_pc
        case 3 -> line += c.sleb();                                                // advance_line
        case 4 -> file = c.uleb();                                                 // set_file
        case 8 -> address += (long) ((255 - opcodeBase) / lineRange) * minInst;    // const_add_pc
        case 9 -> address += c.u16();                                              // fixed_advance_pc
        default -> {
          for (int i = 0; i < opcodeLengths[op]; i++) c.uleb();                    // column, isa and unknown ones
        }
      }
    }
  }

  private static Sequence sequence(int section, List<long[]> rows, List<String> files, long end) {
    List<long[]> sorted = new ArrayList<>(rows);
    sorted.sort((a, b) -> Long.compare(a[0], b[0])); // stable: rows at one address keep their order
    int n = sorted.size();
    long[] offsets = new long[n], lines = new long[n];
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      long[] r = sorted.get(i);
      offsets[i] = r[0];
      names[i] = r[1] >= 0 && r[1] < files.size() ? files.get((int) r[1]) : null;
      lines[i] = r[2];
    }
    return new Sequence(section, offsets, names, lines, end);
  }

  // ---------------------------------------------------------------------------------------------- .debug_info

  private static final int TAG_COMPILE_UNIT = 0x11, TAG_VARIABLE = 0x34;
  private static final int AT_NAME = 0x03, AT_STMT_LIST = 0x10, AT_DECL_FILE = 0x3a, AT_DECL_LINE = 0x3b,
      AT_EXTERNAL = 0x3f, AT_LINKAGE_NAME = 0x6e, AT_MIPS_LINKAGE_NAME = 0x2007;

  /** An abbreviation: tag, then attribute names and forms (and implicit constants). */
  private record Abbrev(int tag, boolean children, int[] names, int[] forms, long[] consts) {}

  /** Collects external variables' declarations, as lld does for "duplicate symbol" messages about data. */
  private void infoUnits(Cursor c, Bytes abbrevSection) {
    long size = c.data.byteSize();
    while (c.pos + 4 <= size) {
      long unitLength = c.u32();
      boolean dwarf64 = unitLength == 0xffffffffL;
      if (dwarf64) unitLength = c.u64();
      long unitEnd = c.pos + unitLength;
      if (unitLength <= 0 || unitEnd > size) return;
      int version = c.u16();
      if (version >= 2 && version <= 4) {
        long abbrevField = c.pos;
        long abbrevOffset = (dwarf64 ? c.u64() : c.u32()) + c.relocatedBase(abbrevField);
        int addressSize = c.u8();
        dies(c, abbrevs(abbrevSection, abbrevOffset), version, addressSize, dwarf64, unitEnd);
      }
      c.pos = unitEnd;
    }
  }

  private static Map<Long, Abbrev> abbrevs(Bytes section, long offset) {
    Cursor a = new Cursor(section);
    a.pos = offset;
    Map<Long, Abbrev> out = new HashMap<>();
    for (long code = a.uleb(); code != 0; code = a.uleb()) {
      int tag = (int) a.uleb();
      boolean children = a.u8() != 0;
      List<long[]> specs = new ArrayList<>();
      for (long name = a.uleb(), form = a.uleb(); name != 0 || form != 0; name = a.uleb(), form = a.uleb())
        specs.add(new long[] {name, form, form == 0x21 ? a.sleb() : 0});
      int n = specs.size();
      int[] names = new int[n], forms = new int[n];
      long[] consts = new long[n];
      for (int i = 0; i < n; i++) {
        names[i] = (int) specs.get(i)[0];
        forms[i] = (int) specs.get(i)[1];
        consts[i] = specs.get(i)[2];
      }
      out.put(code, new Abbrev(tag, children, names, forms, consts));
    }
    return out;
  }

  private void dies(Cursor c, Map<Long, Abbrev> abbrevs, int version, int addressSize, boolean dwarf64, long end) {
    List<String> files = List.of();
    while (c.pos < end) {
      long code = c.uleb();
      if (code == 0) continue; // end of a list of children
      Abbrev a = abbrevs.get(code);
      if (a == null) return;
      String name = null, linkageName = null;
      long file = 0, line = 0, stmtList = -1;
      boolean external = false;
      for (int i = 0; i < a.names.length; i++) {
        Object v = c.form(a.forms[i], a.consts[i], version, addressSize, dwarf64);
        switch (a.names[i]) {
          case AT_NAME -> name = v instanceof String s ? s : name;
          case AT_LINKAGE_NAME, AT_MIPS_LINKAGE_NAME -> linkageName = v instanceof String s ? s : linkageName;
          case AT_DECL_FILE -> file = v instanceof Long l ? l : 0;
          case AT_DECL_LINE -> line = v instanceof Long l ? l : 0;
          case AT_EXTERNAL -> external = v instanceof Long l && l != 0;
          case AT_STMT_LIST -> stmtList = v instanceof Long l ? l : -1;
          default -> {}
        }
      }
      if (a.tag == TAG_COMPILE_UNIT) files = filesByTable.getOrDefault(stmtList, List.of());
      if (a.tag != TAG_VARIABLE || !external || file <= 0 || file >= files.size() || files.get((int) file) == null)
        continue;
      String key = linkageName != null ? linkageName : name;
      if (key != null && !key.isEmpty()) variables.putIfAbsent(key, new Line(files.get((int) file), line));
    }
  }

  // ---------------------------------------------------------------------------------------------- bytes

  /** A position in one section's bytes, with the section's relocations (field offset to symbol index). */
  private static final class Cursor {
    private final CoffObject coff;
    final Bytes data;
    private final Map<Long, Integer> relocAt = new HashMap<>();
    long pos;

    Cursor(CoffObject coff, int section) {
      this.coff = coff;
      this.data = coff.sectionData(section);
      long r = coff.relocationsStart(section);
      for (long j = 0; j < coff.relocationCount(section); j++, r += 10)
        relocAt.put(CoffObject.relocVirtualAddress(coff.data, r), CoffObject.relocSymbol(coff.data, r));
    }

    Cursor(Bytes data) {
      this.coff = null;
      this.data = data;
    }

    /** The 0-based section the relocation at {@code field} points into, or -1. */
    int targetSection(long field) {
      Integer sym = relocAt.get(field);
      if (coff == null || sym == null || sym < 0 || sym >= coff.numberOfSymbols) return -1;
      return coff.symbolSectionNumber(sym) - 1;
    }

    long targetValue(long field) { return coff.symbolValue(relocAt.get(field)); }

    /** What a section-relative field's target symbol adds to the stored offset (0 without a relocation). */
    long relocatedBase(long field) { return targetSection(field) < 0 ? 0 : targetValue(field); }

    /** DWARF 5 directory or file entries: {path, directory index}. */
    List<String[]> entries(boolean dwarf64) {
      int formats = u8();
      long[] kinds = new long[formats], forms = new long[formats];
      for (int i = 0; i < formats; i++) {
        kinds[i] = uleb();
        forms[i] = uleb();
      }
      long count = uleb();
      if (count < 0 || count > data.byteSize() - pos) throw new IllegalStateException("too many entries: " + count);
      List<String[]> out = new ArrayList<>();
      for (long n = 0; n < count; n++) {
        String path = null;
        long dir = 0;
        for (int i = 0; i < formats; i++) {
          Object v = form((int) forms[i], 0, 5, 8, dwarf64);
          if (kinds[i] == 1 && v instanceof String s) path = s;          // DW_LNCT_path
          else if (kinds[i] == 2 && v instanceof Long l) dir = l;         // DW_LNCT_directory_index
        }
        out.add(new String[] {path, Long.toString(dir)});
      }
      return out;
    }

    /** An attribute value: a String, a Long, or null for what diagnostics do not use (blocks, references...). */
    Object form(int form, long implicitConst, int version, int addressSize, boolean dwarf64) {
      int offsetSize = dwarf64 ? 8 : 4;
      return switch (form) {
        case 0x01 -> fixed(addressSize);                                      // addr
        case 0x03 -> skip(u16());                                             // block2
        case 0x04 -> skip(u32());                                             // block4
        case 0x05 -> (long) u16();                                            // data2
        case 0x06 -> u32();                                                   // data4
        case 0x07 -> u64();                                                   // data8
        case 0x08 -> cstring();                                               // string
        case 0x09, 0x18 -> skip(uleb());                                      // block, exprloc
        case 0x0a -> skip(u8());                                              // block1
        case 0x0b, 0x0c -> (long) u8();                                       // data1, flag
        case 0x0d -> sleb();                                                  // sdata
        case 0x0e, 0x1f -> strp(offsetSize);                                  // strp, line_strp
        case 0x0f, 0x15 -> uleb();                                            // udata, ref_udata
        case 0x10 -> fixed(version <= 2 ? addressSize : offsetSize);          // ref_addr
        case 0x11 -> fixed(1);                                                // ref1
        case 0x12 -> fixed(2);                                                // ref2
        case 0x13 -> fixed(4);                                                // ref4
        case 0x14, 0x20 -> fixed(8);                                          // ref8, ref_sig8
        case 0x16 -> form((int) uleb(), 0, version, addressSize, dwarf64);    // indirect
        case 0x17 -> {                                                        // sec_offset
          long at = pos;
          yield fixed(offsetSize) + relocatedBase(at);
        }
        case 0x19 -> 1L;                                                      // flag_present
        case 0x1e -> skip(16);                                                // data16
        case 0x21 -> implicitConst;                                           // implicit_const
        default -> throw new IllegalStateException("DWARF form " + form);
      };
    }

    private long fixed(int size) {
      return switch (size) {
        case 1 -> u8();
        case 2 -> u16();
        case 4 -> u32();
        case 8 -> u64();
        default -> throw new IllegalStateException("field size " + size);
      };
    }

    private Object skip(long n) {
      if (n < 0 || n > data.byteSize() - pos) throw new IllegalStateException("block beyond its section");
      pos += n;
      return null;
    }

    /** A string in another section, through the relocation on this field (the stored value is the addend). */
    private String strp(int offsetSize) {
      long at = pos;
      long offset = fixed(offsetSize);
      int sec = targetSection(at);
      if (sec < 0 || sec >= coff.numberOfSections) return null;
      Cursor s = new Cursor(coff.sectionData(sec));
      s.pos = targetValue(at) + offset;
      return s.cstring();
    }

    int u8() { return Le.u8(data, pos++); }
    int u16() { int v = Le.u16(data, pos); pos += 2; return v; }
    long u32() { long v = Le.u32(data, pos); pos += 4; return v; }
    long u64() { long v = Le.u64(data, pos); pos += 8; return v; }

    long uleb() {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        int b = u8();
        if (shift < 64) v |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) return v;
      }
    }

    long sleb() {
      long v = 0;
      int shift = 0, b;
      do {
        b = u8();
        if (shift < 64) v |= (long) (b & 0x7f) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      return shift < 64 && (b & 0x40) != 0 ? v | -1L << shift : v;
    }

    String cstring() {
      long end = Le.findNul(data, pos);
      if (end < 0) throw new IllegalStateException("string without its NUL");
      String s = Le.string(data, pos, (int) (end - pos));
      pos = end + 1;
      return s;
    }
  }
}
