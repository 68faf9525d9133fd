package dev.jwin.link;

import dev.jwin.coff.Coff;
import dev.jwin.coff.Machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Symbol resolution, once the inputs are read: the linker's own symbols, -include, the entry point and
 * subsystem, exports, -alternatename and mingw auto-import loads until nothing more loads; then weak
 * aliases, local {@code __imp_} pointers and auto-imported data; what is left is an undefined-symbol error.
 */
final class Resolver {
  private final LinkContext ctx;
  private final Config config;
  private final Diagnostics diag;

  Resolver(LinkContext ctx) {
    this.ctx = ctx;
    this.config = ctx.config;
    this.diag = ctx.diag;
  }

  void run() {
    // As in lld-link, the linker's own symbols come after the inputs: an archive member that
    // defines one of them may already have been loaded, and its definition then stands.
    defineLinkerSymbols();
    for (String inc : config.includes) ctx.symtab.addUndefined(inc, null, false).gcRoot = true;
    // As lld-link: any /delayload needs the runtime's helper, whether or not that DLL is imported from.
    if (!config.delayLoads.isEmpty()) ctx.symtab.addUndefined(ctx.arch.delayLoadHelper(), null, false).gcRoot = true;
    ctx.loadPending();
    // /includeoptional: only a symbol some archive offers is pulled in; nothing else happens.
    for (String inc : config.includeOptional) {
      Symbol s = ctx.symtab.find(inc);
      if (s != null && s.kind == Symbol.Kind.LAZY) ctx.symtab.addUndefined(inc, null, false).gcRoot = true;
    }
    ctx.loadPending();
    resolveSymbols();
    for (String name : config.alignComm.keySet())
      if (ctx.symtab.find(name) == null) diag.warn("/aligncomm symbol " + name + " not found");
  }

  private void defineLinkerSymbols() {
    SymbolTable st = ctx.symtab;
    st.addSynthetic(st.mangle("__ImageBase"), null, 0);
    if (ctx.machine == Machine.I386) {
      st.addAbsolute(st.mangle("__safe_se_handler_table"), null, 0);
      st.addAbsolute(st.mangle("__safe_se_handler_count"), null, 0);
    }
    for (String g : new String[] {"__guard_fids_count", "__guard_fids_table", "__guard_flags", "__guard_iat_count",
        "__guard_iat_table", "__guard_longjmp_count", "__guard_longjmp_table", "__guard_eh_cont_count",
        "__guard_eh_cont_table"}) {
      st.addAbsolute(st.mangle(g), null, 0);
    }
    if (config.mingw) {
      st.addAbsolute(st.mangle("__RUNTIME_PSEUDO_RELOC_LIST__"), null, 0);
      st.addAbsolute(st.mangle("__RUNTIME_PSEUDO_RELOC_LIST_END__"), null, 0);
      st.addAbsolute(st.mangle("__CTOR_LIST__"), null, 0);
      st.addAbsolute(st.mangle("__DTOR_LIST__"), null, 0);
    }
  }

  private void resolveSymbols() {
    SymbolTable st = ctx.symtab;
    ctx.entry = config.entry;
    if (ctx.entry != null) {
      st.addUndefined(st.mangle(ctx.entry), null, false).gcRoot = true;
    } else if (!config.noEntry) {
      String e = config.dll ? (config.mingw ? "DllMainCRTStartup" : "_DllMainCRTStartup") : defaultEntry();
      if (e == null) throw diag.fatal("entry point must be defined");
      ctx.entry = e;
      st.addUndefined(st.mangle(e), null, false).gcRoot = true;
    }
    ctx.subsystem = config.subsystem == Coff.SUBSYSTEM_UNKNOWN ? inferSubsystem() : config.subsystem;
    List<Exports.Export> exports = new ArrayList<>();
    for (Exports.Export e : ctx.defExports) {
      exports.add(e);
      addExportSymbol(e);
    }
    int exportsSeen = 0;
    do {
      // Exports named so far (command line and .drectve) pull in their definitions.
      for (; exportsSeen < config.exports.size(); exportsSeen++) {
        Exports.Export e = Exports.parse(config.exports.get(exportsSeen), diag);
        exports.add(e);
        addExportSymbol(e);
      }
      if (ctx.machine == Machine.I386) for (Exports.Export e : exports) stdcallFixup(e);
      for (Map.Entry<String, String> alt : config.alternateNames.entrySet()) {
        Symbol from = st.find(alt.getKey());
        if (from != null && from.kind == Symbol.Kind.UNDEFINED && from.weakAlias == null)
          from.weakAlias = st.addUndefined(alt.getValue(), null, false);
      }
      MinGW.loadAutoImports(ctx); // mingw auto-import and x86 stdcall fixups, when either applies
    } while (ctx.loadPending() || exportsSeen < config.exports.size());
    // An export or entry point still undefined may name a C++ function without its decoration.
    List<Symbol> wanted = new ArrayList<>();
    for (Exports.Export e : exports) if (e.sym != null) wanted.add(e.sym);
    if (ctx.entry != null) wanted.add(st.find(st.mangle(ctx.entry)));
    for (Symbol s : wanted) {
      if (s == null || s.kind != Symbol.Kind.UNDEFINED || s.weakAlias != null) continue;
      String mangled = st.findMangled(s.name());
      if (mangled != null) s.weakAlias = st.addUndefined(mangled, null, false);
    }
    ctx.loadPending();
    // Automatic exports are chosen before weak aliases are resolved (as lld-link does), so a weak
    // function that fell back to its default is not exported.
    if (config.dll && ((config.mingw && exports.isEmpty() && !config.excludeAllSymbols) || config.exportAllSymbols)) {
      for (Symbol s : new ArrayList<>(st.ordered())) {
        if (!Exports.shouldAutoExport(st, s, config.excludeSymbols)) continue;
        Exports.Export e = new Exports.Export();
        e.name = Exports.undecorate(s.name(), ctx.machine, config.mingw);
        e.symbolName = s.name();
        e.sym = s;
        e.data = Exports.isData(s);
        s.gcRoot = true;
        exports.add(e);
      }
    }
    resolveRemainingUndefined();
    diag.checkpoint();
    if (config.killAt && ctx.machine == Machine.I386) for (Exports.Export e : exports) Exports.killAt(e);
    if (!exports.isEmpty()) ctx.exports = Exports.finish(exports, diag);
  }

  /** An export pulls in the symbol it names (on x86 with its '_' unless the name is decorated). */
  private void addExportSymbol(Exports.Export e) {
    if (e.forwardTo != null) return;
    e.symbolName = Exports.symbolFor(e.name, ctx.machine, config.mingw);
    e.sym = ctx.symtab.addUndefined(e.symbolName, null, false);
    e.sym.gcRoot = true;
  }

  /**
   * x86: an export "f" that nothing defines as {@code _f} resolves to a decorated definition, stdcall
   * {@code _f@N}, fastcall {@code @f@N} or vectorcall {@code f@@N}, as lld-link does.
   */
  private void stdcallFixup(Exports.Export e) {
    Symbol s = e.sym;
    if (s == null || s.kind != Symbol.Kind.UNDEFINED || s.weakAlias != null || !s.name().startsWith("_")) return;
    String plain = s.name().substring(1);
    for (String prefix : new String[] {s.name() + "@", "@" + plain + "@", plain + "@@"}) {
      Symbol d = ctx.symtab.firstDefinedOrLazy(prefix);
      if (d == null) continue;
      s.weakAlias = ctx.symtab.addUndefined(d.name(), null, false);
      e.symbolName = d.name();
      return;
    }
  }

  private boolean defined(String name) {
    Symbol s = ctx.symtab.findUnderscore(name);
    return s != null && (s.isDefined() || s.kind == Symbol.Kind.LAZY);
  }

  private String defaultEntry() {
    if (config.mingw) return config.subsystem == Coff.SUBSYSTEM_WINDOWS_GUI ? "WinMainCRTStartup" : "mainCRTStartup";
    if (config.subsystem == Coff.SUBSYSTEM_WINDOWS_GUI || (config.subsystem == Coff.SUBSYSTEM_UNKNOWN
        && !defined("main") && !defined("wmain"))) {
      if (defined("wWinMain")) return "wWinMainCRTStartup";
      if (defined("WinMain")) return "WinMainCRTStartup";
    }
    if (defined("wmain")) return "wmainCRTStartup";
    if (defined("main")) return "mainCRTStartup";
    return null;
  }

  private int inferSubsystem() {
    if (config.dll) return Coff.SUBSYSTEM_WINDOWS_GUI;
    if (config.mingw) return Coff.SUBSYSTEM_WINDOWS_CUI;
    String e = ctx.entry == null ? "" : ctx.entry;
    if (defined("main") || defined("wmain") || e.equals("mainCRTStartup") || e.equals("wmainCRTStartup"))
      return Coff.SUBSYSTEM_WINDOWS_CUI;
    if (defined("WinMain") || defined("wWinMain") || e.equals("WinMainCRTStartup") || e.equals("wWinMainCRTStartup"))
      return Coff.SUBSYSTEM_WINDOWS_GUI;
    throw diag.fatal("subsystem must be defined");
  }

  /** Weak aliases, local imports and (mingw) auto-imports get their last chance; the rest are errors. */
  private void resolveRemainingUndefined() {
    List<Symbol> undefined = stillUndefined();
    // As in lld-link, errors found while symbols were added (duplicates) end the link before undefined symbols are listed.
    if (undefined.isEmpty() || diag.errorCount() > 0) return;
    Map<Symbol, List<String>> refs = References.collect(ctx, undefined);
    // lld-link names the roots (/entry, /include, exports) first, then every symbol some input refers to.
    for (Symbol s : undefined) {
      if (!s.gcRoot) continue;
      reportUndefined("<root>: undefined symbol: " + ctx.demangle(s.name()));
    }
    for (Symbol s : undefined) {
      if (s.gcRoot && s.file == null && !refs.containsKey(s)) continue;
      StringBuilder b = new StringBuilder("undefined symbol: ").append(ctx.demangle(s.name()));
      List<String> where = refs.getOrDefault(s, List.of());
      int shown = 0;
      for (String w : where) {
        if (shown++ == 3) {
          b.append("\n>>> referenced ").append(where.size() - 3).append(" more times");
          break;
        }
        b.append("\n>>> referenced by ").append(w);
      }
      if (where.isEmpty() && s.file != null) b.append("\n>>> referenced by ").append(s.file.symbolDiagnosticName());
      reportUndefined(b.toString());
    }
    if (config.forceUnresolved) {
      for (Symbol s : undefined) s.define(Symbol.Kind.ABSOLUTE, null, null, 0);
    }
  }

  /** The symbols {@link #lastChance} leaves undefined. A loop over every symbol, kept small (see docs/architecture.md). */
  private List<Symbol> stillUndefined() {
    List<Symbol> undefined = new ArrayList<>();
    for (Symbol s : new ArrayList<>(ctx.symtab.ordered())) if (s.kind == Symbol.Kind.UNDEFINED && !lastChance(s)) undefined.add(s);
    return undefined;
  }

  /** Resolves {@code s} through its weak alias, as a local import or (mingw) an auto-import; false if it is undefined. */
  private boolean lastChance(Symbol s) {
    SymbolTable st = ctx.symtab;
    Symbol alias = s.weakAlias;
    for (int depth = 0; alias != null && alias.kind == Symbol.Kind.UNDEFINED && depth < 100; depth++) alias = alias.weakAlias;
    if (alias != null && alias.isDefined()) {
      boolean used = s.used;
      ctx.aliasNames.put(s, ctx.aliasNames.getOrDefault(alias, alias.name()));
      s.symtab |= OutputSymbols.ALIASED;
      s.copyFrom(alias);
      s.weakAlias = null;
      s.used = used;
      return true;
    }
    if (s.name().startsWith("__imp_")) {
      Symbol local = st.find(s.name().substring(6));
      if (local != null && local.isDefined() && local.kind != Symbol.Kind.IMPORT_THUNK) {
        if (!config.mingw) diag.warn(s.file + ": locally defined symbol imported: " + ctx.demangle(local.name()));
        SyntheticChunks.LocalImport c = new SyntheticChunks.LocalImport(local, ctx.arch);
        st.localImportChunks.add(c);
        s.define(Symbol.Kind.LOCAL_IMPORT, null, c, 0);
        return true;
      }
    }
    if (config.mingw && config.autoImport && MinGW.autoImport(ctx, s)) return true;
    return !s.used && !s.gcRoot && s.file == null; // only named by the linker itself and never referenced
  }

  /** An undefined symbol is an error, or a warning under /force:unresolved. */
  private void reportUndefined(String msg) {
    if (config.forceUnresolved) diag.warn(msg);
    else diag.error(msg);
  }
}
