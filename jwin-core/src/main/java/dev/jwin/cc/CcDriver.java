package dev.jwin.cc;

import dev.jwin.cc.Invocation.FileItem;
import dev.jwin.cc.Invocation.LibraryItem;
import dev.jwin.cc.Invocation.SourceItem;
import dev.jwin.cc.Invocation.Stage;
import dev.jwin.io.AtomicFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code jwin cc} / {@code jwin c++}: a gcc-compatible driver that cross-compiles C for Windows with
 * clang and links with {@code jwin link}. The steps: parse the command line, pick the runtime, compile
 * every source (in parallel, cached), then plan and run the link (cached: skipped when nothing changed).
 */
public final class CcDriver {
  static final String CLANG = "clang-14";
  static final String LLD_LINK = "lld-link-14";
  static final String CVTRES = "llvm-cvtres-14";
  /** What -dumpversion answers: the version of the compiler that does the work. */
  static final String CLANG_VERSION = "14.0.6";

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  /** Where the command runs: the empty path (this process's directory) or a jwin server client's, absolute. */
  private final Path cwd;
  private Invocation inv;
  private ArtifactCache cache;
  private FileHashes hashes;

  private CcDriver(PrintStream out, PrintStream err, Map<String, String> env, Path cwd) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.cwd = cwd;
  }

  public static int main(String[] args, boolean cxx, PrintStream out, PrintStream err) {
    return main(args, cxx, out, err, System.getenv());
  }

  /**
   * {@code jwin ld}: GNU ld's command line (as libtool and Makefiles call {@code ld} directly), linked like
   * {@code jwin cc -nostdlib} with every argument given to {@code -Xlinker}.
   */
  public static int ld(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    return ld(args, out, err, env, Path.of(""));
  }

  /** {@link #ld(String[], PrintStream, PrintStream, Map)} in the directory {@code cwd}. */
  public static int ld(String[] args, PrintStream out, PrintStream err, Map<String, String> env, Path cwd) {
    List<String> cc = new ArrayList<>(List.of("-nostdlib"));
    for (String a : args) {
      cc.add("-Xlinker");
      cc.add(a);
    }
    return main(cc.toArray(String[]::new), false, out, err, env, cwd);
  }

  /** Runs one command; returns gcc's exit code (0, or 1 after an error). Never throws for bad input. */
  public static int main(String[] args, boolean cxx, PrintStream out, PrintStream err, Map<String, String> env) {
    return main(args, cxx, out, err, env, Path.of(""));
  }

  /**
   * {@link #main(String[], boolean, PrintStream, PrintStream, Map)} in the directory {@code cwd} (absolute, or the
   * empty path for this process's own): relative paths of the command line are resolved against it, and clang and
   * lld-link run in it. {@code jwin server} runs its clients' commands this way.
   */
  public static int main(String[] args, boolean cxx, PrintStream out, PrintStream err, Map<String, String> env,
      Path cwd) {
    CcDriver d = new CcDriver(out, err, env, cwd);
    try {
      return d.run(List.of(args), cxx);
    } catch (CcException e) {
      if (e.getMessage() != null) err.println("jwin: error: " + e.getMessage());
      return e.exitCode();
    } catch (RuntimeException e) {
      err.println("jwin: error: internal error: " + e);
      return 1;
    } finally {
      if (d.hashes != null) d.hashes.save();
      if (d.cache != null) d.cache.finish();
      err.flush();
    }
  }

  private int run(List<String> args, boolean cxx) throws CcException {
    inv = CommandLine.parse(args, cxx, cwd);
    if (inv.query != null) return answer(inv.query);
    if (inv.verbose) err.println("jwin cc " + dev.jwin.Version.get() + " (clang " + CLANG + ", target "
        + inv.target + ")");
    if (inv.sources.isEmpty() && inv.linkOrder.isEmpty() && inv.resFiles.isEmpty()) {
      if (inv.verbose) return 0;
      throw new CcException("no input files");
    }
    openCache();
    UpToDate.Key noop = null;
    if (inv.stage == Stage.LINK) {
      long t = System.nanoTime();
      noop = UpToDate.key(cache.root(), inv.args, cxx, env, cwd); // response files expanded
      boolean done = UpToDate.check(noop);
      time("up-to-date check", t);
      if (done) {
        if (inv.verbose) err.println("jwin: " + (inv.output != null ? inv.output : "a.exe") + " is up to date");
        return 0;
      }
    }
    hashes = new FileHashes(cache.root().resolve("file-hashes-3"));
    Runtime runtime = runtime();
    if (inv.verbose && runtime != null) err.println("runtime: " + runtime.describe());
    Compiler compiler = new Compiler(CLANG, inv.target, runtime, inv, cache, hashes, out, err, env, cwd);

    if (inv.stage == Stage.PREPROCESS || inv.stage == Stage.ASSEMBLE) {
      int rc = 0;
      for (Invocation.Source s : inv.sources) {
        String o = inv.output;
        if (o == null && inv.stage == Stage.ASSEMBLE) o = baseName(s.path()) + ".s";
        rc = Math.max(rc, compiler.runUncached(s, inv.stage == Stage.PREPROCESS ? "-E" : "-S", o) == 0 ? 0 : 1);
      }
      return rc;
    }
    long t0 = System.nanoTime();
    List<Compiler.Result> objects = compileAll(compiler);
    time("compile", t0);
    if (inv.stage == Stage.COMPILE) {
      for (int i = 0; i < objects.size(); i++) {
        String src = inv.sources.get(i).path();
        Path dest = Path.of(inv.output != null ? inv.output : baseName(src) + inv.target.objectSuffix());
        copyInto(objects.get(i).object(), cwd.resolve(dest), false);
        if (inv.depFile) writeDepFile(dest, src, objects.get(i).dependencies(inv.depUserOnly));
      }
      return 0;
    }
    long t1 = System.nanoTime();
    List<Path> outputs = link(runtime, objects);
    time("link", t1);
    // Objects that must be made again each time (they use the time of day) make the command's outputs, too.
    if (objects.stream().allMatch(Compiler.Result::cacheable))
      UpToDate.record(noop, watched(runtime), absent(objects), outputs, cache.root());
    return 0;
  }

  /** JWIN_CC_TIME=1 prints how long each step took (for the no-op rebuild benchmark). */
  private void time(String step, long start) {
    if (env.get("JWIN_CC_TIME") != null)
      err.printf("jwin cc: %s: %.1f ms%n", step, (System.nanoTime() - start) / 1e6);
  }

  /** Answers a query option the way x86_64-w64-mingw32-gcc does for the same target. */
  private int answer(String query) throws CcException {
    switch (query) {
      case "dumpmachine" -> out.println(inv.target.mingwTriple());
      case "dumpversion", "dumpfullversion" -> out.println(CLANG_VERSION);
      case "ld-version" -> out.println("jwin ld " + dev.jwin.Version.get() + " (compatible with GNU linkers)");
      case "ld-help" -> out.print(GnuLd.help());
      case "print-multi-os-directory", "print-multi-directory" -> out.println(".");
      case "print-multi-lib" -> out.println(".;");
      case "print-sysroot" -> {}
      case "print-search-dirs" -> {
        Runtime r = queryRuntime();
        List<Path> dirs = r == null ? List.of() : r.libDirs();
        Path install = r instanceof MingwInstallation m && m.gccDir() != null ? m.gccDir()
            : dirs.isEmpty() ? installDir() : dirs.getFirst();
        out.println("install: " + install + "/");
        out.println("programs: =" + installDir() + "/");
        StringBuilder b = new StringBuilder("libraries: =");
        for (int i = 0; i < dirs.size(); i++) b.append(i > 0 ? ":" : "").append(dirs.get(i)).append('/');
        out.println(b);
      }
      case "print-libgcc-file-name" -> out.println(findFile("libgcc.a"));
      case "version" -> {
        out.println("jwin cc " + dev.jwin.Version.get() + " (clang " + CLANG_VERSION
            + " driver for Windows targets)");
        out.println("Target: " + inv.target.mingwTriple());
        Runtime r = queryRuntime();
        out.println("Thread model: " + (r == null ? "posix" : r.threadModel()));
      }
      default -> {
        if (query.startsWith("print-file-name=")) {
          out.println(findFile(query.substring("print-file-name=".length())));
        } else if (query.startsWith("print-prog-name=")) {
          String prog = query.substring("print-prog-name=".length());
          Path ld = installDir().resolve("jwin-ld");
          out.println(prog.equals("ld") && Files.isExecutable(ld) ? ld.toString() : prog);
        } else {
          throw new IllegalStateException(query);
        }
      }
    }
    out.flush();
    return 0;
  }

  /** The runtime a query talks about: only a prebuilt mingw-w64 (never starts a build of jwin's own). */
  private Runtime queryRuntime() {
    if (!inv.target.isGnu() || "jwin".equals(env.get("JWIN_RUNTIME"))) return null;
    return MingwInstallation.find(inv.target, Path.of(env.getOrDefault("JWIN_MINGW_PREFIX", "/usr")), null,
        threadModel()).orElse(null);
  }

  /** -print-file-name=X: the first runtime library directory that has X, else X itself (as gcc prints it). */
  private String findFile(String name) {
    Runtime r = queryRuntime();
    if (r != null) for (Path d : r.libDirs()) if (Files.exists(d.resolve(name))) return d.resolve(name).toString();
    return name;
  }

  /** The directory with jwin's commands (jwin, jwin-cc, jwin-ld): JWIN_HOME, else the first one above the jar's. */
  private Path installDir() {
    String home = env.get("JWIN_HOME");
    if (home != null && !home.isEmpty()) return Path.of(home);
    try {
      Path code = Path.of(CcDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // jwin-core/target/jwin.jar or jwin-core/target/classes in a checkout
      for (Path d = code.toAbsolutePath().getParent(); d != null; d = d.getParent())
        if (Files.isExecutable(d.resolve("jwin-ld"))) return d;
    } catch (Exception e) {
      // a code source that is not a file: fall through
    }
    return cwd.resolve(".").toAbsolutePath();
  }

  /** -mthread-model= / --thread-model=, else JWIN_THREAD_MODEL, else posix (working std::thread). */
  private String threadModel() {
    if (inv.threadModel != null) return inv.threadModel;
    String m = env.get("JWIN_THREAD_MODEL");
    return m == null || m.isEmpty() ? "posix" : m;
  }

  private void openCache() throws CcException {
    try {
      cache = ArtifactCache.open(env, err, cwd);
    } catch (IOException e) {
      throw new CcException("cannot create the cache directory: " + e.getMessage());
    }
  }

  /**
   * What a no-op rebuild checks: every file this run hashed (sources, headers, objects, libraries), the tools,
   * and the library directories, whose time changes when a library that would now be found first appears.
   */
  private List<String> watched(Runtime runtime) {
    List<String> files = new ArrayList<>(hashes.seen());
    for (String tool : inv.useLld ? List.of(CLANG, LLD_LINK) : List.of(CLANG)) {
      Path p = Proc.onPath(tool, env);
      try {
        if (p != null) files.add(p.toRealPath().toString());
      } catch (IOException e) {
        files.add(p.toString());
      }
    }
    for (String d : inv.libDirs) {
      Path p = cwd.resolve(d).toAbsolutePath().normalize();
      if (Files.exists(p)) files.add(p.toString());
    }
    if (runtime != null) for (Path d : runtime.libDirs()) files.add(d.toAbsolutePath().normalize().toString());
    return files;
  }

  /**
   * What a no-op rebuild checks is still missing: the places searched before each header a compile read, and the
   * library directories that do not exist (one created with a library in it would be searched).
   */
  private Set<String> absent(List<Compiler.Result> objects) {
    Set<String> absent = new java.util.TreeSet<>();
    for (Compiler.Result r : objects) absent.addAll(r.absent());
    absent.addAll(hashes.absent());
    for (String d : inv.libDirs) {
      Path p = cwd.resolve(d).toAbsolutePath().normalize();
      if (!Files.exists(p)) absent.add(p.toString());
    }
    return absent;
  }

  /**
   * The runtime for the target: jwin's own when it is built in, else the mingw-w64 installation under
   * {@code JWIN_MINGW_PREFIX} (default {@code /usr}). UEFI and the msvc ABI have none.
   */
  private Runtime runtime() throws CcException {
    Runtime r = hostedRuntime();
    return r != null && "compiler-rt".equals(inv.rtlib) ? CompilerRt.replacingLibgcc(r, inv.target, env, err) : r;
  }

  private Runtime hostedRuntime() throws CcException {
    if (!inv.target.isGnu()) return null;
    DefImportLibraries defs = null;
    String crtSrc = env.get("JWIN_MINGW_CRT_SRC");
    if (crtSrc != null && !crtSrc.isEmpty())
      defs = new DefImportLibraries(Path.of(crtSrc), inv.target, cache, hashes, CLANG);
    // JWIN_RUNTIME=jwin asks for jwin's own runtime (built from source on first use); without a
    // mingw-w64 installation on the machine it is the only one there is.
    if ("jwin".equals(env.get("JWIN_RUNTIME"))) return JwinRuntime.open(inv.target, env, err);
    Path prefix = Path.of(env.getOrDefault("JWIN_MINGW_PREFIX", "/usr"));
    String model = threadModel();
    if (!model.equals("posix") && !model.equals("win32"))
      throw new CcException("invalid thread model '" + model + "' in JWIN_THREAD_MODEL (expected posix or win32)");
    Optional<MingwInstallation> m = MingwInstallation.find(inv.target, prefix, defs, model);
    if (m.isPresent()) return m.get();
    return JwinRuntime.open(inv.target, env, err);
  }

  private List<Compiler.Result> compileAll(Compiler compiler) throws CcException {
    int n = inv.sources.size();
    List<Compiler.Result> results = new ArrayList<>();
    if (n == 0) return results;
    int jobs = Math.max(1, Integer.parseInt(env.getOrDefault("JWIN_JOBS", "2")));
    if (n == 1 || jobs == 1) {
      CcException first = null;
      for (Invocation.Source s : inv.sources) {
        try {
          results.add(compiler.compile(s));
        } catch (CcException e) {
          if (first == null) first = e;
          if (e.getMessage() != null) err.println("jwin: error: " + e.getMessage());
        }
      }
      if (first != null) throw new CcException(null, 1);
      return results;
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, n))) {
      List<Future<Compiler.Result>> futures = new ArrayList<>();
      for (Invocation.Source s : inv.sources) futures.add(pool.submit(() -> compiler.compile(s)));
      boolean failed = false;
      for (Future<Compiler.Result> f : futures) {
        try {
          results.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          failed = true;
          if (e.getCause() instanceof CcException c) {
            if (c.getMessage() != null) err.println("jwin: error: " + c.getMessage());
          } else {
            err.println("jwin: error: internal error: " + e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CcException("interrupted");
        }
      }
      if (failed) throw new CcException(null, 1);
    }
    return results;
  }

  /** Links; returns the files written (the image and its import library). */
  private List<Path> link(Runtime runtime, List<Compiler.Result> objects) throws CcException {
    List<Path> files = new ArrayList<>();
    List<Path> scanned = new ArrayList<>();
    Set<String> named = new HashSet<>();
    for (Invocation.LinkItem item : inv.linkOrder) {
      switch (item) {
        case SourceItem s -> {
          files.add(objects.get(s.index()).object());
          scanned.add(objects.get(s.index()).object());
        }
        case FileItem f -> {
          Path p = Path.of(f.path());
          Path at = cwd.resolve(p);
          if (!Files.isRegularFile(at)) throw new CcException("no such file or directory: '" + f.path() + "'");
          // The linker runs in cwd too: a file the user named stays as named, for its messages.
          List<Path> expanded = f.wholeArchive() ? WholeArchive.members(at, cache, hashes)
              : List.of(DllInput.isImage(at) ? DllInput.importLibrary(at, cache, hashes) : p);
          files.addAll(expanded);
          for (Path e : expanded) scanned.add(cwd.resolve(e));
        }
        case LibraryItem l -> {
          named.add(l.name());
          files.addAll(findLibrary(l.name(), l.staticOnly(), runtime));
        }
      }
    }
    // Freestanding code has no C library: compiler-rt's builtins and memcpy/memset/... come with it.
    if (inv.freestanding() && !"libgcc".equals(inv.rtlib)) files.addAll(CompilerRt.archives(inv.target, env, err));
    for (String res : inv.resFiles) files.add(resourceObject(Path.of(res)));
    if (!inv.excludeLibs.isEmpty() && inv.shared) excludeLibs(files);
    if (!inv.useLld && inv.lldReason == null) {
      for (Path f : files) {
        if (InputProbe.hasBitcode(cwd.resolve(f))) {
          inv.lldReason = (inv.lto ? "-flto: " : "") + "LLVM bitcode in " + userName(f, objects);
          break;
        }
      }
    }
    if (inv.lldReason != null && !inv.useLld) {
      inv.useLld = true;
      if (inv.verbose) err.println("jwin: linking with " + LLD_LINK + " (" + inv.lldReason + ")");
    }
    List<Path> defs = new ArrayList<>();
    for (String d : inv.defFiles) {
      if (!Files.isRegularFile(cwd.resolve(d))) throw new CcException("no such file or directory: '" + d + "'");
      defs.add(Path.of(d));
    }
    String subsystem = EntryPoints.subsystem(inv, inv.subsystem == null && !inv.shared
        && inv.target.os() != Target.Os.UEFI ? EntryPoints.scan(scanned, inv.target) : EntryPoints.NONE);
    Path output = Path.of(inv.output != null ? inv.output : "a.exe");
    // GNU ld writes --out-implib for an executable only when it exports something; jwin never does.
    Path implib = inv.implib != null && inv.shared ? Path.of(inv.implib) : null;
    RuntimeFiles runtimeFiles = runtime == null || inv.target.os() == Target.Os.UEFI ? null
        : RuntimeFiles.resolve(inv, runtime, named);
    new LinkStep(inv, cache, hashes, out, err, env, cwd).run(runtimeFiles, new LinkPlan.Inputs(files, defs, named), subsystem, output,
        implib, userNames(objects));
    return implib == null ? List.of(cwd.resolve(output)) : List.of(cwd.resolve(output), cwd.resolve(implib));
  }

  /** Cached objects by the source the user named, so that link diagnostics speak of {@code a.c}, not the cache. */
  private Map<String, String> userNames(List<Compiler.Result> objects) {
    Map<String, String> names = new java.util.LinkedHashMap<>();
    for (int i = 0; i < objects.size(); i++)
      names.put(objects.get(i).object().toString(), inv.sources.get(i).path());
    return names;
  }

  private String userName(Path f, List<Compiler.Result> objects) {
    return userNames(objects).getOrDefault(f.toString(), f.toString());
  }

  /**
   * -Wl,--exclude-libs=libfoo.a,libbar.a (or ALL): what those archives define is not exported automatically, as
   * with GNU ld; jwin link gets the archives' symbols as -exclude-symbols.
   */
  private void excludeLibs(List<Path> files) throws CcException {
    Set<String> symbols = new java.util.TreeSet<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      String bare = name.replaceFirst("^lib", "").replaceFirst("\\.(dll\\.a|a|lib)$", "");
      if (inv.excludeLibs.contains("ALL") || inv.excludeLibs.contains(name) || inv.excludeLibs.contains(bare))
        symbols.addAll(InputProbe.archiveSymbols(cwd.resolve(f)));
    }
    if (!symbols.isEmpty()) inv.linkerFlags.add("-exclude-symbols:" + String.join(",", symbols));
  }

  /** {@code -lname}: the user's -L directories in order, then the runtime (which may generate an import library). */
  private List<Path> findLibrary(String name, boolean staticOnly, Runtime runtime) throws CcException {
    for (String dir : inv.libDirs) {
      Optional<Path> p = LibrarySearch.inDirectory(Path.of(dir), name, staticOnly, cwd);
      if (p.isPresent())
        return List.of(p.get().toString().endsWith(".dll") && DllInput.isImage(cwd.resolve(p.get()))
            ? DllInput.importLibrary(cwd.resolve(p.get()), cache, hashes) : p.get());
    }
    if (runtime != null) {
      List<Path> found = runtime.library(name, staticOnly);
      if (!found.isEmpty()) return found;
    }
    throw new CcException("unable to find library -l" + name);
  }

  /** A .res file becomes a COFF object with llvm-cvtres, cached by its contents. */
  private Path resourceObject(Path res) throws CcException {
    if (res.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".rc"))
      return ResourceScript.object(cwd.resolve(res), inv, cache, hashes, err);
    try {
      String key = FileHashes.key("cvtres 1\n" + inv.target + "\n" + hashes.hash(cwd.resolve(res)));
      Path hit = cache.lookup(key);
      if (hit != null) return hit.resolve("res.o");
      Path stage = cache.stagingDir();
      Path obj = stage.resolve("res.o");
      List<String> cmd = List.of(CVTRES, "/machine:" + inv.target.linkMachine(), "/out:" + obj, res.toString());
      if (inv.verbose) err.println(Proc.quote(cmd));
      Proc.Output o = Proc.capture(cmd, env, cwd);
      if (o.exitCode() != 0) {
        err.print(o.text());
        throw new CcException("cannot convert resource file '" + res + "'");
      }
      return cache.publish(key, stage).resolve("res.o");
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CcException("no such file or directory: '" + res + "'");
    } catch (IOException e) {
      throw new CcException("cannot read '" + res + "': " + e.getMessage());
    }
  }

  private void writeDepFile(Path object, String source, List<String> deps) throws CcException {
    Path d = Path.of(inv.depFilePath != null ? inv.depFilePath : stripSuffix(object.toString()) + ".d");
    List<String> targets = inv.depTargets.isEmpty() ? List.of(DepFile.quoteTarget(object.toString())) : inv.depTargets;
    try {
      AtomicFile.write(cwd.resolve(d), DepFile.write(targets, deps, inv.depPhony).getBytes(StandardCharsets.UTF_8), false);
    } catch (IOException e) {
      throw new CcException("cannot write " + d + ": " + e.getMessage());
    }
  }

  static String baseName(String path) {
    return stripSuffix(Path.of(path).getFileName().toString());
  }

  private static String stripSuffix(String name) {
    int slash = name.lastIndexOf('/');
    int dot = name.lastIndexOf('.');
    return dot > slash + 0 && dot > 0 ? name.substring(0, dot) : name;
  }

  /** Copies a cached file into place (through a temporary file and a rename), as an image or a plain file. */
  static void copyInto(Path from, Path to, boolean image) throws CcException {
    try {
      AtomicFile.copy(from, to, image);
    } catch (IOException e) {
      throw new CcException("cannot write " + to + ": " + e.getMessage());
    }
  }
}
