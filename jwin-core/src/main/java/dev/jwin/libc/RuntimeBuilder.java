package dev.jwin.libc;

import dev.jwin.archive.ArchiveWriter;
import dev.jwin.archive.Decoration;
import dev.jwin.archive.DefFile;
import dev.jwin.archive.ImportLibraryWriter;
import dev.jwin.archive.ModuleDefinition;
import dev.jwin.cache.Cache;
import dev.jwin.cache.CacheKey;
import dev.jwin.cache.FileStamp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds a target's runtime into the cache: the installed headers, the startup objects, the
 * mingw-w64 libraries and the default system-DLL import libraries, each object compiled by clang
 * as its own cache entry (so that a changed source recompiles only itself), all of it published
 * as one entry whose manifest lists every file it was made from.
 */
final class RuntimeBuilder {
  /** Bumped whenever the way jwin assembles the runtime changes, so old runtime entries are not reused. */
  static final String BUILDER_REVISION = "libc-3";

  /** Libraries every runtime has: mingw-w64's own, then the import libraries a mingw program links by default. */
  static final List<String> DEFAULT_LIBRARIES = List.of("mingw32", "mingwex", "moldname", "msvcrt", "uuid", "m",
      "kernel32", "user32", "advapi32", "shell32", "ntdll", "gdi32");

  /** What a build did. */
  record Summary(Path dir, boolean upToDate, int objects, int compiled, int fromCache, String supportLibrary) {}

  private final ClangSteps steps;
  private final Cache cache;
  private final Clang clang;
  private final MingwSource source;
  private final Target target;
  private final Jobs jobs;
  private final String jwinVersion;

  /** Finds (or fetches) the LLVM sources, only when compiler-rt is built. */
  interface LlvmLocator {
    LlvmSource locate() throws LibcException;
  }

  private final LlvmLocator llvm;

  RuntimeBuilder(ClangSteps steps, MingwSource source, Target target, String jwinVersion, LlvmLocator llvm) {
    this.steps = steps;
    this.llvm = llvm;
    this.cache = steps.cache();
    this.clang = steps.clang();
    this.source = source;
    this.target = target;
    this.jobs = steps.jobs();
    this.jwinVersion = jwinVersion;
  }

  private CacheKey key(String kind) {
    return new CacheKey(kind).add("jwin", jwinVersion).add("builder", BUILDER_REVISION).add("clang", clang.identity())
        .add("target", target.name).add("source", source.root().toString()).add("cflags", CrtPlan.CFLAGS);
  }

  /** The runtime entry's key: everything that decides its content before its files are read. */
  String runtimeKey() {
    return key("libc-runtime").add("libraries", DEFAULT_LIBRARIES).hex();
  }

  /** The runtime directory ({@code include/}, {@code lib/}), built first when missing or out of date. */
  Summary runtime() throws LibcException {
    String key = runtimeKey();
    Optional<Cache.Entry> hit = cache.lookup(key);
    if (hit.isPresent()) {
      return new Summary(hit.get().dir(), true, 0, 0, 0, null);
    }
    lastBuild = null;
    Cache.Entry e = steps.publish(key, "libc " + target.name, this::buildRuntime);
    Summary s = lastBuild;
    return s == null ? new Summary(e.dir(), true, 0, 0, 0, null)
        : new Summary(e.dir(), false, s.objects(), s.compiled(), s.fromCache(), s.supportLibrary());
  }

  /** The archive {@code lib<name>.a} (a system-DLL import library, or a mingw-w64 library), built on first request. */
  Path library(String name) throws LibcException {
    if (DEFAULT_LIBRARIES.contains(name)) {
      return runtime().dir().resolve("lib").resolve("lib" + name + ".a");
    }
    String key = key("libc-library").add("name", name).hex();
    Optional<Cache.Entry> hit = cache.lookup(key);
    if (hit.isPresent()) {
      return hit.get().dir().resolve("lib" + name + ".a");
    }
    Cache.Entry e = steps.publish(key, "libc-lib " + target.name + " lib" + name + ".a", dir -> {
      Cache.Entry headers = headers();
      CrtPlan plan = CrtPlan.load(source.crtDir(), target, headers.dir().resolve("config"));
      CrtPlan.Archive a = plan.archive("lib" + name + ".a").orElseThrow(() -> new LibcException(
          "no library '" + name + "' for " + target.name + ": mingw-w64 has no " + name + ".def and no lib" + name + ".a rule"));
      Inputs inputs = new Inputs();
      inputs.add(plan.makefiles());
      inputs.addEntry(headers);
      Map<CrtPlan.Compile, Path> objects = compileAll(a.compiles(), headers, inputs);
      Map<CrtPlan.Def, Path> defs = preprocessAll(plan, a.imports(), inputs);
      writeArchive(a, objects, defs, dir.resolve("lib" + name + ".a"));
      return inputs.built();
    });
    return e.dir().resolve("lib" + name + ".a");
  }

  /** compiler-rt's builtins and jwin's freestanding library, compiled against this runtime's headers. */
  CompilerRtBuilder.Summary compilerRt() throws LibcException {
    return new CompilerRtBuilder(steps, llvm.locate(), target, jwinVersion, headers()).build();
  }

  /** Headers installed as configure would, plus config.h and generated sources: shared by every target. */
  private Cache.Entry headers() throws LibcException {
    String key = new CacheKey("libc-headers").add("jwin", jwinVersion).add("builder", ClangSteps.COMPILE_REVISION)
        .add("source", source.root().toString()).hex();
    return steps.publish(key, "headers mingw-w64 " + MingwSource.VERSION, dir -> {
      List<Path> inputs = new ArrayList<>(HeaderInstall.install(source.headersDir(), dir));
      Path config = Files.createDirectories(dir.resolve("config"));
      // config.h as mingw-w64-crt's configure writes it with default options (no globbing, no experimental features).
      Files.writeString(config.resolve("config.h"), """
          #define PACKAGE "mingw-w64-runtime"
          #define PACKAGE_VERSION "%s"
          #define VERSION "%s"
          #define STDC_HEADERS 1
          #define __ENABLE_GLOBBING 0
          """.formatted(MingwSource.VERSION, MingwSource.VERSION), StandardCharsets.UTF_8);
      CrtPlan plan = CrtPlan.load(source.crtDir(), target, config);
      for (Map.Entry<String, String> g : plan.generatedSources().entrySet()) {
        Files.writeString(config.resolve(g.getKey()), g.getValue(), StandardCharsets.UTF_8);
      }
      inputs.addAll(plan.makefiles());
      return Cache.Built.of(inputs);
    });
  }

  private Cache.Built buildRuntime(Path dir) throws IOException, LibcException {
    Cache.Entry headers = headers();
    CrtPlan plan = CrtPlan.load(source.crtDir(), target, headers.dir().resolve("config"));
    Inputs inputs = new Inputs();
    inputs.add(plan.makefiles());
    inputs.addEntry(headers);
    List<CrtPlan.Startup> startups = plan.startupObjects();
    List<CrtPlan.Archive> archives = new ArrayList<>();
    for (String name : DEFAULT_LIBRARIES) {
      archives.add(plan.archive("lib" + name + ".a").orElseThrow(() -> new LibcException(
          "mingw-w64-crt/Makefile.am makes no lib" + name + ".a for " + target.name)));
    }
    List<CrtPlan.Compile> compiles = new ArrayList<>();
    startups.forEach(s -> compiles.add(s.compile()));
    List<CrtPlan.Def> defs = new ArrayList<>();
    for (CrtPlan.Archive a : archives) {
      compiles.addAll(a.compiles());
      defs.addAll(a.imports());
    }
    int before = jobs.compiled();
    Map<CrtPlan.Compile, Path> objects = compileAll(compiles, headers, inputs);
    Map<CrtPlan.Def, Path> defFiles = preprocessAll(plan, defs, inputs);

    Path lib = Files.createDirectories(dir.resolve("lib"));
    for (CrtPlan.Startup s : startups) {
      Files.copy(objects.get(s.compile()), lib.resolve(s.fileName()));
    }
    for (CrtPlan.Archive a : archives) {
      writeArchive(a, objects, defFiles, lib.resolve(a.fileName()));
    }
    String support = copySupportLibraries(lib, inputs);
    if (support == null) {
      // No libgcc.a for this target (Debian has no aarch64/armv7 gcc-mingw-w64): compiler-rt's builtins instead.
      CompilerRtBuilder.Summary rt = compilerRt();
      Path builtins = rt.builtins(target);
      Files.copy(builtins, lib.resolve(builtins.getFileName()));
      inputs.addEntry(rt.entry());
      support = "compiler-rt's builtins built from source (" + builtins.getFileName() + ")";
    }
    linkTree(headers.dir().resolve("include"), dir.resolve("include"));
    int compiled = jobs.compiled() - before;
    int unique = new LinkedHashSet<>(compiles).size() + (int) defs.stream().distinct().filter(CrtPlan.Def::preprocess).count();
    lastBuild = new Summary(dir, false, unique, compiled, unique - compiled, support);
    return inputs.built();
  }

  /** What the last {@link #buildRuntime} did (null when another process built the entry). */
  private Summary lastBuild;

  /** Compiles each unit through the cache, in parallel; returns each unit's object file. */
  private Map<CrtPlan.Compile, Path> compileAll(List<CrtPlan.Compile> compiles, Cache.Entry headers, Inputs inputs)
      throws LibcException {
    List<CrtPlan.Compile> unique = List.copyOf(new LinkedHashSet<>(compiles));
    Path include = headers.dir().resolve("include");
    Path config = headers.dir().resolve("config");
    List<Jobs.Job<Cache.Entry>> work = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (CrtPlan.Compile c : unique) {
      Path src = source.crtDir().resolve(c.source());
      if (!Files.exists(src) && Files.exists(config.resolve(c.source()))) {
        src = config.resolve(c.source());
      }
      if (!Files.isRegularFile(src)) {
        missing.add("missing " + src + " (listed for " + c.library() + " in Makefile.am): the mingw-w64 source tree is"
            + " incomplete; unpack it again or let jwin fetch it (unset JWIN_MINGW_SRC)");
        continue;
      }
      Path file = src;
      List<String> args = new ArrayList<>(List.of("--target=" + target.triple, "-nostdlibinc", "-isystem", include.toString()));
      args.addAll(c.flags());
      args.addAll(List.of("-c", file.toString()));
      String label = shortName(c.library()) + ": " + c.source();
      work.add(new Jobs.Job<>(label, () -> steps.run("cc", label, args, file, "object.o", source.crtDir())));
    }
    if (!missing.isEmpty()) {
      throw new LibcException.Many(missing);
    }
    List<Cache.Entry> entries = jobs.run(work);
    Map<CrtPlan.Compile, Path> out = new LinkedHashMap<>();
    for (int i = 0; i < unique.size(); i++) {
      out.put(unique.get(i), entries.get(i).dir().resolve("object.o"));
      inputs.addEntry(entries.get(i));
    }
    return out;
  }

  /** Runs the preprocessor over each .def.in (the Makefile's {@code %.def: %.def.in} rule); plain .def files are used as they are. */
  private Map<CrtPlan.Def, Path> preprocessAll(CrtPlan plan, List<CrtPlan.Def> defs, Inputs inputs) throws LibcException {
    List<CrtPlan.Def> unique = List.copyOf(new LinkedHashSet<>(defs));
    List<Jobs.Job<Cache.Entry>> work = new ArrayList<>();
    List<CrtPlan.Def> preprocessed = new ArrayList<>();
    Map<CrtPlan.Def, Path> out = new LinkedHashMap<>();
    for (CrtPlan.Def d : unique) {
      Path file = source.crtDir().resolve(d.path());
      if (!d.preprocess()) {
        out.put(d, file);
        inputs.add(List.of(file));
        continue;
      }
      List<String> args = new ArrayList<>(List.of("--target=" + target.triple, "-E"));
      args.addAll(plan.defPreprocessFlags());
      args.add(file.toString());
      String label = "def: " + d.path();
      preprocessed.add(d);
      work.add(new Jobs.Job<>(label, () -> steps.run("cpp", label, args, file, "out.def", source.crtDir())));
    }
    List<Cache.Entry> entries = jobs.run(work);
    for (int i = 0; i < preprocessed.size(); i++) {
      out.put(preprocessed.get(i), entries.get(i).dir().resolve("out.def"));
      inputs.addEntry(entries.get(i));
    }
    return out;
  }

  private void writeArchive(CrtPlan.Archive a, Map<CrtPlan.Compile, Path> objects, Map<CrtPlan.Def, Path> defs, Path out)
      throws IOException, LibcException {
    List<ArchiveWriter.Member> members = new ArrayList<>();
    for (CrtPlan.Def d : a.imports()) {
      Path file = defs.get(d);
      ModuleDefinition def;
      try {
        def = DefFile.parse(file, d.path());
      } catch (DefFile.ParseException e) {
        throw new LibcException(e.diagnostic());
      }
      String dll = def.outputFile() != null && !def.outputFile().isEmpty() ? def.outputFile() : d.stem() + ".dll";
      // dlltool -k, as mingw-w64's Makefile runs it: stdcall @N suffixes stay off the imported names.
      var entries = Decoration.entries(def.exports(), target.machine, new Decoration.Options(true, true, true));
      members.addAll(ImportLibraryWriter.members(dll, target.machine, entries));
    }
    for (CrtPlan.Compile c : a.compiles()) {
      members.add(ArchiveWriter.Member.of(c.objectName(), Files.readAllBytes(objects.get(c))));
    }
    // Import libraries as dlltool writes them; other archives as ar does. An archive without symbols
    // (libmoldname.a, libm.a: one static dummy) still gets an index, which linkers require.
    boolean onlyImports = a.compiles().isEmpty();
    boolean noSymbols = members.stream().allMatch(m -> m.symbols().isEmpty());
    ArchiveWriter.Format format = onlyImports || noSymbols ? ArchiveWriter.Format.COFF : ArchiveWriter.Format.GNU;
    Files.write(out, ArchiveWriter.write(members, format));
  }

  /**
   * Compiler support routines clang's code calls ({@code ___chkstk_ms}, 128-bit division): jwin
   * does not build compiler-rt yet, so it takes libgcc.a (and libgcc_eh.a) from gcc-mingw-w64
   * when installed. Returns where they came from, or null.
   */
  private String copySupportLibraries(Path lib, Inputs inputs) throws IOException {
    Path base = Path.of("/usr/lib/gcc", target.gccTriple);
    if (!Files.isDirectory(base)) {
      return null;
    }
    List<Path> dirs;
    try (Stream<Path> s = Files.list(base)) {
      dirs = s.filter(d -> Files.isRegularFile(d.resolve("libgcc.a")))
          .sorted((x, y) -> Boolean.compare(y.toString().endsWith("-win32"), x.toString().endsWith("-win32"))).toList();
    }
    if (dirs.isEmpty()) {
      return null;
    }
    Path from = dirs.getFirst();
    for (String name : List.of("libgcc.a", "libgcc_eh.a")) {
      if (Files.isRegularFile(from.resolve(name))) {
        Files.copy(from.resolve(name), lib.resolve(name));
        inputs.add(List.of(from.resolve(name)));
      }
    }
    return from.resolve("libgcc.a").toString();
  }

  /** Mirrors a tree with hard links (the files are immutable cache outputs), copying where links are not possible. */
  private static void linkTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          try {
            Files.createLink(target, p);
          } catch (IOException | UnsupportedOperationException e) {
            Files.copy(p, target);
          }
        }
      }
    }
  }

  private static String shortName(String library) {
    String n = library.endsWith(".a") ? library.substring(0, library.length() - 2) : library;
    return n.startsWith("lib") ? n.substring(3) : n;
  }

  /** The files an entry was made from: its own reads plus the inputs of the entries it used. */
  static final class Inputs {
    private final Set<Path> files = new LinkedHashSet<>();

    void add(List<Path> paths) {
      for (Path p : paths) {
        files.add(p.toAbsolutePath().normalize());
      }
    }

    void addEntry(Cache.Entry e) {
      for (FileStamp f : e.manifest().inputs()) {
        files.add(Path.of(f.path()));
      }
    }

    Cache.Built built() {
      return Cache.Built.of(new ArrayList<>(files));
    }
  }
}
