package dev.jwin.cc;

import dev.jwin.cc.Invocation.Language;
import dev.jwin.cc.Invocation.Source;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles one source file with clang into the cache. A file is recompiled only when its contents,
 * the flags, the compiler, the environment clang reads, or any header it read (from clang's dependency
 * file) changed, or when a file appeared where clang would have found it before one of those headers
 * ({@link IncludeSearch}): the first key (flags + source) names a manifest listing the headers, their
 * hashes and the paths that must stay absent, and the object's key adds those hashes, as ccache's
 * direct mode does.
 */
final class Compiler {
  /** A compiled object in the cache and the files it was made from (for -MD dependency files). */
  record Result(Path object, List<String> dependencies, Set<String> system, Set<String> absent, boolean fromCache,
      boolean cacheable) {
    /** The prerequisites a dependency file lists: all of them (-MD), or all but the system headers (-MMD). */
    List<String> dependencies(boolean userOnly) {
      return userOnly ? dependencies.stream().filter(d -> !system.contains(d)).toList() : dependencies;
    }
  }

  private final String clang;
  private final String clangIdentity;
  private final Target target;
  private final Runtime runtime;
  private final List<String> userFlags;
  private final boolean unicode;
  private final ArtifactCache cache;
  private final FileHashes hashes;
  private final Path manifests;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean verbose;
  private boolean objectCopiedOut;
  /** -MMD: the dependency file leaves out the system headers, which clang itself must tell. */
  private final boolean userDeps;
  private final Map<String, String> env;
  /** Where clang runs and relative paths point (see {@link CcDriver}). */
  private final Path cwd;
  private final Map<Language, Optional<IncludeSearch>> searches = new ConcurrentHashMap<>();
  private final Map<String, Scan> scans = new ConcurrentHashMap<>();

  Compiler(String clang, Target target, Runtime runtime, Invocation inv, ArtifactCache cache, FileHashes hashes,
      PrintStream out, PrintStream err, Map<String, String> env, Path cwd) throws CcException {
    this.env = env;
    this.cwd = cwd;
    this.clang = clang;
    this.clangIdentity = identity(clang, env);
    this.target = target;
    this.runtime = runtime;
    this.userFlags = inv.compileFlags;
    this.unicode = inv.unicode;
    this.cache = cache;
    this.hashes = hashes;
    this.manifests = cache.root().resolve("manifests");
    this.out = out;
    this.err = err;
    this.verbose = inv.verbose;
    this.userDeps = inv.depFile && inv.depUserOnly;
  }

  /** The resolved compiler binary, its size and time: enough to notice an upgrade without running it. */
  private static String identity(String clang, Map<String, String> env) throws CcException {
    Path exe = Proc.onPath(clang, env);
    if (exe == null) throw new CcException("cannot find the C compiler '" + clang + "' on PATH (apt-get install "
        + "clang-14)");
    try {
      Path real = exe.toRealPath();
      BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
      return real + " " + a.size() + " " + a.lastModifiedTime().toMillis();
    } catch (IOException e) {
      return exe.toString();
    }
  }

  /** The clang arguments shared by every mode: target, language, user flags, runtime headers. */
  List<String> baseArgs(Source src) {
    List<String> a = new ArrayList<>();
    a.add(clang);
    a.add("--target=" + target.clangTriple());
    if (target.os() == Target.Os.UEFI) {
      a.addAll(List.of("-ffreestanding", "-fshort-wchar", "-mno-red-zone"));
    }
    if (unicode) a.add("-DUNICODE");
    a.addAll(userFlags);
    a.add("-nostdlibinc");
    if (runtime != null) {
      for (Path inc : runtime.includeDirs(src.language() == Language.CXX)) {
        a.add("-isystem");
        a.add(inc.toString());
      }
      a.addAll(runtime.defines());
    }
    a.add("-x");
    a.add(src.language().clangName);
    return a;
  }

  /** -E or -S: runs clang straight to the output (stdout when there is none), uncached. */
  int runUncached(Source src, String mode, String output) throws CcException {
    List<String> cmd = baseArgs(src);
    cmd.add(mode);
    if (output != null) {
      cmd.add("-o");
      cmd.add(output);
    }
    cmd.add(src.path());
    if (verbose) err.println(Proc.quote(cmd));
    return Proc.inherit(cmd, src.path().equals("-"), env, cwd, out, err);
  }

  /** Compiles {@code src} to an object in the cache (or finds it there). */
  Result compile(Source src) throws CcException {
    if (src.path().equals("-")) return fromStdin(src);
    Path source = cwd.resolve(src.path());
    List<String> args = baseArgs(src);
    String sourceHash;
    try {
      sourceHash = hashes.hash(source);
    } catch (NoSuchFileException e) {
      throw new CcException("no such file or directory: '" + src.path() + "'");
    } catch (IOException e) {
      throw new CcException("cannot read '" + src.path() + "': " + e.getMessage());
    }
    StringBuilder desc = new StringBuilder("compile 2\n").append(dev.jwin.Version.get()).append('\n')
        .append(clangIdentity).append('\n').append(target).append('\n')
        .append(runtime == null ? "" : runtime.cacheIdentity()).append('\n').append(String.join("\0", args))
        .append('\n').append(src.path()).append('\n').append(cwd.toAbsolutePath()).append('\n');
    for (String v : Proc.COMPILER_ENV) desc.append(v).append('=').append(env.getOrDefault(v, "")).append('\n');
    String manifestKey = FileHashes.key(desc.append(sourceHash).toString());
    Path manifest = manifests.resolve(manifestKey);
    Result hit = fromManifest(manifest, manifestKey);
    if (hit != null) {
      cache.counted(true);
      return hit;
    }
    cache.counted(false);

    boolean preprocessed = src.language() != Language.ASM;
    Path stage = cache.stage();
    try {
      Path obj = stage.resolve("out" + target.objectSuffix());
      Path dep = stage.resolve("out.d");
      List<String> cmd = new ArrayList<>(args);
      cmd.addAll(List.of("-c", "-o", obj.toString()));
      if (preprocessed) cmd.addAll(List.of("-MD", "-MF", dep.toString()));
      cmd.add(src.path());
      if (verbose) err.println(Proc.quote(cmd));
      Proc.Output clangOut = runCompile(cmd);
      if (!clangOut.text().isEmpty()) {
        synchronized (err) {
          err.print(clangOut.text());
          err.flush();
        }
      }
      if (clangOut.exitCode() != 0) throw new CcException(null, 1);
      // Assembly without preprocessing has no dependency file: the source is all it reads, but for .include.
      List<String> deps = preprocessed ? DepFile.parse(Files.readString(dep, StandardCharsets.UTF_8))
          : List.of(src.path());
      Files.deleteIfExists(dep);
      IncludeSearch search = preprocessed ? search(src, args) : null;
      Set<String> absent = new java.util.TreeSet<>();
      if (search != null) {
        absent.addAll(search.absent(deps));
        absent.addAll(search.absentTested(deps, tested(deps)));
      }
      Set<String> system = userDeps && preprocessed ? systemHeaders(args, src, deps, stage) : null;
      StringBuilder lines = new StringBuilder();
      StringBuilder objDesc = new StringBuilder(manifestKey);
      for (String d : deps) {
        String h = hashes.hash(cwd.resolve(d));
        String tag = system == null ? "h " : system.contains(d) ? "s " : "d ";
        lines.append(tag).append(h).append(' ').append(d).append('\n');
        objDesc.append('\n').append(h);
      }
      for (String a : absent) lines.append("a ").append(a).append('\n');
      String why = preprocessed && search == null ? "clang did not tell its include path" : uncacheable(src, deps);
      if (why != null) {
        if (verbose) err.println("jwin: " + src.path() + ": not cached (" + why + ")");
        objDesc.append("\nuncached ").append(System.nanoTime()).append(' ').append(ProcessHandle.current().pid());
      }
      String objKey = FileHashes.key(objDesc.toString());
      String text = why == null ? MANIFEST + "\n" + objKey + "\n" + lines : null;
      // Everything the entry records was taken above, as it was when clang ran; when the command only copies the
      // object out, a server's client has its answer before the entry is stored.
      if (objectCopiedOut && ClientRequest.active()) {
        Path staged = stage;
        stage = null;
        ClientRequest.later(() -> {
          try {
            store(objKey, staged, manifest, manifestKey, text);
          } catch (IOException e) {
            // not stored: compiled again next time
          } finally {
            LocalCache.deleteTree(staged);
          }
        });
        return new Result(obj, deps, system == null ? Set.of() : system, absent, false, why == null);
      }
      Path published = store(objKey, stage, manifest, manifestKey, text);
      return new Result(published.resolve(obj.getFileName()), deps, system == null ? Set.of() : system, absent, false,
          why == null);
    } catch (IOException e) {
      throw new CcException("cannot compile '" + src.path() + "': " + e.getMessage());
    } finally {
      if (stage != null) LocalCache.deleteTree(stage);
    }
  }

  /** Publishes a compile's staged outputs under {@code objKey} and, when cacheable, the manifest that leads to it. */
  private Path store(String objKey, Path stage, Path manifest, String manifestKey, String text) throws IOException {
    Path published = cache.publish(objKey, stage);
    if (text != null) {
      writeManifest(manifest, text);
      cache.shareRecord(manifestKey, text.getBytes(StandardCharsets.UTF_8));
    }
    return published;
  }

  /**
   * Says that the command only copies the objects out of the cache (-c): a jwin server may then store them after
   * its client has its answer.
   */
  void objectsCopiedOut() {
    objectCopiedOut = true;
  }

  /** Runs a compile's clang: in the client of a jwin server when it offers to ({@link ClientRequest}), else here. */
  private Proc.Output runCompile(List<String> cmd) throws CcException {
    ClientRequest.ClangRunner client = ClientRequest.takeRunner();
    if (client != null) {
      try {
        int rc = client.run(cmd);
        if (rc >= 0) return new Proc.Output(rc, ""); // its output went to the user
      } catch (IOException e) {
        throw new CcException("cannot run " + cmd.getFirst() + ": " + e.getMessage());
      }
    }
    return Proc.capture(cmd, env, cwd);
  }

  /**
   * The dependencies -MMD leaves out, as clang decides (a header is a system header by where it was found, or by
   * its includer when found next to it, whatever directory holds it): clang preprocesses once more with -MMD.
   */
  private Set<String> systemHeaders(List<String> args, Source src, List<String> deps, Path stage)
      throws CcException, IOException {
    Path user = stage.resolve("user.d");
    List<String> cmd = new ArrayList<>(args);
    cmd.addAll(List.of("-E", "-o", "/dev/null", "-MMD", "-MF", user.toString(), src.path()));
    if (verbose) err.println(Proc.quote(cmd));
    Proc.Output out = Proc.capture(cmd, env, cwd);
    if (out.exitCode() != 0) throw new CcException("cannot compile '" + src.path() + "': " + out.text().strip());
    Set<String> system = new HashSet<>(deps);
    DepFile.parse(Files.readString(user, StandardCharsets.UTF_8)).forEach(system::remove);
    Files.deleteIfExists(user);
    return system;
  }

  /** A source read from standard input: compiled each time, nothing recorded (there is no file to check). */
  private Result fromStdin(Source src) throws CcException {
    Path stage = cache.stage();
    try {
      Path obj = stage.resolve("out" + target.objectSuffix());
      List<String> cmd = new ArrayList<>(baseArgs(src));
      cmd.addAll(List.of("-c", "-o", obj.toString(), "-"));
      if (verbose) err.println(Proc.quote(cmd));
      Proc.Output clangOut = Proc.capture(cmd, env, cwd, true);
      synchronized (err) {
        err.print(clangOut.text());
        err.flush();
      }
      if (clangOut.exitCode() != 0) throw new CcException(null, 1);
      String key = FileHashes.key("stdin\n" + System.nanoTime() + " " + ProcessHandle.current().pid());
      Path published = cache.publish(key, stage);
      return new Result(published.resolve(obj.getFileName()), List.of(), Set.of(), Set.of(), false, false);
    } catch (IOException e) {
      throw new CcException("cannot compile standard input: " + e.getMessage());
    } finally {
      LocalCache.deleteTree(stage);
    }
  }

  private static final String MANIFEST = "jwin-compile-manifest 2";
  private static final List<String> TIME_MACROS = List.of("__DATE__", "__TIME__", "__TIMESTAMP__");

  /**
   * What a file clang read says about caching: whether it uses the time of the compile, the headers it tests
   * with {@code __has_include} (spelled {@code "x.h"} or {@code <x.h>}), and whether one test names its header
   * through a macro (the places it looked are then unknown).
   */
  private record Scan(boolean time, List<String> tested, boolean macroTest) {}

  private Scan scan(String path) throws IOException {
    Scan s = scans.get(path);
    if (s == null) {
      // What a file says depends on its contents only: kept by their hash for the next commands of this process
      // (a jwin server's), which mostly read the same headers.
      s = SCANS.get(hashes.hash(cwd.resolve(path)));
      if (s == null) {
        byte[] bytes = Files.readAllBytes(cwd.resolve(path));
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<String> tested = IncludeSearch.tested(text);
        s = new Scan(TIME_MACROS.stream().anyMatch(text::contains), tested == null ? List.of() : tested,
            tested == null);
        if (SCANS.size() >= 20_000) SCANS.clear();
        SCANS.put(java.util.HexFormat.of().formatHex(FileHashes.sha256().digest(bytes)), s); // what was read
      }
      scans.put(path, s);
    }
    return s;
  }

  /** Scans of files by the hash of their contents. */
  private static final Map<String, Scan> SCANS = new ConcurrentHashMap<>();

  /** The headers the files clang read test with {@code __has_include}, as spelled. */
  private Set<String> tested(List<String> deps) throws IOException {
    Set<String> out = new LinkedHashSet<>();
    for (String d : deps) out.addAll(scan(d).tested());
    return out;
  }

  /**
   * Why an object must not be served again, or null: it uses the time of the compile (unless SOURCE_DATE_EPOCH
   * fixes it or JWIN_CACHE_TIME_MACROS=1 says the old time will do), it tests for a header named by a macro, or it
   * is assembly that .include's files.
   */
  private String uncacheable(Source src, List<String> deps) throws IOException {
    if (src.language() == Language.ASM) {
      String text = Files.readString(cwd.resolve(src.path()), StandardCharsets.ISO_8859_1);
      return text.contains(".include") || text.contains(".incbin") ? ".include or .incbin" : null;
    }
    for (String d : deps) if (scan(d).macroTest()) return d + " tests for a header named by a macro";
    if (!env.getOrDefault("SOURCE_DATE_EPOCH", "").isEmpty() || "1".equals(env.get("JWIN_CACHE_TIME_MACROS")))
      return null;
    for (String d : deps) if (scan(d).time()) return d + " uses __DATE__, __TIME__ or __TIMESTAMP__";
    return null;
  }

  private IncludeSearch search(Source src, List<String> args) throws CcException {
    return searches.computeIfAbsent(src.language(), l -> Optional.ofNullable(searchOf(args))).orElse(null);
  }

  private IncludeSearch searchOf(List<String> args) {
    try {
      return IncludeSearch.of(args, clangIdentity, env, cwd, cache.root().resolve("search"));
    } catch (CcException e) {
      return null;
    }
  }

  private Result fromManifest(Path manifest, String manifestKey) {
    List<String> lines;
    try {
      lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      byte[] remote = cache.remoteRecord(manifestKey); // compiled on another machine?
      if (remote == null) return null;
      String text = new String(remote, StandardCharsets.UTF_8);
      lines = List.of(text.split("\n"));
      try {
        writeManifest(manifest, text);
      } catch (IOException x) {
        // used once, asked for again next time
      }
    } catch (IOException e) {
      return null;
    }
    if (lines.size() < 2 || !lines.getFirst().equals(MANIFEST)) return null;
    String objKey = lines.get(1);
    StringBuilder objDesc = new StringBuilder(manifestKey);
    List<String> deps = new ArrayList<>();
    Set<String> system = new HashSet<>();
    Set<String> absent = new LinkedHashSet<>();
    for (String line : lines.subList(2, lines.size())) {
      if (line.startsWith("a ")) {
        String path = line.substring(2);
        // A header that would now be found before one the object was made from: compile again.
        if (Files.exists(cwd.resolve(path))) return null;
        absent.add(path);
        continue;
      }
      int sp = line.indexOf(' ', 2);
      if (sp < 0 || !(line.startsWith("d ") || line.startsWith("s ") || line.startsWith("h "))) return null;
      // Recorded without -MMD: which are system headers is not known, compile again to ask clang.
      if (userDeps && line.startsWith("h ")) return null;
      String sha = line.substring(2, sp);
      String path = line.substring(sp + 1);
      try {
        if (!hashes.hash(cwd.resolve(path)).equals(sha)) return null;
      } catch (IOException e) {
        return null; // a header went away: compile again and let clang say what is wrong
      }
      deps.add(path);
      if (line.startsWith("s ")) system.add(path);
      objDesc.append('\n').append(sha);
    }
    if (!FileHashes.key(objDesc.toString()).equals(objKey)) return null;
    Path dir = cache.lookup(objKey);
    if (dir == null) return null;
    Path obj = dir.resolve("out" + target.objectSuffix());
    if (!Files.isRegularFile(obj)) return null;
    cache.used(manifest);
    return new Result(obj, deps, system, absent, true, true);
  }

  private void writeManifest(Path manifest, String text) throws IOException {
    Files.createDirectories(manifests);
    dev.jwin.io.AtomicFile.write(manifest, text.getBytes(StandardCharsets.UTF_8), false);
  }

}
