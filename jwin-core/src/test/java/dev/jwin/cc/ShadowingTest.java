package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file appearing where clang or the library search looks before the one a build used (a header in an earlier
 * include directory, a library in an earlier -L directory) makes the next build use it, in every layer: the object
 * cache, the link cache, the no-op record checked in Java and the launcher's copy checked by the shell. Each case
 * builds, adds the shadowing file, builds again with the same cache, and compares with a build from an empty cache.
 */
class ShadowingTest {
  @TempDir Path dir;

  /** One kind of search: the files before, the command (with @D/ for the case's directory), the file that shadows. */
  record Case(String name, Map<String, String> files, List<String> args, Map<String, String> env, String shadow,
      String shadowText) {}

  private static final String MAIN = "int main(void) { return V; }\n";

  static List<Case> cases() {
    return List.of(
        new Case("quoted include: the including file's directory", Map.of("src/n.c", "#include \"w.h\"\n" + MAIN,
            "inc/w.h", "#define V 7\n"), List.of("-I@D/inc", "@D/src/n.c"), Map.of(), "src/w.h", "#define V 8\n"),
        new Case("-I order", Map.of("n.c", "#include <w.h>\n" + MAIN, "inc1/.keep", "", "inc2/w.h", "#define V 7\n"),
            List.of("-I@D/inc1", "-I", "@D/inc2", "@D/n.c"), Map.of(), "inc1/w.h", "#define V 8\n"),
        new Case("-isystem", Map.of("n.c", "#include <w.h>\n" + MAIN, "sys1/.keep", "", "sys2/w.h", "#define V 7\n"),
            List.of("-isystem", "@D/sys1", "-isystem", "@D/sys2", "@D/n.c"), Map.of(), "sys1/w.h", "#define V 8\n"),
        new Case("CPATH, first directory missing", Map.of("n.c", "#include \"sub/w.h\"\n" + MAIN, "cp2/sub/w.h",
            "#define V 7\n"), List.of("@D/n.c"), Map.of("CPATH", "@D/cp1:@D/cp2"), "cp1/sub/w.h", "#define V 8\n"),
        new Case("-iquote before -I", Map.of("n.c", "#include \"w.h\"\n" + MAIN, "q/.keep", "", "i/w.h",
            "#define V 7\n"), List.of("-iquote", "@D/q", "-I@D/i", "@D/n.c"), Map.of(), "q/w.h", "#define V 8\n"),
        // A header tested with __has_include and not found is read by no one, yet its appearing changes the program.
        new Case("__has_include(\"x.h\") that found nothing", Map.of("src/n.c", HAS_QUOTED, "inc/.keep", ""),
            List.of("-I@D/inc", "@D/src/n.c"), Map.of(), "inc/jwcfg.h", "#define V 8\n"),
        new Case("__has_include(<x.h>) in a header, -isystem", Map.of("n.c", "#include <t.h>\n" + MAIN, "sys/t.h",
            HAS_ANGLED, "cp/.keep", ""), List.of("-isystem", "@D/sys", "@D/n.c"), Map.of("CPATH", "@D/cp"),
            "cp/jwcfg.h", "#define V 8\n"));
  }

  private static final String HAS_QUOTED = "#if __has_include(\"jwcfg.h\")\n#include \"jwcfg.h\"\n#else\n#define V 7\n"
      + "#endif\n" + MAIN;
  private static final String HAS_ANGLED = "#if __has_include ( <jwcfg.h> )\n#define V 8\n#else\n#define V 7\n#endif\n";

  private Map<String, String> env(Path cache, Case c) {
    Map<String, String> env = new HashMap<>();
    env.put("JWIN_CACHE_DIR", cache.toString());
    env.put("PATH", System.getenv("PATH"));
    c.env().forEach((k, v) -> env.put(k, v.replace("@D/", dir + "/")));
    return env;
  }

  private String stderr;

  private int cc(Map<String, String> env, List<String> args) {
    InProcessCc.Run r = InProcessCc.run(dir, env, args);
    stderr = r.stderr();
    return r.exitCode();
  }

  private void lay(Map<String, String> files) throws Exception {
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
    for (var f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
      Files.setLastModifiedTime(p, old);
    }
    try (var s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) if (Files.isDirectory(p)) Files.setLastModifiedTime(p, old);
    }
  }

  private void shadow(String path, String text) throws Exception {
    Path p = dir.resolve(path);
    Files.createDirectories(p.getParent());
    if (text.startsWith("@copy:")) Files.copy(dir.resolve(text.substring(6)), p);
    else Files.writeString(p, text);
    Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - 30_000));
  }

  /** Builds {@code args} + {@code out} with the case's cache, again after {@code change}; and from an empty cache. */
  private void check(Case c, List<String> args, String out, boolean dropNoopRecords) throws Exception {
    Path cache = dir.resolve("cache");
    assertThat(cc(env(cache, c), args)).as(stderr).isEqualTo(0);
    byte[] before = Files.readAllBytes(dir.resolve(out));
    assertThat(cc(env(cache, c), args)).as(stderr).isEqualTo(0);
    shadow(c.shadow(), c.shadowText());
    if (dropNoopRecords) LocalCache.deleteTree(cache.resolve("cc/noop"));
    assertThat(cc(env(cache, c), args)).as(stderr).isEqualTo(0);
    byte[] cached = Files.readAllBytes(dir.resolve(out));
    assertThat(cc(env(dir.resolve("clean-cache"), c), args)).as(stderr).isEqualTo(0);
    byte[] clean = Files.readAllBytes(dir.resolve(out));
    assertThat(clean).as(c.name() + ": the shadowing file changes the output").isNotEqualTo(before);
    assertThat(cached).as(c.name() + ": cached build equals a clean one").isEqualTo(clean);
  }

  private void reset() throws Exception {
    LocalCache.deleteTree(dir);
    Files.createDirectories(dir);
  }

  @Test
  void objectCacheSeesHeadersThatAppearEarlierInTheSearchPath() throws Exception {
    for (Case c : cases()) {
      reset();
      lay(c.files());
      List<String> args = new ArrayList<>(c.args());
      args.addAll(List.of("-c", "-o", "@D/n.o"));
      check(c, args, "n.o", false);
    }
  }

  @Test
  void linkCacheAndNoopRecordSeeThem() throws Exception {
    // Header cases through the no-op record (the object cache for them is checked above); library cases also
    // without it, through the link cache.
    for (boolean dropNoop : new boolean[] {false, true}) {
      for (Case c : dropNoop ? List.<Case>of() : cases()) {
        reset();
        lay(c.files());
        List<String> args = new ArrayList<>(c.args());
        args.addAll(List.of("-o", "@D/n.exe"));
        check(c, args, "n.exe", dropNoop);
      }
      reset();
      Case lib = libraryCase();
      lay(lib.files());
      check(lib, lib.args(), "n.exe", dropNoop);
      reset();
      Case def = DEF_CASE;
      lay(def.files());
      check(def, def.args(), "n.exe", dropNoop);
    }
  }

  /** -lfoo made from mingw-w64's lib-common/foo.def; then lib64/foo.def appears, which comes first. */
  private static final Case DEF_CASE = new Case("import library from a .def", Map.of("n.c",
      "int fa(void);\nint main(void) { return fa(); }\n", "crt/lib-common/foo.def", "LIBRARY foo1.dll\nEXPORTS\nfa\n"),
      List.of("@D/n.c", "-lfoo", "-o", "@D/n.exe"), Map.of("JWIN_MINGW_CRT_SRC", "@D/crt"), "crt/lib64/foo.def",
      "LIBRARY foo2.dll\nEXPORTS\nfa\n");

  /** -lv found in the second -L directory; then a libv.a appears in the first. */
  private Case libraryCase() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("n.c", "int v(void);\nint main(void) { return v(); }\n");
    files.put("lib1/.keep", "");
    files.put("lib2/.keep", "");
    lay(files);
    archive("lib2/libv.a", 7);
    archive("shadow/libv.a", 8);
    lay(Map.of());
    return new Case("-L order", Map.of(), List.of("@D/n.c", "-L@D/lib1", "-L", "@D/lib2", "-lv", "-o", "@D/n.exe"), Map.of(),
        "lib1/libv.a", "@copy:shadow/libv.a");
  }

  private void archive(String path, int value) throws Exception {
    Path c = dir.resolve("v" + value + ".c");
    Files.writeString(c, "int v(void) { return " + value + "; }\n");
    Path o = dir.resolve("v" + value + ".o");
    Process p = new ProcessBuilder("clang-14", "--target=x86_64-w64-mingw32", "-c", c.toString(), "-o", o.toString())
        .inheritIO().start();
    assertThat(p.waitFor()).isEqualTo(0);
    Files.createDirectories(dir.resolve(path).getParent());
    p = new ProcessBuilder("llvm-ar-14", "rcs", dir.resolve(path).toString(), o.toString()).inheritIO().start();
    assertThat(p.waitFor()).isEqualTo(0);
  }

  /** The launcher's check: the shadowing example of the documentation, with relative paths, through jwin-cc. */
  @Test
  void launcherCheckSeesThem() throws Exception {
    JwinInstall.requireTools("clang-14", "llvm-ar-14", "stat", "cksum");
    JwinInstall jwin = JwinInstall.create(dir.resolve("jwin"));
    Path work = Files.createDirectories(dir.resolve("w"));
    Map<String, String> base = new HashMap<>(jwin.env);
    archive("libs/lib2/libv.a", 7);
    archive("libs/shadow/libv.a", 8);
    List<Case> all = new ArrayList<>(cases());
    all.add(new Case("-L order", Map.of("n.c", "int v(void);\nint main(void) { return v(); }\n", "lib1/.keep", "",
        "lib2/.keep", ""), List.of("n.c", "-Llib1", "-L", "lib2", "-lv"), Map.of(), "lib1/libv.a",
        "@copy:libs/shadow/libv.a"));
    for (Case c : all) {
      LocalCache.deleteTree(work);
      Path d = Files.createDirectories(work.resolve("d"));
      Map<String, String> files = new HashMap<>(c.files());
      for (var f : files.entrySet()) {
        Path p = d.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue());
      }
      if (c.name().equals("-L order")) Files.copy(dir.resolve("libs/lib2/libv.a"), d.resolve("lib2/libv.a"));
      List<String> cmd = new ArrayList<>(List.of(jwin.root.resolve("jwin-cc").toString()));
      for (String a : c.args()) cmd.add(a.replace("@D/", ""));
      cmd.addAll(List.of("-o", "n.exe"));
      jwin.env.clear();
      jwin.env.putAll(base);
      jwin.env.put("JWIN_CC_TIME", "1");
      c.env().forEach((k, v) -> jwin.env.put(k, v.replace("@D/", "")));
      backdate(d);
      jwin.run(d, Duration.ofMinutes(2), cmd).ok(cmd);
      byte[] before = Files.readAllBytes(d.resolve("n.exe"));
      backdate(d);
      jwin.run(d, Duration.ofMinutes(2), cmd).ok(cmd); // records for the launcher
      assertThat(jwin.run(d, Duration.ofMinutes(2), cmd).ok(cmd).output()).as(c.name() + ": launcher").isEmpty();
      Path s = d.resolve(c.shadow());
      Files.createDirectories(s.getParent());
      if (c.shadowText().startsWith("@copy:")) Files.copy(dir.resolve(c.shadowText().substring(6)), s);
      else Files.writeString(s, c.shadowText());
      assertThat(jwin.run(d, Duration.ofMinutes(2), cmd).ok(cmd).output()).as(c.name()).contains("compile:");
      assertThat(Files.readAllBytes(d.resolve("n.exe"))).as(c.name()).isNotEqualTo(before);
    }
  }

  private static void backdate(Path d) throws Exception {
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
    try (var s = Files.walk(d)) {
      for (Path p : (Iterable<Path>) s::iterator) Files.setLastModifiedTime(p, old);
    }
  }
}
