package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A randomized, seeded check that the caches are never wrong: a small C project (sources, headers in several
 * include directories, a header directory given by CPATH, generated headers, a static library found through two -L
 * directories) goes through random edits (change, add, delete, rename and shadow headers, touch without change,
 * same-size change with an older time, flags, environment, target, sources added and removed, libraries shadowed);
 * after each step the outputs of the build with the shared cache (and of the same build once more, a no-op) must
 * equal byte for byte those of a build from an empty cache. Time stamps come from a clock that only moves into the
 * past, so the no-op records (which trust times older than two seconds) are written and checked at every step.
 *
 * <p>{@code -Djwin.checker.steps=N -Djwin.checker.seed=S} run longer; a failure names the seed and the step.
 */
class RebuildCheckerTest {
  @TempDir Path dir;

  private static final String[] HEADER_DIRS = {"src", "gen", "inc1", "inc2", "inc3"};
  private static final int HEADERS = 5;

  private Random random;
  private long clock;
  private int step;
  private final List<String> log = new ArrayList<>();
  // The build's knobs.
  private boolean optimize;
  private Integer extra;
  private boolean cpath;
  private boolean msvc;
  private int sources = 3;

  @Test
  void cachedBuildsEqualCleanBuilds() throws Exception {
    long seed = Long.getLong("jwin.checker.seed", 15);
    int steps = Integer.getInteger("jwin.checker.steps", 14);
    random = new Random(seed);
    clock = System.currentTimeMillis() - 10L * 24 * 3600 * 1000;
    setUp();
    long start = System.nanoTime();
    for (step = 0; step < steps; step++) {
      if (step > 0) edit();
      check(seed);
    }
    System.out.printf("rebuild checker: seed %d, %d steps in %.1f s%n", seed, steps, (System.nanoTime() - start) / 1e9);
  }

  private void setUp() throws Exception {
    for (String d : List.of("src", "gen", "inc1", "inc2", "inc3", "L1", "L2", "obj", "clean")) mkdirs(d);
    for (int h = 0; h < HEADERS; h++) writeHeader("inc2", h, random.nextInt(90) + 10);
    for (int s = 0; s < 5; s++) writeSource(s);
    writeMain();
    archive("x1", 1);
    archive("x2", 2);
    Files.copy(dir.resolve("x2.a"), dir.resolve("L2/libx.a"));
    stampAll();
  }

  private void mkdirs(String d) throws Exception {
    Files.createDirectories(dir.resolve(d));
  }

  /** A header: a value, and sometimes another header it includes (quoted or angled). */
  private void writeHeader(String d, int h, int value) throws Exception {
    StringBuilder b = new StringBuilder("#ifndef H" + h + "\n#define H" + h + " " + value + "\n");
    if (h + 1 < HEADERS && random.nextBoolean()) {
      boolean quoted = random.nextBoolean();
      b.append("#include ").append(quoted ? '"' : '<').append('h').append(h + 1).append(".h")
          .append(quoted ? '"' : '>').append('\n');
    }
    b.append("#endif\n");
    write(d + "/h" + h + ".h", b.toString());
  }

  private void writeSource(int s) throws Exception {
    StringBuilder b = new StringBuilder();
    List<Integer> used = new ArrayList<>();
    for (int h = 0; h < HEADERS; h++) {
      if (!random.nextBoolean() && !used.isEmpty()) continue;
      used.add(h);
      b.append(random.nextBoolean() ? "#include \"h" + h + ".h\"\n" : "#include <h" + h + ".h>\n");
    }
    b.append("int f").append(s).append("(void) {\n  int v = ").append(random.nextInt(1000)).append(";\n");
    for (int h : used) b.append("  v = v * 3 + H").append(h).append(";\n");
    b.append("#ifdef EXTRA\n  v += EXTRA;\n#endif\n  return v;\n}\n");
    write("src/s" + s + ".c", b.toString());
  }

  private void writeMain() throws Exception {
    StringBuilder b = new StringBuilder("int x(void);\n");
    for (int s = 0; s < 5; s++) b.append("int f").append(s).append("(void);\n");
    b.append("int main(void) {\n  return x()");
    for (int s = 0; s < sources; s++) b.append(" + f").append(s).append("()");
    b.append(";\n}\n");
    write("src/main.c", b.toString());
  }

  private void write(String path, String text) throws Exception {
    Path p = dir.resolve(path);
    Files.writeString(p, text);
    stamp(p);
  }

  /** The next time of the clock, always in the past and never the same twice. */
  private void stamp(Path p) throws Exception {
    clock += 10_000;
    Files.setLastModifiedTime(p, FileTime.fromMillis(clock));
  }

  /** Directories whose entries changed get a time of the clock too (else they would be too recent to record). */
  private void stampAll() throws Exception {
    try (Stream<Path> s = Files.walk(dir, 1)) {
      for (Path p : (Iterable<Path>) s::iterator) if (Files.isDirectory(p) && !p.equals(dir)) stampIfRecent(p);
    }
  }

  private void stampIfRecent(Path p) throws Exception {
    if (System.currentTimeMillis() - Files.getLastModifiedTime(p).toMillis() < 60_000) stamp(p);
  }

  private void archive(String name, int value) throws Exception {
    Path c = dir.resolve(name + ".c");
    Files.writeString(c, "int x(void) { return " + value + "; }\n");
    run("clang-14", "--target=x86_64-w64-mingw32", "-c", c.toString(), "-o", dir.resolve(name + ".o").toString());
    run("llvm-ar-14", "rcs", dir.resolve(name + ".a").toString(), dir.resolve(name + ".o").toString());
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    assertThat(p.waitFor()).as(String.join(" ", cmd)).isEqualTo(0);
  }

  private List<Path> copies(int h) {
    List<Path> out = new ArrayList<>();
    for (String d : HEADER_DIRS) {
      Path p = dir.resolve(d).resolve("h" + h + ".h");
      if (Files.exists(p)) out.add(p);
    }
    return out;
  }

  private void edit() throws Exception {
    int h = random.nextInt(HEADERS);
    List<Path> copies = copies(h);
    Path any = copies.get(random.nextInt(copies.size()));
    List<Path> others = copies.stream().filter(p -> !p.getParent().getFileName().toString().equals("inc2")).toList();
    String where = HEADER_DIRS[random.nextInt(HEADER_DIRS.length)];
    switch (random.nextInt(14)) {
      case 0 -> {
        note("change " + rel(any));
        writeHeader(any.getParent().getFileName().toString(), h, random.nextInt(90) + 10);
      }
      case 1, 2 -> {
        note("add (shadow) " + where + "/h" + h + ".h");
        writeHeader(where, h, random.nextInt(90) + 10);
      }
      case 3 -> {
        if (others.isEmpty()) return;
        Path p = others.get(random.nextInt(others.size()));
        note("delete " + rel(p));
        Files.delete(p);
      }
      case 4 -> {
        if (others.isEmpty() || Files.exists(dir.resolve(where).resolve("h" + h + ".h"))) return;
        Path p = others.get(random.nextInt(others.size()));
        note("rename " + rel(p) + " to " + where);
        Files.move(p, dir.resolve(where).resolve("h" + h + ".h"));
      }
      case 5 -> {
        note("touch " + rel(any));
        stamp(any);
      }
      case 6 -> {
        // Same size, another value, a time older than any before: only the contents tell.
        String text = Files.readString(any);
        int i = text.indexOf(' ', text.indexOf("#define") + 8) + 1;
        char c = text.charAt(i);
        String changed = text.substring(0, i) + (char) ('1' + (c - '1' + 1 + random.nextInt(8)) % 9) + text.substring(i + 1);
        note("same-size change, time backwards " + rel(any));
        Files.writeString(any, changed);
        Files.setLastModifiedTime(any, FileTime.fromMillis(clock - 5L * 24 * 3600 * 1000 - step * 1000L));
      }
      case 7 -> {
        int s = random.nextInt(sources);
        note("change src/s" + s + ".c");
        writeSource(s);
      }
      case 8 -> {
        optimize = !optimize;
        note("flags -O" + (optimize ? "2" : "0"));
      }
      case 9 -> {
        extra = random.nextBoolean() ? null : random.nextInt(100);
        note("flags -DEXTRA=" + extra);
      }
      case 10 -> {
        cpath = !cpath;
        note("CPATH " + (cpath ? "inc3" : "unset"));
      }
      case 11 -> {
        Path lib = dir.resolve("L1/libx.a");
        if (Files.exists(lib)) {
          note("remove L1/libx.a");
          Files.delete(lib);
        } else {
          note("shadow the library in L1");
          Files.copy(dir.resolve("x1.a"), lib);
          stamp(lib);
        }
      }
      case 12 -> {
        msvc = !msvc;
        note("target " + (msvc ? "x86_64-pc-windows-msvc (objects)" : "x86_64-w64-mingw32"));
      }
      default -> {
        sources = sources == 5 ? 3 : sources + 1;
        note("sources: " + sources);
        writeMain();
      }
    }
    stampAll();
  }

  private String rel(Path p) {
    return dir.relativize(p).toString();
  }

  private void note(String what) {
    log.add("step " + step + ": " + what);
  }

  private Map<String, String> env(Path cache) {
    Map<String, String> env = new HashMap<>();
    env.put("JWIN_CACHE_DIR", cache.toString());
    env.put("PATH", System.getenv("PATH"));
    if (cpath) env.put("CPATH", dir.resolve("inc3").toString());
    return env;
  }

  /** The outputs of the build: every object (msvc) or the program (mingw), by name. */
  private Map<String, byte[]> build(Path cache, String outDir) throws Exception {
    List<String> flags = new ArrayList<>(List.of("-iquote", "@D/gen", "-I@D/inc1", "-isystem", "@D/inc2"));
    if (optimize) flags.add("-O2");
    if (extra != null) flags.add("-DEXTRA=" + extra);
    List<String> srcs = new ArrayList<>(List.of("@D/src/main.c"));
    for (int s = 0; s < sources; s++) srcs.add("@D/src/s" + s + ".c");
    Map<String, byte[]> out = new LinkedHashMap<>();
    if (msvc) {
      for (String src : srcs) {
        String name = src.substring(src.lastIndexOf('/') + 1).replace(".c", ".obj");
        List<String> args = new ArrayList<>(flags);
        // clang stamps msvc objects with the time unless told not to: deterministic objects to compare.
        args.addAll(List.of("--target=x86_64-pc-windows-msvc", "-mno-incremental-linker-compatible", "-c", src, "-o", "@D/" + outDir + "/" + name));
        cc(cache, args);
        out.put(name, Files.readAllBytes(dir.resolve(outDir).resolve(name)));
      }
    } else {
      List<String> args = new ArrayList<>(flags);
      args.addAll(srcs);
      args.addAll(List.of("-L@D/L1", "-L", "@D/L2", "-lx", "-o", "@D/" + outDir + "/app.exe"));
      cc(cache, args);
      out.put("app.exe", Files.readAllBytes(dir.resolve(outDir).resolve("app.exe")));
    }
    return out;
  }

  private void cc(Path cache, List<String> args) {
    InProcessCc.Run r = InProcessCc.run(dir, env(cache), args);
    assertThat(r.exitCode()).as(String.join("\n", log) + "\n" + r.stderr()).isEqualTo(0);
  }

  private void check(long seed) throws Exception {
    Path shared = dir.resolve("cache");
    Map<String, byte[]> cached = build(shared, "obj");
    Map<String, byte[]> again = build(shared, "obj");
    Path fresh = dir.resolve("clean-cache");
    Map<String, byte[]> clean = build(fresh, "clean");
    LocalCache.deleteTree(fresh);
    for (String name : clean.keySet()) {
      String why = "seed " + seed + ", " + name + " after:\n" + String.join("\n", log);
      assertThat(cached.get(name)).as(why).isEqualTo(clean.get(name));
      assertThat(again.get(name)).as("again: " + why).isEqualTo(clean.get(name));
    }
  }
}
