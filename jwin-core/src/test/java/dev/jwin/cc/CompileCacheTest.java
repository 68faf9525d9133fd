package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes into a compile's cache key besides files (the environment clang reads, the time of day for sources that
 * use it), every kind of input (.s, .S, -x, standard input), and dependency files on hits, compared with clang's own.
 */
class CompileCacheTest {
  @TempDir Path dir;
  private Map<String, String> env;
  private String stderr;

  @BeforeEach
  void cache() {
    env = new HashMap<>(Map.of("JWIN_CACHE_DIR", dir.resolve("cache").toString(), "PATH", System.getenv("PATH")));
  }

  private int cc(String... args) {
    InProcessCc.Run r = InProcessCc.run(dir, env, List.of(args));
    stderr = r.stderr();
    return r.exitCode();
  }

  /** How many times clang compiled (the -v lines of compile commands). */
  private int compiles(String... args) {
    List<String> a = new ArrayList<>(List.of("-v"));
    a.addAll(List.of(args));
    assertThat(cc(a.toArray(String[]::new))).as(stderr).isEqualTo(0);
    return (int) stderr.lines().filter(l -> l.contains(" -c -o ")).count();
  }

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  @Test
  void environmentClangReadsIsInTheKey() throws Exception {
    write("a/w.h", "#define V 1\n");
    write("b/w.h", "#define V 2\n");
    write("n.c", "#include <w.h>\nint v = V;\n");
    for (String var : List.of("CPATH", "C_INCLUDE_PATH")) {
      env.put(var, dir.resolve("a").toString());
      assertThat(compiles("-c", "@D/n.c", "-o", "@D/a.o")).isLessThanOrEqualTo(1);
      env.put(var, dir.resolve("b").toString());
      assertThat(compiles("-c", "@D/n.c", "-o", "@D/b.o")).as(var).isEqualTo(1);
      assertThat(Files.readAllBytes(dir.resolve("a.o"))).as(var).isNotEqualTo(Files.readAllBytes(dir.resolve("b.o")));
      env.put(var, dir.resolve("a").toString());
      assertThat(compiles("-c", "@D/n.c", "-o", "@D/a2.o")).isEqualTo(0);
      assertThat(dir.resolve("a2.o")).hasSameBinaryContentAs(dir.resolve("a.o"));
      env.remove(var);
    }
  }

  @Test
  void timeOfDayUsersAreCompiledEachTimeUnlessTheTimeIsFixed() throws Exception {
    write("t.h", "static const char *when = __TIME__;\n");
    write("t.c", "#include \"t.h\"\nconst char *f(void) { return when; }\n");
    assertThat(compiles("-c", "@D/t.c", "-o", "@D/t.o")).isEqualTo(1);
    assertThat(compiles("-c", "@D/t.c", "-o", "@D/t.o")).as("not cached").isEqualTo(1);
    env.put("SOURCE_DATE_EPOCH", "1700000000");
    assertThat(compiles("-c", "@D/t.c", "-o", "@D/t.o")).isEqualTo(1);
    assertThat(compiles("-c", "@D/t.c", "-o", "@D/t.o")).as("cached with SOURCE_DATE_EPOCH").isEqualTo(0);
    env.remove("SOURCE_DATE_EPOCH");
    env.put("JWIN_CACHE_TIME_MACROS", "1");
    assertThat(compiles("-c", "@D/t.c", "-o", "@D/t.o")).isEqualTo(1);
    assertThat(compiles("-c", "@D/t.c", "-o", "@D/t.o")).as("cached when asked").isEqualTo(0);
  }

  @Test
  void everyInputKind() throws Exception {
    write("f.s", ".text\n.globl f\nf:\n  movl $5, %eax\n  ret\n");
    assertThat(compiles("-c", "@D/f.s", "-o", "@D/f.o")).isEqualTo(1);
    assertThat(compiles("-c", "@D/f.s", "-o", "@D/f.o")).as(".s cached").isEqualTo(0);
    assertThat(dir.resolve("f.o")).isNotEmptyFile();
    // .include reads a file no dependency file names: compiled each time.
    write("inc.s", ".text\n.globl g\ng:\n  ret\n");
    write("g.s", ".include \"" + dir.resolve("inc.s") + "\"\n");
    assertThat(compiles("-c", "@D/g.s", "-o", "@D/g.o")).isEqualTo(1);
    byte[] first = Files.readAllBytes(dir.resolve("g.o"));
    write("inc.s", ".text\n.globl g\ng:\n  nop\n  ret\n");
    assertThat(compiles("-c", "@D/g.s", "-o", "@D/g.o")).isEqualTo(1);
    assertThat(Files.readAllBytes(dir.resolve("g.o"))).isNotEqualTo(first);
    // .S is preprocessed: its headers are dependencies.
    write("d.h", "#define VALUE 6\n");
    write("d.S", "#include \"d.h\"\n.text\n.globl d\nd:\n  movl $VALUE, %eax\n  ret\n");
    assertThat(compiles("-c", "@D/d.S", "-o", "@D/d.o")).isEqualTo(1);
    assertThat(compiles("-c", "@D/d.S", "-o", "@D/d.o")).isEqualTo(0);
    write("d.h", "#define VALUE 7\n");
    assertThat(compiles("-c", "@D/d.S", "-o", "@D/d.o")).isEqualTo(1);
    // -x c on a file whose name says nothing; C++.
    write("x.txt", "int x(void) { return 1; }\n");
    assertThat(compiles("-c", "-x", "c", "@D/x.txt", "-o", "@D/x.o")).isEqualTo(1);
    assertThat(compiles("-c", "-x", "c", "@D/x.txt", "-o", "@D/x.o")).isEqualTo(0);
    write("p.cpp", "template <class T> T id(T t) { return t; }\nint p() { return id(3); }\n");
    assertThat(compiles("-c", "@D/p.cpp", "-o", "@D/p.o")).isEqualTo(1);
    assertThat(compiles("-c", "@D/p.cpp", "-o", "@D/p.o")).isEqualTo(0);
  }

  @Test
  void standardInputIsCompiledUncached() throws Exception {
    JwinInstall jwin = JwinInstall.create(dir.resolve("jwin"));
    String cc = jwin.root.resolve("jwin-cc").toString();
    jwin.runOk(dir, Duration.ofMinutes(1), cc, "-c", "-x", "c", "-", "-o", "e.o");
    assertThat(dir.resolve("e.o")).isNotEmptyFile();
    JwinInstall.Result r = jwin.run(dir, Duration.ofMinutes(1), List.of(cc, "-c", "-", "-o", "e.o"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.output()).isEqualTo("jwin: error: -E or -x required when input is from standard input\n");
  }

  /** Splits a command line as {@link Proc#quote} writes it. */
  private static List<String> unquote(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '\'') quoted = false;
        else cur.append(c);
      } else if (c == '\'') {
        quoted = true;
        any = true;
      } else if (c == '\\') {
        cur.append(line.charAt(++i));
      } else if (c == ' ') {
        if (any || !cur.isEmpty()) out.add(cur.toString());
        cur.setLength(0);
        any = false;
      } else {
        cur.append(c);
      }
    }
    if (any || !cur.isEmpty()) out.add(cur.toString());
    return out;
  }

  /**
   * -MD, -MMD, -MP, -MT, -MQ on a miss and on a hit: the file clang itself writes, byte for byte. Which headers
   * -MMD leaves out is clang's rule: where a header was found, or its includer when found next to it (a user
   * header reached from a system header by a quoted relative path is a system header; a header next to the source
   * in a directory also given with -isystem is not).
   */
  @Test
  void dependencyFilesAreClangs() throws Exception {
    JwinInstall.requireTools("clang-14");
    write("sp ace#/h.h", "#include <stdio.h>\n");
    write("inc/i.h", "#include \"h.h\"\nint i;\n");
    write("sys/s.h", "#include \"../inc/q.h\"\nint s;\n");
    write("inc/q.h", "int q;\n");
    write("src/loc.h", "int l;\n");
    write("src/n.c", "#include \"i.h\"\n#include <s.h>\n#include <string.h>\n#include \"loc.h\"\n"
        + "int main(void) { return 0; }\n");
    List<List<String>> variants = List.of(List.of("-MD"), List.of("-MMD"), List.of("-MD", "-MP"),
        List.of("-MMD", "-MP", "-MT", "a$b", "-MQ", "c$d e#"), List.of("-MD", "-MT", "x.o", "-MT", "y.o"));
    for (List<String> v : variants) {
      List<String> flags = new ArrayList<>(List.of("-I@D/inc", "-I@D/sp ace#", "-isystem", "@D/sys", "-isystem",
          "@D/src", "-c", "@D/src/n.c", "-o", "@D/out/n.o", "-MF", "@D/n.d"));
      flags.addAll(v);
      Files.createDirectories(dir.resolve("out"));
      // clang as jwin runs it (its -v line for -E, which runs straight to the output), with the dependency flags.
      assertThat(cc("-v", "-E", "-I@D/inc", "-I@D/sp ace#", "-isystem", "@D/sys", "-isystem", "@D/src", "@D/src/n.c",
          "-o", "@D/n.i")).as(stderr).isEqualTo(0);
      List<String> clang = unquote(stderr.lines().filter(l -> l.contains(" -E -o ")).findFirst().orElseThrow());
      clang = new ArrayList<>(clang.subList(0, clang.indexOf("-E")));
      for (String f : flags) clang.add(f.replace("@D/", dir + "/"));
      Process p = new ProcessBuilder(clang).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(out).isEqualTo(0);
      String expected = Files.readString(dir.resolve("n.d"));
      Files.delete(dir.resolve("n.d"));
      for (String when : List.of("miss", "hit")) {
        assertThat(cc(flags.toArray(String[]::new))).as(stderr).isEqualTo(0);
        assertThat(Files.readString(dir.resolve("n.d"))).as(v + " " + when).isEqualTo(expected);
      }
    }
  }
}
