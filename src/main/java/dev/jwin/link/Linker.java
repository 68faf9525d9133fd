package dev.jwin.link;

import dev.jwin.coff.Coff;
import dev.jwin.coff.CorruptInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One link, as a fixed list of passes. Each pass is a method; {@code -time} prints how long each took.
 */
public final class Linker {
  private final LinkContext ctx;
  private final Config config;
  private final Diagnostics diag;

  public Linker(Config config, Diagnostics diag) {
    this.config = config;
    this.diag = diag;
    this.ctx = new LinkContext(config, diag);
  }

  public void run(List<String> args) {
    long start = System.nanoTime();
    timed("parse options", () -> parseOptions(args));
    timed("read inputs", this::readInputs);
    timed("resolve symbols", this::resolveSymbols);
    timed("mark live", () -> MarkLive.run(ctx));
    timed("write output", () -> new Writer(ctx).run());
    Manifest.writeSideBySide(ctx);
    if ((config.dll || !ctx.exports.isEmpty()) && !config.noImplib && (!config.mingw || config.implib != null))
      timed("write import library", () -> Exports.writeImportLibrary(config, ctx.exports, diag));
    if (config.time) {
      for (String t : ctx.timings) diag.message(t);
      diag.message(String.format("  %-30s %8.1f ms", "total", (System.nanoTime() - start) / 1e6));
    }
  }

  private void timed(String name, Runnable pass) {
    ctx.time(name, pass);
    diag.checkpoint();
  }

  private void parseOptions(List<String> args) {
    ctx.options.parse(args);
    diag.errorLimit = config.errorLimit;
    diag.warningsAsErrors = config.warningsAsErrors;
    if (config.inputs.isEmpty()) throw diag.fatal("no input files");
    if (config.defFile != null) readModuleDefinition();
    if (config.output == null) {
      String first = Path.of(config.inputs.getFirst()).getFileName().toString();
      int dot = first.lastIndexOf('.');
      config.output = (dot > 0 ? first.substring(0, dot) : first) + (config.dll ? ".dll" : ".exe");
    }
    if (config.debug && !config.gcExplicit) config.doGc = false;
    if (config.fixed) config.dynamicBase = false;
  }

  /** -DEF: exports, the output name, stack and heap sizes and the image version from a .def file. */
  private void readModuleDefinition() {
    dev.jwin.archive.ModuleDefinition def;
    try {
      def = dev.jwin.archive.DefFile.parse(Path.of(config.defFile), config.defFile);
    } catch (dev.jwin.archive.DefFile.ParseException e) {
      throw diag.fatal(e.diagnostic());
    } catch (java.io.IOException e) {
      throw diag.fatal("cannot open " + config.defFile + ": " + Options.ioReason(e));
    }
    if (config.output == null && def.outputFile() != null) config.output = def.outputFile();
    if (def.imageBase() > 0 && config.imageBase < 0) config.imageBase = def.imageBase();
    if (def.stackReserve() > 0) config.stackReserve = def.stackReserve();
    if (def.stackCommit() > 0) config.stackCommit = def.stackCommit();
    if (def.heapReserve() > 0) config.heapReserve = def.heapReserve();
    if (def.heapCommit() > 0) config.heapCommit = def.heapCommit();
    if (def.majorImageVersion() > 0 || def.minorImageVersion() > 0) {
      config.majorImageVersion = def.majorImageVersion();
      config.minorImageVersion = def.minorImageVersion();
    }
    for (dev.jwin.archive.ModuleDefinition.Export d : def.exports()) {
      Exports.Export e = new Exports.Export();
      String internal = d.internalName();
      if (internal != null && internal.contains(".")) {
        e.name = d.name();
        e.forwardTo = internal;
      } else if (internal != null && !internal.isEmpty() && !internal.equals(d.name())) {
        e.extName = d.name();
        e.name = internal;
      } else {
        e.name = d.name();
      }
      e.ordinal = d.ordinal() > 0 ? d.ordinal() : 0;
      e.noname = d.noname();
      e.data = d.data();
      e.constant = d.constant();
      e.isPrivate = d.isPrivate();
      ctx.defExports.add(e);
    }
  }

  /** Command-line inputs in order, then default libraries; members load as symbols ask for them. */
  private void readInputs() {
    // Map and pre-read all command-line files in parallel, then add them in command-line order.
    List<LinkContext.Opened> opened = config.inputs.parallelStream().map(in -> {
      Path p = Paths.findFile(in, config.libPaths);
      return p == null ? null : ctx.open(in, p);
    }).toList();
    for (int i = 0; i < opened.size(); i++) {
      if (opened.get(i) == null) diag.error("could not open '" + config.inputs.get(i) + "': no such file or directory");
      else ctx.add(opened.get(i));
    }
    for (String lib : config.defaultLibs) ctx.addDefaultLib(lib);
    runTasks();
    if (config.machine == Coff.MACHINE_UNKNOWN) config.machine = Coff.MACHINE_AMD64;
    if (config.machine != Coff.MACHINE_AMD64)
      throw diag.fatal("machine " + Coff.machineName(config.machine) + " is not supported yet (only x64 links)");
    Manifest.embed(ctx);
    ctx.resources.convert(ctx);
    // As in lld-link, the linker's own symbols come after the inputs: an archive member that
    // defines one of them may already have been loaded, and its definition then stands.
    defineLinkerSymbols();
    for (String inc : config.includes) ctx.symtab.addUndefined(inc, null, false).gcRoot = true;
    runTasks();
  }

  private void runTasks() {
    try {
      ctx.runTasks();
    } catch (CorruptInputException e) {
      throw diag.fatal(e.file() + ": " + e.getMessage());
    }
  }

  private void defineLinkerSymbols() {
    SymbolTable st = ctx.symtab;
    st.addSynthetic(st.mangle("__ImageBase"), null, 0);
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
    if (config.entry != null) {
      st.addUndefined(st.mangle(config.entry), null, false).gcRoot = true;
    } else if (!config.noEntry) {
      String e = config.dll ? (config.mingw ? "DllMainCRTStartup" : "_DllMainCRTStartup") : defaultEntry();
      if (e == null) throw diag.fatal("entry point must be defined");
      config.entry = e;
      st.addUndefined(st.mangle(e), null, false).gcRoot = true;
    }
    if (config.subsystem == Coff.SUBSYSTEM_UNKNOWN) config.subsystem = inferSubsystem();
    List<Exports.Export> exports = new ArrayList<>();
    for (Exports.Export e : ctx.defExports) {
      exports.add(e);
      if (e.forwardTo == null) {
        e.sym = st.addUndefined(st.mangle(e.name), null, false);
        e.sym.gcRoot = true;
      }
    }
    int exportsSeen = 0;
    do {
      // Exports named so far (command line and .drectve) pull in their definitions.
      for (; exportsSeen < config.exports.size(); exportsSeen++) {
        Exports.Export e = Exports.parse(config.exports.get(exportsSeen), diag);
        exports.add(e);
        if (e.forwardTo == null) {
          e.sym = st.addUndefined(st.mangle(e.name), null, false);
          e.sym.gcRoot = true;
        }
      }
      for (Map.Entry<String, String> alt : config.alternateNames.entrySet()) {
        Symbol from = st.find(alt.getKey());
        if (from != null && from.kind == Symbol.Kind.UNDEFINED && from.weakAlias == null)
          from.weakAlias = st.addUndefined(alt.getValue(), null, false);
      }
      if (config.mingw) MinGW.loadAutoImports(ctx);
      runTasks();
    } while (ctx.runTasks() || exportsSeen < config.exports.size());
    // Automatic exports are chosen before weak aliases are resolved (as lld-link does), so a weak
    // function that fell back to its default is not exported.
    if (config.dll && ((config.mingw && exports.isEmpty() && !config.excludeAllSymbols) || config.exportAllSymbols)) {
      for (Symbol s : st.ordered) {
        if (!Exports.shouldAutoExport(st, s, config.excludeSymbols)) continue;
        Exports.Export e = new Exports.Export();
        e.name = s.name;
        e.sym = s;
        e.data = Exports.isData(s);
        s.gcRoot = true;
        exports.add(e);
      }
    }
    resolveRemainingUndefined();
    diag.checkpoint();
    if (!exports.isEmpty()) ctx.exports = Exports.finish(exports, diag);
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
    String e = config.entry == null ? "" : config.entry;
    if (defined("main") || defined("wmain") || e.equals("mainCRTStartup") || e.equals("wmainCRTStartup"))
      return Coff.SUBSYSTEM_WINDOWS_CUI;
    if (defined("WinMain") || defined("wWinMain") || e.equals("WinMainCRTStartup") || e.equals("wWinMainCRTStartup"))
      return Coff.SUBSYSTEM_WINDOWS_GUI;
    throw diag.fatal("subsystem must be defined");
  }

  /** Weak aliases, local imports and (mingw) auto-imports get their last chance; the rest are errors. */
  private void resolveRemainingUndefined() {
    SymbolTable st = ctx.symtab;
    Map<Symbol, List<String>> refs = null;
    List<Symbol> undefined = new ArrayList<>();
    for (Symbol s : new ArrayList<>(st.ordered)) {
      if (s.kind != Symbol.Kind.UNDEFINED) continue;
      Symbol alias = s.weakAlias;
      for (int depth = 0; alias != null && alias.kind == Symbol.Kind.UNDEFINED && depth < 100; depth++) alias = alias.weakAlias;
      if (alias != null && alias.isDefined()) {
        boolean used = s.used;
        s.copyFrom(alias);
        s.weakAlias = null;
        s.used = used;
        continue;
      }
      if (s.name.startsWith("__imp_")) {
        Symbol local = st.find(s.name.substring(6));
        if (local != null && local.isDefined() && local.kind != Symbol.Kind.IMPORT_THUNK) {
          if (!config.mingw) diag.warn(s.file + ": locally defined symbol imported: " + ctx.demangle(local.name));
          SyntheticChunks.LocalImport c = new SyntheticChunks.LocalImport(local);
          st.localImportChunks.add(c);
          s.define(Symbol.Kind.LOCAL_IMPORT, null, c, 0);
          continue;
        }
      }
      if (config.mingw && config.autoImport && MinGW.autoImport(ctx, s)) continue;
      if (!s.used && !s.gcRoot && s.file == null) continue; // only named by the linker itself and never referenced
      undefined.add(s);
    }
    if (undefined.isEmpty()) return;
    refs = References.collect(ctx, undefined);
    for (Symbol s : undefined) {
      StringBuilder b = new StringBuilder("undefined symbol: ").append(ctx.demangle(s.name));
      List<String> where = refs.getOrDefault(s, List.of());
      int shown = 0;
      for (String w : where) {
        if (shown++ == 3) {
          b.append("\n>>> referenced ").append(where.size() - 3).append(" more times");
          break;
        }
        b.append("\n>>> referenced by ").append(w);
      }
      if (where.isEmpty() && s.file != null) b.append("\n>>> referenced by ").append(s.file.name);
      if (config.forceUnresolved) diag.warn(b.toString());
      else diag.error(b.toString());
    }
    if (config.forceUnresolved) {
      for (Symbol s : undefined) s.define(Symbol.Kind.ABSOLUTE, null, null, 0);
    }
  }
}
