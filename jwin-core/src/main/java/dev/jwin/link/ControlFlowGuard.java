package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;
import dev.jwin.coff.Machine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Control-flow guard (/guard:cf, /guard:longjmp, /guard:ehcont), as lld-link writes it: RVA tables in
 * {@code .rdata} of the valid indirect-call targets ({@code __guard_fids_table}), of the IAT entries whose
 * address is taken ({@code __guard_iat_table}), of the longjmp targets ({@code __guard_longjmp_table}) and of
 * the EH continuation targets ({@code __guard_eh_cont_table}, an RVA and a flag byte each), with their
 * {@code _count} symbols and {@code __guard_flags}, for the program's load configuration to point at.
 *
 * <p>An object compiled for guard (bit 11 of {@code @feat.00}) lists its targets as symbol-table indices in
 * {@code .gfids$y}, {@code .giats$y}, {@code .gljmp$y} and {@code .gehcont$y}; for any other object every
 * function a relocation names counts as address-taken. The entry point, exported functions and the load
 * thunks of delay-loaded functions whose IAT entry is address-taken are valid targets too, and each input
 * section holding a valid target is aligned to 16 bytes.
 */
final class ControlFlowGuard {
  private ControlFlowGuard() {}

  /** Levels in {@link Config#guardCf}. */
  static final int CF = 1, LONGJMP = 2, EHCONT = 4;

  /** @feat.00 bit 11: the object was compiled with /guard:cf. */
  static final int FEAT_GUARD_CF = 0x800;

  /** IMAGE_GUARD_* flags (spec 6.10, load configuration GuardFlags). */
  static final int CF_INSTRUMENTED = 0x100, CF_FUNCTION_TABLE_PRESENT = 0x400, CF_LONGJUMP_TABLE_PRESENT = 0x10000,
      EH_CONTINUATION_TABLE_PRESENT = 0x400000;

  /** The sections an object lists its guard targets in, never part of the image: section {@code i} of {@code coff}? */
  static boolean isTableSection(dev.jwin.coff.CoffObject coff, int i) { return isTableSection(coff, coff.sectionNameSpan(i)); }

  /** The same, for the name at {@code span} ({@link dev.jwin.coff.CoffObject#sectionNameSpan}). */
  static boolean isTableSection(dev.jwin.coff.CoffObject coff, long span) {
    if (!coff.nameStartsWith(span, ".g")) return false; // most sections: one comparison
    for (String t : TABLE_SECTIONS) if (coff.nameIs(span, t)) return true;
    return false;
  }

  private static final String[] TABLE_SECTIONS = {".gfids$y", ".giats$y", ".gljmp$y", ".gehcont$y"};

  /**
   * Applies one /guard: value to {@code level} as lld-link does: {@code cf} sets the guard alone, {@code longjmp}
   * and {@code ehcont} add their table (and the guard), {@code no...} take them away again. Returns -1 for an
   * unknown value.
   */
  static int apply(int level, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "no" -> 0;
      case "cf" -> CF;
      case "longjmp" -> level | CF | LONGJMP;
      case "ehcont" -> level | CF | EHCONT;
      case "nolongjmp" -> level & ~LONGJMP;
      case "noehcont" -> level & ~EHCONT;
      default -> -1;
    };
  }

  /** A place a table entry names: an offset in a chunk (or, without a chunk, an absolute address). */
  private record Target(Chunk chunk, long offset) {
    long rva(Image img) { return chunk == null ? offset - img.imageBase : chunk.rva + offset; }
  }

  /** Makes the tables, appends them to {@code rdata} and defines the linker's {@code __guard_*} symbols. */
  static void createTables(LinkContext ctx, List<Chunk> rdata) {
    Set<Target> fids = new LinkedHashSet<>(), giats = new LinkedHashSet<>(), longjmps = new LinkedHashSet<>(),
        ehconts = new LinkedHashSet<>();
    List<Symbol> giatSymbols = new ArrayList<>();
    Map<Symbol, Integer> types = symbolTypes(ctx);
    for (ObjectFile f : ctx.objects) {
      if ((f.feat00 & FEAT_GUARD_CF) == 0) {
        addRelocationTargets(ctx, f, types, fids);
        continue;
      }
      Map<SectionChunk, SectionChunk> parents = associativeParents(f);
      for (SectionChunk c : f.chunks) {
        if (c == null || !isTableSection(f.coff, c.index) || !isLive(c, parents)) continue;
        List<Symbol> syms = listedSymbols(ctx, f, c);
        switch (c.name()) {
          case ".gfids$y" -> addAll(syms, fids);
          case ".giats$y" -> { addAll(syms, giats); giatSymbols.addAll(syms); }
          case ".gljmp$y" -> addAll(syms, longjmps);
          default -> addAll(syms, ehconts);
        }
      }
    }
    if (ctx.entry != null && !ctx.config.noEntry) addIfFunction(ctx.symtab.find(ctx.symtab.mangle(ctx.entry)), types, fids);
    for (Exports.Export e : ctx.exports) addIfFunction(e.sym, types, fids);
    // A delay-loaded function whose IAT entry is address-taken may be called through its load thunk.
    for (Symbol s : giatSymbols)
      if (s.kind == Symbol.Kind.IMPORT_DATA && s.importFile().iatChunk instanceof DelayImports.Slot slot)
        fids.add(new Target(slot.thunk, 0));
    for (Target t : fids) if (t.chunk != null) t.chunk.alignment = Math.max(t.chunk.alignment, 16);

    int level = ctx.config.guardCf;
    addTable(ctx, rdata, fids, "__guard_fids_table", "__guard_fids_count", false);
    addTable(ctx, rdata, giats, "__guard_iat_table", "__guard_iat_count", false);
    if ((level & LONGJMP) != 0) addTable(ctx, rdata, longjmps, "__guard_longjmp_table", "__guard_longjmp_count", false);
    if ((level & EHCONT) != 0) addTable(ctx, rdata, ehconts, "__guard_eh_cont_table", "__guard_eh_cont_count", true);
    int flags = CF_INSTRUMENTED | CF_FUNCTION_TABLE_PRESENT;
    if ((level & LONGJMP) != 0) flags |= CF_LONGJUMP_TABLE_PRESENT;
    if ((level & EHCONT) != 0) flags |= EH_CONTINUATION_TABLE_PRESENT;
    Symbol flagSym = ctx.symtab.findUnderscore("__guard_flags");
    if (flagSym != null) flagSym.define(Symbol.Kind.ABSOLUTE, null, null, flags);
  }

  private static void addAll(List<Symbol> syms, Set<Target> out) {
    for (Symbol s : syms) out.add(target(s));
  }

  private static Target target(Symbol s) {
    Chunk c = s.definingChunk();
    return c == null ? new Target(null, s.value) : new Target(c, s.kind == Symbol.Kind.IMPORT_DATA
        || s.kind == Symbol.Kind.IMPORT_THUNK ? 0 : s.value);
  }

  /** The live symbols a guard table section names by symbol-table index; bad contents are warnings, as in lld-link. */
  private static List<Symbol> listedSymbols(LinkContext ctx, ObjectFile f, SectionChunk c) {
    List<Symbol> out = new ArrayList<>();
    Bytes data = c.contents();
    if (c.size % 4 != 0 || data.byteSize() < c.size) {
      ctx.diag.warn("ignoring " + c.name() + " symbol table index section in object " + f.name);
      return out;
    }
    for (long o = 0; o < c.size; o += 4) {
      long index = Le.u32(data, o);
      if (index >= f.symbols.length) {
        ctx.diag.warn("ignoring invalid symbol table index in section " + c.name() + " in object " + f.name);
        continue;
      }
      Symbol s = f.symbols[(int) index];
      if (s != null && isLive(s)) out.add(s);
    }
    return out;
  }

  /**
   * An object not compiled for guard: every function its live sections relocate against may be called
   * indirectly (except through i386 REL32: a direct call there computes no address).
   */
  private static void addRelocationTargets(LinkContext ctx, ObjectFile f, Map<Symbol, Integer> types, Set<Target> out) {
    for (SectionChunk c : f.chunks) {
      if (c == null || !c.isLive() || isTableSection(f.coff, c.index)) continue;
      for (int j = 0; j < c.relocCount(); j++) {
        if (ctx.machine == Machine.I386 && c.relocType(j) == Coff.REL_I386_REL32) continue;
        addIfFunction(c.relocTarget(j), types, out);
      }
    }
  }

  /** Adds {@code s} if it is code: an import thunk, or a function defined in a live executable section. */
  private static void addIfFunction(Symbol s, Map<Symbol, Integer> types, Set<Target> out) {
    if (s == null) return;
    if (s.kind == Symbol.Kind.IMPORT_THUNK && s.importFile().thunkChunk != null) {
      out.add(target(s));
    } else if (s.kind == Symbol.Kind.REGULAR && s.chunk instanceof SectionChunk sc && sc.isLive()
        && (sc.outputCharacteristics() & Coff.SCN_MEM_EXECUTE) != 0 && isFunction(s, types)) {
      out.add(target(s));
    }
  }

  /** The symbol's COFF type in its defining object says "function" (IMAGE_SYM_DTYPE_FUNCTION). */
  private static boolean isFunction(Symbol s, Map<Symbol, Integer> types) {
    Integer t = types.get(s);
    if (t == null && s.file instanceof ObjectFile f) {
      // A weak external resolved to its alternative: the type of the definition it copied.
      for (int i = 0; i < f.symbols.length && t == null; i++) {
        Symbol d = f.symbols[i];
        if (d != null && d.file == f && d.chunk == s.chunk && d.value == s.value) t = f.coff.symbolType(i);
      }
    }
    return t != null && ((t >> 4) & 3) == 2;
  }

  /** Each defined symbol's type from the record of the object that defines it. */
  private static Map<Symbol, Integer> symbolTypes(LinkContext ctx) {
    Map<Symbol, Integer> types = new HashMap<>();
    for (ObjectFile f : ctx.objects) {
      for (int i = 0; i < f.symbols.length; i++) {
        Symbol s = f.symbols[i];
        if (s != null && s.file == f) types.putIfAbsent(s, f.coff.symbolType(i));
      }
    }
    return types;
  }

  /** An associative table lives and dies with its parent (e.g. the COMDAT function it belongs to). */
  private static boolean isLive(SectionChunk c, Map<SectionChunk, SectionChunk> parents) {
    SectionChunk p = parents.get(c);
    return !c.discarded && (p == null || p.isLive());
  }

  private static Map<SectionChunk, SectionChunk> associativeParents(ObjectFile f) {
    Map<SectionChunk, SectionChunk> parents = new HashMap<>();
    for (SectionChunk p : f.chunks)
      if (p != null) for (SectionChunk child : p.assocChildren) parents.put(child, p);
    return parents;
  }

  private static boolean isLive(Symbol s) {
    return switch (s.kind) {
      case REGULAR -> !(s.chunk instanceof SectionChunk c) || c.isLive();
      case IMPORT_DATA, IMPORT_THUNK -> s.importFile().live && s.definingChunk() != null;
      default -> s.isDefined();
    };
  }

  /** Replaces the absolute placeholders {@code table}/{@code count} when there is anything to list. */
  private static void addTable(LinkContext ctx, List<Chunk> rdata, Set<Target> targets, String table, String count,
      boolean withFlags) {
    if (targets.isEmpty()) return;
    Table chunk = new Table(new ArrayList<>(targets), withFlags);
    rdata.add(chunk);
    Symbol t = ctx.symtab.findUnderscore(table);
    if (t != null) t.define(Symbol.Kind.SYNTHETIC, null, chunk, 0);
    Symbol c = ctx.symtab.findUnderscore(count);
    if (c != null) c.define(Symbol.Kind.ABSOLUTE, null, null, targets.size());
  }

  /** Sorted RVAs, each followed by a zero flag byte in the EH continuation table. */
  static final class Table extends SyntheticChunks.Fixed {
    private final List<Target> targets;
    private final int entrySize;

    Table(List<Target> targets, boolean withFlags) {
      super(".rdata", SyntheticChunks.RDATA, 4);
      this.targets = targets;
      this.entrySize = withFlags ? 5 : 4;
    }

    @Override long size() { return (long) entrySize * targets.size(); }

    @Override void writeTo(Bytes buf, Image img) {
      long[] rvas = new long[targets.size()];
      for (int i = 0; i < rvas.length; i++) rvas[i] = targets.get(i).rva(img);
      java.util.Arrays.sort(rvas);
      for (int i = 0; i < rvas.length; i++) Le.put32(buf, (long) entrySize * i, rvas[i]);
    }
  }
}
