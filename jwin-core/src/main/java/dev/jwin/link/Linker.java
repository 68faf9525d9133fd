package dev.jwin.link;

import dev.jwin.coff.Machine;
import dev.jwin.link.arch.Arch;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One link, as a fixed list of passes. Each pass is a method; {@code -time} prints how long each took.
 */
public final class Linker {
  private final LinkContext ctx;
  private final Config config;
  private final Diagnostics diag;

  public Linker(Config config, Diagnostics diag) {
    this(config, diag, System.getenv(), Path.of(""));
  }

  /** A link in {@code cwd} with the environment {@code env} (LINK, _LINK_, LIB), which need not be this process's. */
  public Linker(Config config, Diagnostics diag, java.util.Map<String, String> env, Path cwd) {
    this.config = config;
    this.diag = diag;
    this.ctx = new LinkContext(config, diag, env, cwd);
  }

  public void run(List<String> args) {
    long start = System.nanoTime();
    timed("parse options", () -> parseOptions(args));
    if (config.threads > 0) Workers.withThreads(config.threads, this::link);
    else link();
    if (config.time) for (String t : ctx.timingLines(System.nanoTime() - start)) diag.message(t);
  }

  private void link() {
    try {
      timed("read inputs", this::readInputs);
      timed("resolve symbols", () -> new Resolver(ctx).run());
      if (config.mingw) MinGW.moveCrtendLast(ctx);
      timed("mark live", () -> MarkLive.run(ctx));
      if (config.tailMerge()) timed("merge strings", () -> ctx.mergedStrings = TailMerge.run(ctx));
      if (config.icf != Config.IcfLevel.NONE) timed("fold identical code", () -> Icf.run(ctx));
      timed("order sections", () -> ctx.sectionOrder = SectionOrder.run(ctx));
      timed("write output", () -> new Writer(ctx).run());
      Manifest.writeSideBySide(ctx);
      if ((config.dll || !ctx.exports.isEmpty()) && !config.noImplib && (!config.mingw || config.implib != null))
        timed("write import library", () -> Exports.writeImportLibrary(config, ctx.machine, ctx.exports, diag, ctx.cwd));
    } finally {
      ctx.closeInputs();
      // Written whether or not the link worked: a failing link is what a bug report needs.
      if (config.reproduce != null) Repro.write(ctx);
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
    // As lld-link: /debug turns /opt:ref off unless given (or /profile), and ICF follows /opt:ref unless given.
    if (config.debug && !config.gcExplicit && !config.profile) config.doGc = false;
    if (config.icf == null) config.icf = config.doGc && !config.profile ? Config.IcfLevel.ALL : Config.IcfLevel.NONE;
    if (config.orderFile != null && config.callGraphOrderingFile != null)
      throw diag.fatal("/order and /call-graph-order-file may not be used together");
    if (config.fixed) config.dynamicBase = false;
    warnIgnoredOptions();
  }

  /** lld-link's warnings about options that have no effect in this link. */
  private void warnIgnoredOptions() {
    if (config.alignGiven && !config.driver)
      diag.warn("/align specified without /driver; image may not run");
    if (!config.incremental) return;
    if (config.profile) diag.warn("ignoring '/incremental' due to '/profile' specification");
    else if (config.orderFile != null) diag.warn("ignoring '/incremental' due to '/order' specification");
    else if (config.doGc) diag.warn("ignoring '/incremental' because REF is enabled; use '/opt:noref' to disable");
    else if (config.icf != Config.IcfLevel.NONE)
      diag.warn("ignoring '/incremental' because ICF is enabled; use '/opt:noicf' to disable");
  }

  /** -DEF: exports, the output name, stack and heap sizes and the image version from a .def file. */
  private void readModuleDefinition() {
    dev.jwin.archive.ModuleDefinition def;
    try {
      def = dev.jwin.archive.DefFile.parse(ctx.file(config.defFile), config.defFile);
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

  /** Stands for a file named again: lld-link ignores the repeat, so it is not read again. */
  private static final LinkContext.Opened REPEAT = new LinkContext.Opened(null, null, null, null, null, null, null);

  /**
   * Finds the command-line files, reads them on every core and adds them in command-line order (so the result does not
   * depend on thread timing), each as soon as it and those before it are read: adding overlaps reading what follows.
   */
  private void addInputs() {
    Path[] found = new Path[config.inputs.size()], keys = new Path[found.length];
    Parallel.forEach(found.length, i -> {
      found[i] = Paths.findFile(config.inputs.get(i), config.libPaths, ctx.cwd);
      if (found[i] != null) keys[i] = ctx.key(found[i]);
    });
    LinkContext.Opened[] opened = new LinkContext.Opened[found.length];
    Set<Path> seen = new HashSet<>();
    for (int i = 0; i < found.length; i++) if (found[i] != null && !seen.add(keys[i])) opened[i] = REPEAT;
    InOrder.run(opened.length, i -> {
      if (found[i] != null && opened[i] != REPEAT) opened[i] = ctx.open(config.inputs.get(i), found[i]);
    }, i -> {
      if (opened[i] == REPEAT) return;
      if (opened[i] == null) diag.error("could not open '" + config.inputs.get(i) + "': no such file or directory");
      else if (config.lazyInputs.contains(i)) ctx.addLazy(opened[i], keys[i]);
      else ctx.add(opened[i], keys[i]);
    });
  }

  /** Command-line inputs in order, then default libraries; members load as symbols ask for them. */
  private void readInputs() {
    ctx.machine = config.machine;
    ctx.time("add inputs", this::addInputs);
    ctx.time("load members", () -> {
      for (String lib : config.defaultLibs) ctx.addDefaultLib(lib);
      ctx.loadPending();
    });
    if (ctx.machine == null) ctx.machine = Machine.AMD64;
    ctx.arch = Arch.of(ctx.machine);
    if (ctx.arch == null)
      throw diag.fatal("machine " + ctx.machine.linkName + " is not supported yet");
    if (ctx.machine == Machine.ARMNT && !config.dynamicBase) throw diag.fatal("/dynamicbase:no is not compatible with arm");
    Manifest.embed(ctx);
    ctx.resources.convert(ctx);
  }
}
