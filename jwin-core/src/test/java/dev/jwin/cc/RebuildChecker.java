package dev.jwin.cc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.HashSet;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The engine of {@link RebuildCheckerTest}: workers (threads, each with its own project and cache) make random edits
 * to a tiny C project and after each one run one {@code jwin cc} command in this JVM, and compare what it made with
 * what the same command makes from an empty cache (the oracle: a clean build, which runs clang for every source).
 *
 * <p>Fast because the oracle is remembered. Its answer for a compile (the object, and the digest of the dependency
 * file) is kept under a key of what clang reads: the command, {@code CPATH}, the source, and the path and contents
 * of each header as a small model of clang's search (the includer's directory for quoted includes, -iquote, -I,
 * CPATH, -isystem) finds them, and what {@code __has_include} answers. A link's answer is the link of the
 * remembered objects (one clean compile each when not remembered) with the library the -L order finds, from an
 * empty cache. So that the model cannot hide a difference, one remembered answer in {@code 1/VERIFY} is
 * compared with a clean build from the sources. A share of the link commands go through the launcher's {@code stat}
 * check first ({@code scripts/cc-uptodate.sh}, in bash): when it answers "up to date" the outputs on disk are
 * compared.
 *
 * <p>The project: sources {@code src/s0.c..s2.c} and {@code main.c}; headers {@code h0.h..h2.h} in
 * {@code src} (found first by quoted includes), {@code gen} ({@code -iquote}), {@code inc1} ({@code -I}),
 * {@code inc2} ({@code -isystem}, where every header always has a copy) and {@code inc3} ({@code CPATH}, when set);
 * {@code opt.h}, included when {@code __has_include("opt.h")}, and {@code flag.h}, only tested with
 * {@code __has_include(<flag.h>)}; a library {@code libx.a} in {@code L2} that one in {@code L1} may shadow.
 */
final class RebuildChecker {
  static final String[] HEADER_DIRS = {"src", "gen", "inc1", "inc2", "inc3"};
  /**
   * Where each header may have copies besides inc2 (few places and values keep the number of states small, so the
   * remembered answers serve most steps).
   */
  static final String[][] SHADOW_DIRS = {{"src", "gen"}, {"inc1", "inc3"}, {"gen", "inc3"}};
  static final String[] OPTIONAL_DIRS = {"gen", "inc1", "inc3"};
  static final int HEADERS = 3;
  static final int SOURCES = 3;
  private static final String[] TREE = {"src", "gen", "inc1", "inc2", "inc3", "L1", "L2"};

  /** What a run did. */
  record Summary(long steps, long oracleBuilds, long shellUpToDate, long shellChecks,
      double seconds, List<String> failures) {
    @Override
    public String toString() {
      return String.format("%d steps in %.1f s (%.1f ms/step): %d clean builds, launcher check "
          + "ran %d times (%d up to date), %d failures", steps, seconds, seconds * 1000 / Math.max(1, steps),
          oracleBuilds, shellChecks, shellUpToDate, failures.size());
    }
  }

  /** One remembered answer in VERIFY is checked against a clean build anyway. */
  static final int VERIFY = 10;
  private static final List<String> LINKED = List.of("main", "s0", "s1", "s2");
  /** A compile's answer by what it reads and its dependency-file flags. */
  private static final Map<String, Oracle> ORACLE = new ConcurrentHashMap<>();
  /** A clean compile's object by what it reads. */
  private static final Map<String, byte[]> OBJECTS = new ConcurrentHashMap<>();
  /** A clean link's program by what its compiles read and the library found. */
  private static final Map<String, byte[]> LINKS = new ConcurrentHashMap<>();

  /** The object and the dependency file (as text, with the project's directory as @D) a compile makes. */
  record Oracle(byte[] object, String depFile) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Oracle other && java.util.Arrays.equals(object, other.object)
          && depFile.equals(other.depFile);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(object);
    }

    @Override
    public String toString() {
      return "object " + FileHashes.key(new String(object, StandardCharsets.ISO_8859_1)).substring(0, 16)
          + (depFile.isEmpty() ? "" : ", dependency file:\n" + depFile);
    }
  }

  /**
   * Runs {@code steps} steps in all over {@code workers} threads (worker w uses seed {@code seed + w}; odd ones
   * keep their cache tiny) until {@code maxFailures} or the deadline; a line to {@code progress} (if not null)
   * every 1000 steps.
   */
  static Summary run(Path base, long seed, int steps, int workers, Path script, Path jar, int maxFailures,
      Path progress, long deadlineNanos) throws Exception {
    AtomicLong next = new AtomicLong();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Worker> ws = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    Path libs = base.resolve("libs");
    Files.createDirectories(libs);
    archive(libs, "x1", 1);
    archive(libs, "x2", 2);
    for (int w = 0; w < workers; w++) {
      Worker worker = new Worker(base.resolve("w" + w), seed + w, script, jar, libs, w % 2 == 1);
      ws.add(worker);
      Thread t = new Thread(() -> {
        try {
          worker.setUp();
          for (long n; failures.size() < maxFailures && System.nanoTime() < deadlineNanos
              && (n = next.getAndIncrement()) < steps; ) {
            if (progress != null && n % 1000 == 0 && n > 0) {
              Files.writeString(progress, String.format("%s: %d steps, %.0f s%n", java.time.Instant.now(), n,
                  (System.nanoTime() - start) / 1e9), java.nio.file.StandardOpenOption.CREATE,
                  java.nio.file.StandardOpenOption.APPEND);
            }
            String f = worker.step();
            if (f != null) failures.add(f);
          }
        } catch (Throwable e) {
          failures.add("worker " + worker.seed + " step " + worker.step + ": " + e + "\n" + worker.history());
        }
      }, "checker-" + w);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) t.join();
    double secs = (System.nanoTime() - start) / 1e9;
    long done = 0, oracle = 0, up = 0, shell = 0;
    for (Worker w : ws) {
      done += w.step;
      oracle += w.oracleBuilds;
      up += w.shellUpToDate;
      shell += w.shellChecks;
    }
    return new Summary(done, oracle, up, shell, secs, failures);
  }

  private static void archive(Path libs, String name, int value) throws Exception {
    Path c = libs.resolve(name + ".c");
    Files.writeString(c, "int x(void) { return " + value + "; }\n");
    Path o = libs.resolve(name + ".o");
    run("clang-14", "--target=x86_64-w64-mingw32", "-c", c.toString(), "-o", o.toString());
    run("llvm-ar-14", "rcs", libs.resolve(name + ".a").toString(), o.toString());
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", cmd) + ":\n" + out);
  }

  /** One project, its cache, and its history of edits. */
  static final class Worker {
    final long seed;
    final Path dir;
    final Path cache;
    final Path script;
    final Path jar;
    final Path libs;
    final Random random;
    /** This worker's cache is kept tiny: entries are evicted all the time. */
    final boolean tinyCache;
    int step;
    long oracleBuilds;
    long shellUpToDate;
    long shellChecks;
    private long clock;
    private final List<String> log = new ArrayList<>();
    // The knobs of the commands.
    private int optimize;
    private int extra;
    private boolean cpath;
    private int linkSources = SOURCES;

    Worker(Path dir, long seed, Path script, Path jar, Path libs, boolean tinyCache) {
      this.dir = dir;
      this.seed = seed;
      this.script = script;
      this.jar = jar;
      this.libs = libs;
      this.tinyCache = tinyCache;
      this.cache = dir.resolve("cache");
      this.random = new Random(seed);
    }

    String history() {
      int from = Math.max(0, log.size() - 60);
      return "seed " + seed + " (" + (tinyCache ? "tiny cache" : "cache") + "), last edits:\n  "
          + String.join("\n  ", log.subList(from, log.size()));
    }

    void setUp() throws Exception {
      for (String d : TREE) Files.createDirectories(dir.resolve(d));
      Files.createDirectories(dir.resolve("out"));
      Files.createDirectories(dir.resolve("clean"));
      clock = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(30);
      for (int h = 0; h < HEADERS; h++) writeHeader("inc2", h, 1);
      for (int s = 0; s < SOURCES; s++) writeSource(s, 0);
      writeMain();
      Files.copy(libs.resolve("x2.a"), dir.resolve("L2/libx.a"));
      stamp(dir.resolve("L2/libx.a"));
      stampDirs();
    }

    /** A header: a value, and perhaps the next header (quoted or angled). Sizes vary with the value. */
    private void writeHeader(String d, int h, int value) throws IOException {
      StringBuilder b = new StringBuilder("#define H" + h + " " + value + "\n");
      if (h + 1 < HEADERS && value % 2 == 1)
        b.append(value % 4 == 1 ? "#include \"h" + (h + 1) + ".h\"\n" : "#include <h" + (h + 1) + ".h>\n");
      write(d + "/h" + h + ".h", b.toString());
    }

    private void writeSource(int s, int variant) throws IOException {
      StringBuilder b = new StringBuilder();
      // Guards: a header may include the next one, and a source includes several.
      for (int h = 0; h < HEADERS; h++) b.append("#ifndef H").append(h).append('\n').append(
          (h + s + variant) % 2 == 0 ? "#include \"h" + h + ".h\"\n" : "#include <h" + h + ".h>\n").append("#endif\n");
      if (s == 0) b.append("#if __has_include(\"opt.h\")\n#include \"opt.h\"\n#else\n#define OPT 0\n#endif\n");
      if (s == 1) b.append("#if __has_include(<flag.h>)\n#define FLAG 1\n#else\n#define FLAG 0\n#endif\n");
      b.append("int f").append(s).append("(void) {\n  int v = ").append(variant).append(";\n");
      for (int h = 0; h < HEADERS; h++) b.append("  v = v * 3 + H").append(h).append(";\n");
      if (s == 0) b.append("  v += OPT;\n");
      if (s == 1) b.append("  v += FLAG;\n");
      b.append("#ifdef EXTRA\n  v += EXTRA;\n#endif\n  return v;\n}\n");
      write("src/s" + s + ".c", b.toString());
    }

    private void writeMain() throws IOException {
      StringBuilder b = new StringBuilder("int x(void);\n");
      for (int s = 0; s < SOURCES; s++) b.append("int f").append(s).append("(void);\n");
      b.append("int main(void) {\n  return x()");
      for (int s = 0; s < linkSources; s++) b.append(" + f").append(s).append("()");
      b.append(";\n}\n");
      write("src/main.c", b.toString());
    }

    private void write(String path, String text) throws IOException {
      Path p = dir.resolve(path);
      Files.writeString(p, text);
      stamp(p);
    }

    /**
     * The next time of this worker's clock: in the past (so the no-op records, which trust times older than two
     * seconds, are written at every step) and never the same twice.
     */
    private void stamp(Path p) throws IOException {
      clock += 1000 + random.nextInt(1000);
      Files.setLastModifiedTime(p, FileTime.fromMillis(clock));
    }

    private void stampDirs() throws IOException {
      for (String d : TREE) {
        Path p = dir.resolve(d);
        if (System.currentTimeMillis() - Files.getLastModifiedTime(p).toMillis() < 60_000) stamp(p);
      }
    }

    private List<Path> copies(String name) {
      List<Path> out = new ArrayList<>();
      for (String d : HEADER_DIRS) {
        Path p = dir.resolve(d).resolve(name);
        if (Files.exists(p)) out.add(p);
      }
      return out;
    }

    private void note(String what) {
      log.add("step " + step + ": " + what);
      if (log.size() > 400) log.subList(0, 200).clear();
    }

    private String rel(Path p) {
      return dir.relativize(p).toString();
    }

    /** One edit, then one command checked against the oracle; a description of the difference, or null. */
    String step() throws Exception {
      // Some steps change nothing: the command again, answered by the no-op records or the cache.
      boolean quiet = random.nextInt(lastLink ? 3 : 8) == 0;
      if (quiet) note("nothing changed");
      else edit();
      stampDirs();
      lastLink = quiet ? lastLink : random.nextInt(5) == 0;
      // Links mostly through the launcher's check (only then is its record written), always when nothing changed.
      String failure = lastLink ? link(quiet || random.nextInt(3) != 0) : compile();
      step++;
      return failure;
    }

    private void edit() throws IOException {
      int h = random.nextInt(HEADERS);
      String name = "h" + h + ".h";
      List<Path> copies = copies(name);
      Path any = copies.get(random.nextInt(copies.size()));
      List<Path> movable = copies.stream().filter(p -> !p.getParent().getFileName().toString().equals("inc2")).toList();
      String where = SHADOW_DIRS[h][random.nextInt(SHADOW_DIRS[h].length)];
      int value = 1 + random.nextInt(2);
      switch (random.nextInt(16)) {
        case 0, 1 -> {
          note("change " + rel(any) + " to " + value);
          writeHeader(any.getParent().getFileName().toString(), h, value);
        }
        case 2, 3 -> {
          note("add (shadow) " + where + "/" + name + " = " + value);
          writeHeader(where, h, value);
        }
        case 4 -> {
          if (movable.isEmpty()) return;
          Path p = movable.get(random.nextInt(movable.size()));
          note("delete " + rel(p));
          Files.delete(p);
        }
        case 5 -> {
          Path to = dir.resolve(where).resolve(name);
          if (movable.isEmpty() || Files.exists(to)) return;
          Path p = movable.get(random.nextInt(movable.size()));
          note("rename " + rel(p) + " to " + rel(to));
          Files.move(p, to);
        }
        case 6 -> {
          note("touch " + rel(any));
          stamp(any);
        }
        case 7 -> sameSizeSameTime(any, random.nextBoolean());
        case 8 -> optional("opt.h", "#define OPT " + value + "\n");
        case 9 -> optional("flag.h", "#define UNUSED " + value + "\n");
        case 10 -> {
          int s = random.nextInt(SOURCES);
          int v = random.nextInt(2);
          note("source src/s" + s + ".c variant " + v);
          writeSource(s, v);
        }
        case 11 -> {
          optimize = random.nextInt(2);
          extra = random.nextInt(2);
          note("flags -O" + optimize + (extra == 0 ? "" : " -DEXTRA=" + extra));
        }
        case 12 -> {
          cpath = !cpath;
          note("CPATH " + (cpath ? "inc3" : "unset"));
        }
        case 13 -> {
          Path lib = dir.resolve("L1/libx.a");
          if (Files.exists(lib)) {
            note("remove L1/libx.a");
            Files.delete(lib);
          } else {
            note("shadow the library in L1");
            Files.copy(libs.resolve("x1.a"), lib);
            stamp(lib);
          }
        }
        case 14 -> {
          linkSources = linkSources == SOURCES ? 1 : linkSources + 1;
          note("main calls " + linkSources + " sources");
          writeMain();
        }
        default -> {
          // The same contents written again: a new time, nothing to rebuild.
          note("rewrite " + rel(any) + " unchanged");
          byte[] b = Files.readAllBytes(any);
          Files.write(any, b);
          stamp(any);
        }
      }
    }

    /** opt.h or flag.h: appears in, moves to, or disappears from one of the optional directories. */
    private void optional(String name, String text) throws IOException {
      List<Path> copies = copies(name);
      String where = OPTIONAL_DIRS[random.nextInt(OPTIONAL_DIRS.length)];
      if (!copies.isEmpty() && random.nextBoolean()) {
        Path p = copies.get(random.nextInt(copies.size()));
        note("delete " + rel(p));
        Files.delete(p);
      } else {
        note("add " + where + "/" + name + ": " + text.strip());
        write(where + "/" + name, text);
      }
    }

    /**
     * The classic racy case: another value of the same size, and the old modification time put back (as
     * {@code cp -p}, {@code tar} or {@code rsync -t} do); in place, or a new file renamed over the old one.
     */
    private void sameSizeSameTime(Path p, boolean rename) throws IOException {
      String text = Files.readString(p);
      int i = text.indexOf(' ', text.indexOf("#define") + 8) + 1;
      char c = text.charAt(i);
      char n = c == '1' ? '2' : '1';
      String changed = text.substring(0, i) + n + text.substring(i + 1);
      FileTime old = Files.getLastModifiedTime(p);
      note("same size, same time " + (rename ? "(renamed over) " : "") + rel(p) + ": " + c + " -> " + n);
      if (rename) {
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
        Files.writeString(tmp, changed);
        Files.setLastModifiedTime(tmp, old);
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.writeString(p, changed);
        Files.setLastModifiedTime(p, old);
      }
    }

    private List<String> flags() {
      List<String> f = new ArrayList<>(List.of("-iquote", "@D/gen", "-I@D/inc1", "-isystem", "@D/inc2"));
      if (optimize == 1) f.add("-O1");
      if (extra != 0) f.add("-DEXTRA=" + extra);
      return f;
    }

    private Map<String, String> env(Path cacheDir) {
      Map<String, String> env = new HashMap<>();
      env.put("JWIN_CACHE_DIR", cacheDir.toString());
      env.put("PATH", System.getenv("PATH"));
      env.put("JWIN_REMOTE_CACHE", "off");
      if (cpath) env.put("CPATH", dir.resolve("inc3").toString());
      if (tinyCache && cacheDir.equals(cache)) {
        env.put("JWIN_CACHE_MAX_SIZE", "64K");
        env.put("JWIN_CACHE_EVICT_AGE", "0");
      }
      return env;
    }

    /** One source compiled alone, perhaps with a dependency file (-MD or -MMD, perhaps -MP and -MT). */
    private String compile() throws Exception {
      int s = random.nextInt(SOURCES + 1);
      String src = s == SOURCES ? "main" : "s" + s;
      List<String> depFlags = new ArrayList<>();
      int dep = random.nextInt(5);
      if (dep == 1) depFlags.add("-MD");
      if (dep >= 2) depFlags.add("-MMD");
      if (dep == 3) depFlags.add("-MP");
      if (dep == 4) depFlags.addAll(List.of("-MT", "target.o"));
      if (dep != 0) depFlags.addAll(List.of("-MF", "@D/out/" + src + ".d"));
      List<String> args = new ArrayList<>(flags());
      args.addAll(depFlags);
      args.addAll(List.of("-c", "@D/src/" + src + ".c", "-o", "@D/out/" + src + ".o"));
      String what = "cc " + String.join(" ", args);
      String read = reads(src);
      Oracle want = ORACLE.get(read + depFlags);
      boolean verify = want != null && random.nextInt(VERIFY) == 0;
      InProcessCc.Run r = InProcessCc.run(dir, env(cache), args);
      if (r.exitCode() != 0) throw new IllegalStateException("jwin cc failed: " + r.stderr() + "\n" + history());
      byte[] obj = Files.readAllBytes(dir.resolve("out/" + src + ".o"));
      String depText = dep == 0 ? "" : depFile("out/" + src + ".d");
      if (want == null || verify) {
        Oracle clean = cleanCompile(src, depFlags);
        if (want != null && !want.equals(clean))
          return "the checker's model of clang's search is wrong for " + what + "\n" + history();
        want = clean;
        ORACLE.putIfAbsent(read + depFlags, clean);
        OBJECTS.putIfAbsent(read, clean.object);
      }
      Oracle got = new Oracle(obj, depText);
      return want.equals(got) ? null : "difference after " + what + "\n  want " + want + "\n  got  " + got + "\n"
          + history();
    }

    /** The source compiled from an empty cache (which keeps only clang's search list): object, dependency file. */
    private Oracle cleanCompile(String src, List<String> depFlags) throws Exception {
      oracleBuilds++;
      List<String> args = new ArrayList<>(flags());
      for (String f : depFlags) args.add(f.replace("@D/out/", "@D/clean/"));
      args.addAll(List.of("-c", "@D/src/" + src + ".c", "-o", "@D/clean/" + src + ".o"));
      Path clean = dir.resolve("clean-cache");
      InProcessCc.Run r = InProcessCc.run(dir, env(clean), args);
      emptyExceptSearch(clean);
      if (r.exitCode() != 0) throw new IllegalStateException("clean jwin cc failed: " + r.stderr() + "\n" + history());
      return new Oracle(Files.readAllBytes(dir.resolve("clean/" + src + ".o")),
          depFlags.isEmpty() ? "" : depFile("clean/" + src + ".d"));
    }

    /** Empties a clean build's cache but for clang's search lists (they depend only on the flags and directories). */
    private static void emptyExceptSearch(Path cacheDir) throws IOException {
      Path cc = cacheDir.resolve("cc");
      if (!Files.isDirectory(cc)) return;
      try (Stream<Path> s = Files.list(cc)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          if (p.getFileName().toString().equals("search")) continue;
          if (Files.isDirectory(p)) LocalCache.deleteTree(p);
          else Files.delete(p);
        }
      }
    }

    /** A dependency file with the project's directory as @D (and clean/ as out/). */
    private String depFile(String path) throws IOException {
      return Files.readString(dir.resolve(path)).replace(dir + "/clean/", dir + "/out/").replace(dir + "/", "@D/");
    }

    /** All sources and the library linked into a program, perhaps through the launcher's check first. */
    private String link(boolean shell) throws Exception {
      List<String> args = new ArrayList<>(flags());
      for (String s : LINKED) args.add("@D/src/" + s + ".c");
      args.addAll(List.of("-L@D/L1", "-L", "@D/L2", "-lx", "-o", "@D/out/app.exe"));
      String what = "cc " + String.join(" ", args);
      StringBuilder k = new StringBuilder("link\n");
      for (String s : LINKED) k.append(reads(s)).append('\n');
      boolean shadowed = Files.exists(dir.resolve("L1/libx.a"));
      k.append(shadowed ? "x1" : "x2");
      String key = k.toString();
      byte[] want = LINKS.get(key);
      boolean verify = want != null && random.nextInt(VERIFY) == 0;
      byte[] got;
      if (shell && shellUpToDate(args)) {
        Path out = dir.resolve("out/app.exe");
        if (!Files.exists(out)) return "the launcher said up to date but there is no program: " + what + "\n"
            + history();
        shellUpToDate++;
        got = Files.readAllBytes(out);
      } else {
        InProcessCc.Run r = InProcessCc.run(dir, shell ? shellEnv : env(cache), args);
        if (r.exitCode() != 0) throw new IllegalStateException("jwin cc failed: " + r.stderr() + "\n" + history());
        got = Files.readAllBytes(dir.resolve("out/app.exe"));
      }
      if (want == null) {
        want = cleanLink();
        LINKS.putIfAbsent(key, want);
      } else if (verify) {
        // The whole build from an empty cache, sources and all: the model and the linked objects must agree.
        oracleBuilds++;
        Path clean = dir.resolve("clean-cache");
        List<String> cleanArgs = args.stream().map(a -> a.replace("@D/out/", "@D/clean/")).toList();
        InProcessCc.Run r = InProcessCc.run(dir, env(clean), cleanArgs);
        emptyExceptSearch(clean);
        if (r.exitCode() != 0) throw new IllegalStateException("clean jwin cc failed: " + r.stderr() + "\n"
            + history());
        if (!java.util.Arrays.equals(want, Files.readAllBytes(dir.resolve("clean/app.exe"))))
          return "the checker's model of clang's search or -l is wrong for " + what + "\n" + history();
      }
      if (java.util.Arrays.equals(want, got)) return null;
      return "difference after " + what + (shell ? " (launcher check first)" : "") + "\n" + history();
    }

    /** The program linked from the objects clean compiles make (remembered), from an empty cache. */
    private byte[] cleanLink() throws Exception {
      List<String> args = new ArrayList<>();
      for (String s : LINKED) {
        byte[] obj = OBJECTS.get(reads(s));
        if (obj == null) {
          obj = cleanCompile(s, List.of()).object;
          OBJECTS.putIfAbsent(reads(s), obj);
        }
        Path o = dir.resolve("clean/" + s + ".o");
        Files.write(o, obj);
        args.add(o.toString());
      }
      args.addAll(List.of("-L@D/L1", "-L", "@D/L2", "-lx", "-o", "@D/clean/app.exe"));
      oracleBuilds++;
      Path clean = dir.resolve("clean-cache");
      InProcessCc.Run r = InProcessCc.run(dir, env(clean), args);
      emptyExceptSearch(clean);
      if (r.exitCode() != 0) throw new IllegalStateException("clean link failed: " + r.stderr() + "\n" + history());
      return Files.readAllBytes(dir.resolve("clean/app.exe"));
    }

    /**
     * What compiling {@code src} reads, by the checker's model of clang: the flags, the source, and each header's
     * path and contents in the order the preprocessor meets them, and what {@code __has_include} answers.
     */
    private String reads(String src) throws IOException {
      StringBuilder b = new StringBuilder(String.join(" ", flags())).append(cpath ? " CPATH" : "").append('\n');
      String text = Files.readString(dir.resolve("src/" + src + ".c"));
      b.append(text);
      Set<String> defined = new HashSet<>();
      for (String line : text.split("\n")) {
        if (line.startsWith("#ifndef H")) {
          skip = defined.contains(line.substring(8));
        } else if (line.startsWith("#include ") && !skip) {
          include(line, dir.resolve("src"), defined, b);
        } else if (line.startsWith("#endif")) {
          skip = false;
        } else if (line.startsWith("#if __has_include(")) {
          String spelled = line.substring("#if __has_include(".length(), line.length() - 1);
          Path found = find(spelled, dir.resolve("src"));
          b.append("has ").append(spelled).append(' ').append(found == null ? "-" : rel(found)).append('\n');
          if (found != null && spelled.equals("\"opt.h\"")) b.append(Files.readString(found));
          break; // the rest of the source is fixed text
        }
      }
      return b.toString();
    }

    private boolean skip;
    private boolean lastLink;

    private void include(String line, Path includer, Set<String> defined, StringBuilder b) throws IOException {
      Path found = find(line.substring("#include ".length()).strip(), includer);
      if (found == null) throw new IllegalStateException("the model found no " + line + "\n" + history());
      String text = Files.readString(found);
      b.append(rel(found)).append(": ").append(text);
      for (String l : text.split("\n")) {
        if (l.startsWith("#define H")) defined.add(l.substring(8, l.indexOf(' ', 8)));
        else if (l.startsWith("#include ")) include(l, found.getParent(), defined, b);
      }
    }

    /** Where clang finds a header: quoted ones in the includer's directory and -iquote first; -I, CPATH, -isystem. */
    private Path find(String spelled, Path includer) {
      String name = spelled.substring(1, spelled.length() - 1);
      List<Path> order = new ArrayList<>();
      if (spelled.startsWith("\"")) order.addAll(List.of(includer, dir.resolve("gen")));
      order.add(dir.resolve("inc1"));
      if (cpath) order.add(dir.resolve("inc3"));
      order.add(dir.resolve("inc2"));
      for (Path d : order) if (Files.isRegularFile(d.resolve(name))) return d.resolve(name);
      return null;
    }

    /**
     * The launcher's check ({@code scripts/cc-uptodate.sh} sourced by bash, as {@code ./jwin} does): true when it
     * answers "up to date"; otherwise the command runs in this JVM with the record names the launcher exported.
     */
    private boolean shellUpToDate(List<String> args) throws Exception {
      shellChecks++;
      Map<String, String> env = env(cache);
      List<String> cmd = new ArrayList<>(List.of("bash", "-c",
          "jar=$1; shift; . \"$0\" \"$@\"; printf '%s\\n' \"$JWIN_CC_SHELL_RECORD\" \"$JWIN_CC_SHELL_KEY\"; exit 3",
          script.toString(), jar.toString(), "cc"));
      for (String a : args) cmd.add(a.replace("@D/", dir + "/"));
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("").toAbsolutePath().toFile());
      pb.environment().clear();
      pb.environment().putAll(env);
      Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int rc = p.waitFor();
      if (rc == 0) return true;
      if (rc != 3) throw new IllegalStateException("the launcher's check failed (" + rc + "): " + out);
      int nl = out.indexOf('\n');
      env.put("JWIN_CC_SHELL_RECORD", out.substring(0, nl));
      String key = out.substring(nl + 1);
      env.put("JWIN_CC_SHELL_KEY", key.endsWith("\n") ? key.substring(0, key.length() - 1) : key);
      shellEnv = env;
      return false;
    }

    private Map<String, String> shellEnv;
  }
}
