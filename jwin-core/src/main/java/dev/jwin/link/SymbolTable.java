package dev.jwin.link;

import dev.jwin.coff.Coff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Global symbols by name, with lld-link's resolution rules. */
public final class SymbolTable {
  private final LinkContext ctx;
  final Map<String, Symbol> map = new HashMap<>(1 << 16);
  /** Insertion order, for deterministic iteration. */
  final List<Symbol> ordered = new ArrayList<>(1 << 15);
  final List<Chunk> localImportChunks = new ArrayList<>();

  SymbolTable(LinkContext ctx) {
    this.ctx = ctx;
  }

  public Symbol find(String name) { return map.get(name); }

  private Symbol insert(String name) {
    Symbol s = map.get(name);
    if (s == null) {
      s = new Symbol(name, Symbol.Kind.UNDEFINED);
      s.file = null;
      map.put(name, s);
      ordered.add(s);
    }
    return s;
  }


  Symbol addUndefined(String name, InputFile f, boolean weakAlias) {
    Symbol s = insert(name);
    if (s.file == null && s.kind == Symbol.Kind.UNDEFINED) s.file = f;
    if (f != null) s.used = true;
    if (s.kind == Symbol.Kind.LAZY) {
      if (!weakAlias) {
        loadLazy(s);
      } else {
        // A weak external does not pull archive members: it falls back to its default instead.
        s.kind = Symbol.Kind.UNDEFINED;
        s.archive = null;
        s.file = f;
      }
    }
    return s;
  }

  void addLazy(ArchiveFile a, String name, long memberOffset) {
    Symbol s = map.get(name);
    if (s == null) {
      s = insert(name);
      s.kind = Symbol.Kind.LAZY;
      s.archive = a;
      s.memberOffset = memberOffset;
      s.file = a;
      return;
    }
    if (s.kind != Symbol.Kind.UNDEFINED || s.weakAlias != null || s.pendingLoad) return;
    s.pendingLoad = true;
    a.loadMember(ctx, memberOffset, s);
  }

  /** Loads the archive member that defines lazy symbol {@code s}; {@code s} becomes undefined until then. */
  void loadLazy(Symbol s) {
    ArchiveFile a = s.archive;
    long off = s.memberOffset;
    s.kind = Symbol.Kind.UNDEFINED;
    s.archive = null;
    s.pendingLoad = true;
    a.loadMember(ctx, off, s);
  }

  Symbol addRegular(String name, InputFile f, Chunk c, long value) {
    Symbol s = insert(name);
    if (s.kind != Symbol.Kind.REGULAR) {
      s.define(Symbol.Kind.REGULAR, f, c, value);
    } else {
      reportDuplicate(s, f, c, value);
    }
    return s;
  }

  /** A COMDAT leader; returns the symbol and discards {@code c} when another section prevails. */
  Symbol addComdat(String name, ObjectFile f, SectionChunk c, long value) {
    Symbol s = insert(name);
    if (s.kind != Symbol.Kind.REGULAR) {
      s.define(Symbol.Kind.REGULAR, f, c, value);
      s.comdat = true;
      c.leader = s;
      return s;
    }
    if (!s.comdat || !(s.chunk instanceof SectionChunk leader)) {
      reportDuplicate(s, f, c, value);
      c.discard();
      return s;
    }
    int sel = c.selection, leaderSel = leader.selection;
    if (sel != leaderSel) {
      // mingw objects mix "any" and "largest" for the same data; otherwise keep the leader's rule
      if ((sel == Coff.COMDAT_ANY && leaderSel == Coff.COMDAT_LARGEST) || (sel == Coff.COMDAT_LARGEST && leaderSel == Coff.COMDAT_ANY))
        sel = Coff.COMDAT_LARGEST;
      else sel = leaderSel;
    }
    boolean prevail = false;
    switch (sel) {
      case Coff.COMDAT_NODUPLICATES -> reportDuplicate(s, f, c, value);
      case Coff.COMDAT_SAME_SIZE -> {
        if (leader.size != c.size) reportDuplicate(s, f, c, value);
      }
      case Coff.COMDAT_EXACT_MATCH -> {
        if (!sameContents(leader, c)) reportDuplicate(s, f, c, value);
      }
      case Coff.COMDAT_LARGEST -> prevail = c.size > leader.size;
      default -> {} // ANY, NEWEST, ASSOCIATIVE: keep the first
    }
    if (prevail) {
      leader.discard();
      s.define(Symbol.Kind.REGULAR, f, c, value);
      s.comdat = true;
      c.leader = s;
    } else {
      c.discard();
    }
    return s;
  }

  private static boolean sameContents(SectionChunk a, SectionChunk b) {
    if (a.size != b.size || a.relocCount() != b.relocCount()) return false;
    if (a.hasData() != b.hasData()) return false;
    if (a.hasData() && a.contents.mismatch(b.contents) != -1) return false;
    for (int j = 0; j < a.relocCount(); j++) {
      if (a.relocOffsetInSection(j) != b.relocOffsetInSection(j) || a.relocType(j) != b.relocType(j)) return false;
    }
    return true;
  }

  Symbol addCommon(String name, InputFile f, long size) {
    Symbol s = insert(name);
    s.used = true;
    if (!s.isDefined()) {
      s.define(Symbol.Kind.COMMON, f, null, 0);
      s.commonSize = size;
    } else if (s.kind == Symbol.Kind.COMMON && size > s.commonSize) {
      s.file = f;
      s.commonSize = size;
    }
    return s;
  }

  Symbol addAbsolute(String name, InputFile f, long va) {
    Symbol s = insert(name);
    if (!s.isDefined()) {
      s.define(Symbol.Kind.ABSOLUTE, f, null, va);
    } else if (s.kind == Symbol.Kind.ABSOLUTE) {
      if (s.value != va) reportDuplicate(s, f);
    } else if (s.kind != Symbol.Kind.REGULAR && s.kind != Symbol.Kind.COMMON) {
      reportDuplicate(s, f);
    }
    return s;
  }

  Symbol addSynthetic(String name, Chunk c, long value) {
    Symbol s = insert(name);
    if (!s.isDefined()) s.define(Symbol.Kind.SYNTHETIC, null, c, value);
    else reportDuplicate(s, null);
    return s;
  }

  /** {@code __imp_NAME} (kind IMPORT_DATA) or the call thunk {@code NAME} (IMPORT_THUNK) of an import. */
  Symbol addImport(String name, Symbol.Kind kind, ImportFile f) {
    Symbol s = insert(name);
    if (!s.isDefined()) {
      s.define(kind, f, null, 0);
      s.importFile = f;
    } else {
      reportDuplicate(s, f);
    }
    return s;
  }

  void reportDuplicate(Symbol s, InputFile newFile) { reportDuplicate(s, newFile, null, 0); }

  /** lld's message; in mingw mode each definition in a section with DWARF lines also names its source line. */
  void reportDuplicate(Symbol s, InputFile newFile, Chunk newChunk, long newValue) {
    String msg = "duplicate symbol: " + ctx.demangle(s.name) + "\n>>> defined at " + where(s, s.file, s.chunk, s.value)
        + "\n>>> defined at " + where(s, newFile, newChunk, newValue);
    if (ctx.config.forceMultiple) ctx.diag.warn(msg);
    else ctx.diag.error(msg);
  }

  private String where(Symbol s, InputFile f, Chunk c, long value) {
    if (f == null) return "<internal>";
    DwarfLines.Line line = f instanceof ObjectFile o ? DwarfLines.definition(ctx, o, c, value, s.name) : null;
    return line == null ? f.symbolDiagnosticName() : line + "\n>>>            " + f.symbolDiagnosticName();
  }

  /**
   * For an export or entry point named without its C++ decoration ({@code /export:foo}), the one
   * defined (or archive-offered) function {@code ?foo@@Y...} lld-link would pick; null if none.
   */
  String findMangled(String name) {
    if (ctx.machine == dev.jwin.coff.Machine.I386) return null;
    String prefix = "?" + name + "@@Y";
    for (Symbol s : ordered)
      if (s.kind != Symbol.Kind.UNDEFINED && s.name.startsWith(prefix)) return s.name;
    return null;
  }

  /** Finds a symbol whose name may carry the i386 leading underscore. */
  Symbol findUnderscore(String name) {
    return find(mangle(name));
  }

  /** The C name {@code name} as a symbol of this machine ({@code _name} on x86). */
  String mangle(String name) { return ctx.machine == dev.jwin.coff.Machine.I386 ? "_" + name : name; }
}
