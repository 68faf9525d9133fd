package dev.jwin.link;

import dev.jwin.coff.Machine;

import java.util.ArrayList;
import java.util.List;

/**
 * What -lldmingw adds: automatic import of data with runtime pseudo relocations, and the
 * {@code __CTOR_LIST__}/{@code __DTOR_LIST__} and {@code __RUNTIME_PSEUDO_RELOC_LIST__} symbols.
 */
final class MinGW {
  private MinGW() {}

  /**
   * gcc's crtend.o ends .eh_frame with the zero terminator of the frames crtbegin.o registers, so its
   * chunks must come last in every output section, yet archive members load after it, the last file
   * named. As lld-link does, once all files are loaded the first command-line object named
   * {@code crtend.o} (or {@code crtendX.o}) moves behind every other object.
   */
  static void moveCrtendLast(LinkContext ctx) {
    ObjectFile crtend = null;
    for (ObjectFile o : ctx.objects) {
      if (o.parentName.isEmpty() && isCrtend(o.name)) {
        crtend = o;
        break;
      }
    }
    if (crtend == null) return;
    ctx.objects.remove(crtend);
    ctx.objects.add(crtend);
    // Its chunks are one run of the list, added when it was parsed.
    List<SectionChunk> own = ctx.chunks.subList(crtend.firstChunk, crtend.firstChunk + crtend.chunkCount);
    List<SectionChunk> moved = new ArrayList<>(own);
    own.clear();
    ctx.chunks.addAll(moved);
  }

  /** A file name ending in {@code crtend.o}, with at most one character before the {@code .o}. */
  static boolean isCrtend(String name) {
    if (!name.endsWith(".o")) return false;
    String stem = name.substring(0, name.length() - 2);
    return stem.endsWith("crtend") || (!stem.isEmpty() && stem.substring(0, stem.length() - 1).endsWith("crtend"));
  }

  /** For each still-undefined NAME whose {@code __imp_NAME} is in an archive, load that member (and x86's stdcall fixups). */
  static void loadAutoImports(LinkContext ctx) {
    boolean fixups = ctx.machine == Machine.I386 && ctx.config.stdcallFixup();
    boolean autoImport = ctx.config.mingw && ctx.config.autoImport;
    if (!autoImport && !fixups) return;
    SymbolTable st = ctx.symtab;
    for (Symbol s : new ArrayList<>(st.ordered())) {
      if (s.kind != Symbol.Kind.UNDEFINED || s.weakAlias != null) continue;
      if (fixups && stdcallFixup(ctx, s)) continue;
      if (!autoImport) continue;
      if (s.name().startsWith("__imp_")) {
        Symbol plain = st.find(s.name().substring(6));
        if (plain != null && plain.kind == Symbol.Kind.LAZY) st.loadLazy(plain);
        continue;
      }
      Symbol imp = st.find("__imp_" + s.name());
      if (imp != null && imp.kind == Symbol.Kind.LAZY) st.loadLazy(imp);
    }
  }

  /**
   * x86: an undefined decorated {@code _f@N}, {@code @f@N} or {@code f@@N} falls back to a cdecl {@code _f},
   * defined or in an archive, as lld-link does for mingw; as lld-link, a warning names each fixup unless
   * {@code -stdcall-fixup} asked for them.
   */
  private static boolean stdcallFixup(LinkContext ctx, Symbol s) {
    SymbolTable st = ctx.symtab;
    String base = s.name();
    if (base.startsWith("_") || base.startsWith("@")) base = base.substring(1);
    int at = base.indexOf('@');
    if (at >= 0) base = base.substring(0, at);
    String cdecl = "_" + base;
    if (cdecl.equals(s.name())) return false;
    Symbol target = st.find(cdecl);
    if (target == null || !(target.isDefined() || target.kind == Symbol.Kind.LAZY)) return false;
    if (target.kind == Symbol.Kind.LAZY) st.loadLazy(target);
    if (ctx.config.stdcallFixup == null) ctx.diag.warn("Resolving " + s.name() + " by linking to " + cdecl);
    s.weakAlias = target;
    return true;
  }

  /** Resolves undefined {@code s} to the IAT slot of {@code __imp_NAME}, to be fixed up at run time. */
  static boolean autoImport(LinkContext ctx, Symbol s) {
    SymbolTable st = ctx.symtab;
    Symbol imp = st.find("__imp_" + s.name());
    if (imp == null) return false;
    if (imp.kind == Symbol.Kind.IMPORT_DATA) {
      s.define(Symbol.Kind.IMPORT_DATA, imp.file, null, 0);
    } else if (imp.kind == Symbol.Kind.REGULAR) {
      // A GNU import library: __imp_NAME is a regular symbol in an .idata$5 section.
      s.define(Symbol.Kind.SYNTHETIC, imp.file, imp.chunk, imp.value);
    } else {
      return false;
    }
    s.pseudoReloc = true;
    // A ".refptr.NAME" slot that only points at NAME becomes the IAT slot itself.
    Symbol refptr = st.find(".refptr." + s.name());
    if (refptr != null && refptr.kind == Symbol.Kind.REGULAR && refptr.chunk instanceof SectionChunk sc
        && sc.size == ctx.arch.pointerSize() && sc.relocCount() == 1
        && sc.relocTarget(0) == s) {
      sc.discard();
      boolean used = refptr.used;
      refptr.copyFrom(imp);
      refptr.used = used;
    }
    return true;
  }

  /** Pseudo relocations for every live reference to an auto-imported symbol. */
  static SyntheticChunks.PseudoRelocTable pseudoRelocs(LinkContext ctx) {
    List<SyntheticChunks.PseudoRelocTable.Entry> entries = new ArrayList<>();
    boolean any = false;
    for (Symbol s : ctx.symtab.ordered()) any |= s.pseudoReloc;
    if (!any) return new SyntheticChunks.PseudoRelocTable(entries);
    for (SectionChunk c : ctx.chunks) if (c.isLive() && !c.isDebug) pseudoRelocs(ctx, c, entries);
    if (!entries.isEmpty() && !ctx.config.pseudoRelocs) {
      ctx.diag.error("automatic dllimport of " + entries.getFirst().sym().name() + " in " + entries.getFirst().target()
          + " requires pseudo relocations");
    }
    return new SyntheticChunks.PseudoRelocTable(entries);
  }

  private static void pseudoRelocs(LinkContext ctx, SectionChunk c, List<SyntheticChunks.PseudoRelocTable.Entry> entries) {
    for (int j = 0, n = c.relocCount(); j < n; j++) {
      Symbol s = c.relocTarget(j);
      if (s == null || !s.pseudoReloc) continue;
      int type = c.relocType(j);
      int bits = ctx.arch.pseudoRelocBits(type);
      if (bits == 0) {
        ctx.diag.warn("unsupported relocation type " + type + " for pseudo-relocation of " + s.name() + " in " + c);
        continue;
      }
      entries.add(new SyntheticChunks.PseudoRelocTable.Entry(s, c, c.relocOffsetInSection(j), bits));
    }
  }
}
