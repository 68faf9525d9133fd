package dev.jwin.libc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.archive.ArchiveReader;
import dev.jwin.coff.Bytes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jwin libc build} on a miniature mingw-w64 tree, with a clang wrapper that logs every run. */
class LibcBuildTest {
  @TempDir Path tmp;
  Path src;
  Path cache;
  Path clangLog;
  Map<String, String> env;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void setUp() throws IOException {
    src = MiniMingwTree.create(tmp.resolve("mingw"));
    cache = tmp.resolve("cache");
    clangLog = tmp.resolve("clang.log");
    Files.createFile(clangLog);
    env = new HashMap<>(System.getenv());
    env.put("JWIN_CACHE_DIR", cache.toString());
    env.put("JWIN_MINGW_SRC", src.toString());
    env.put("JWIN_CLANG", clangWrapper(tmp, clangLog, "").toString());
  }

  /** A clang that appends its arguments to {@code log} (one line per run), optionally runs {@code before} first. */
  static Path clangWrapper(Path dir, Path log, String before) throws IOException {
    Path w = dir.resolve("clang-wrapper.sh");
    Files.writeString(w, "#!/bin/sh\necho \"$*\" >> '" + log + "'\n" + before + "\nexec clang-14 \"$@\"\n");
    w.toFile().setExecutable(true);
    return w;
  }

  Run libc(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = LibcCommand.main(args, env, "test", new PrintStream(out, true), new PrintStream(err, true));
    return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  List<String> clangRuns() throws IOException {
    return Files.readAllLines(clangLog);
  }

  static List<String> members(Path archive) throws IOException {
    List<String> names = new ArrayList<>();
    new ArchiveReader(archive.toString(), Bytes.read(archive)).forEachMember(mem -> names.add(mem.name()));
    return names;
  }

  @Test
  void buildsTheRuntimeThenFindsItUpToDateWithoutRunningClang() throws IOException {
    Run first = libc("build", "--target", "x86_64-windows-gnu", "-j", "2");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.err()).contains("jwin: libc x86_64-windows-gnu:").contains("from cache");
    Run path = libc("path", "--target", "x86_64-windows-gnu");
    Path dir = Path.of(path.out().strip());
    assertThat(dir.resolve("include/_mingw.h")).content().contains("#define __MSVCRT_VERSION__ 0x700");
    assertThat(dir.resolve("include/sdks/_mingw_ddk.h")).content().contains("#if 1");
    assertThat(dir.resolve("include/sys/types.h")).exists();
    for (String f : List.of("crt1.o", "crt2.o", "crtbegin.o", "libmingw32.a", "libmingwex.a", "libmoldname.a", "libmsvcrt.a",
        "libuuid.a", "libm.a", "libkernel32.a", "libuser32.a", "libadvapi32.a", "libshell32.a", "libntdll.a")) {
      assertThat(dir.resolve("lib").resolve(f)).exists();
    }
    assertThat(members(dir.resolve("lib/libmingwex.a"))).containsExactly("b.o", "c.o", "only64.o");
    assertThat(members(dir.resolve("lib/libmsvcrt.a"))).contains("msvcrt.dll", "a.o");
    assertThat(members(dir.resolve("lib/libkernel32.a"))).contains("KERNEL32.dll", "k.o");
    assertThat(Files.readAllBytes(dir.resolve("lib/crt1.o"))).isEqualTo(Files.readAllBytes(dir.resolve("lib/crt2.o")));
    // crtexe.c gets the crt1.o rule's flags; the library sources their library's.
    assertThat(clangRuns()).anyMatch(l -> l.contains("crt/crtexe.c") && l.contains("-D_SYSCRT=1") && l.contains("-m64"));
    assertThat(clangRuns()).anyMatch(l -> l.contains("misc/a.c") && l.contains("-D__LIBMSVCRT__"));
    assertThat(clangRuns()).noneMatch(l -> l.contains("only32.c"));
    int runs = clangRuns().size();
    assertThat(runs).isEqualTo(12); // 10 distinct compiles (crt1.o = crt2.o) + kernel32.def.in + msvcrt.def.in

    long start = System.nanoTime();
    Run again = libc("build", "--target", "x86_64-windows-gnu");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(again.exit()).isZero();
    assertThat(again.err()).contains("is up to date");
    assertThat(clangRuns()).hasSize(runs); // nothing compiled, no clang started
    assertThat(millis).isLessThan(2000);
  }

  @Test
  void aChangedSourceRecompilesOnlyItself() throws IOException {
    assertThat(libc("build").exit()).isZero();
    Files.writeString(clangLog, "");
    Files.writeString(src.resolve("mingw-w64-crt/misc/b.c"), "int mingwex_b(void) { return 3; }\n");
    Run r = libc("build");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(clangRuns()).hasSize(1).allMatch(l -> l.contains("misc/b.c"));
    assertThat(r.err()).contains("13 jobs (1 run, 12 from cache)");
    // A header: only the files that include it.
    Files.writeString(clangLog, "");
    Files.writeString(src.resolve("mingw-w64-crt/include/internal.h"), "#define INTERNAL 2\n");
    assertThat(libc("build").exit()).isZero();
    assertThat(clangRuns()).hasSize(2).anyMatch(l -> l.contains("crtexe.c")).anyMatch(l -> l.contains("m32.c"));
  }

  @Test
  void importLibrariesOnDemand() throws IOException {
    Run r = libc("lib", "--target", "x86_64-windows-gnu", "-lws2_32");
    assertThat(r.exit()).as(r.err()).isZero();
    Path lib = Path.of(r.out().strip());
    assertThat(lib.getFileName().toString()).isEqualTo("libws2_32.a");
    assertThat(members(lib)).contains("WS2_32.dll");
    Run missing = libc("lib", "-lnosuchdll");
    assertThat(missing.exit()).isOne();
    assertThat(missing.err()).startsWith("jwin: error: no library 'nosuchdll' for x86_64-windows-gnu");
  }

  @Test
  void aCorruptEntryIsRebuiltNotUsed() throws IOException {
    assertThat(libc("build").exit()).isZero();
    Path dir = Path.of(libc("path").out().strip());
    Files.writeString(dir.resolve("lib/libmingwex.a"), "garbage");
    Run r = libc("build");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).doesNotContain("up to date").contains("13 jobs (0 run, 13 from cache)")
        .contains("jwin: warning: 1 damaged cache entry was found in " + cache + " and rebuilt");
    assertThat(members(dir.resolve("lib/libmingwex.a"))).containsExactly("b.o", "c.o", "only64.o");
  }

  @Test
  void clangFailuresNameTheFileAndCarryClangsMessage() throws IOException {
    Files.writeString(src.resolve("mingw-w64-crt/misc/b.c"), "int broken( {\n");
    Files.writeString(src.resolve("mingw-w64-crt/misc/u.c"), "#error uuid is broken\n");
    Run r = libc("build", "-j", "2");
    assertThat(r.exit()).isOne();
    assertThat(r.err()).contains("jwin: error: mingwex: misc/b.c: clang failed:")
        .contains("jwin: error: uuid: misc/u.c: clang failed:").contains("uuid is broken").doesNotContain("Exception");
    assertThat(libc("path").exit()).isOne(); // nothing published
  }

  @Test
  void badSetupsAreExplained() throws IOException {
    env.put("JWIN_MINGW_SRC", tmp.resolve("nowhere").toString());
    assertThat(libc("build").err()).startsWith("jwin: error: JWIN_MINGW_SRC: ").contains("is not a directory");
    Files.delete(src.resolve("mingw-w64-crt/Makefile.am"));
    Run partial = libc("build", "--mingw-src", src.toString());
    assertThat(partial.exit()).isOne();
    assertThat(partial.err()).contains("is not a complete mingw-w64 source tree (missing mingw-w64-crt/Makefile.am)");
    Files.writeString(src.resolve("mingw-w64-crt/Makefile.am"), MiniMingwTree.MAKEFILE_AM);
    Files.delete(src.resolve("mingw-w64-crt/misc/u.c"));
    Run noSource = libc("build", "--mingw-src", src.toString());
    assertThat(noSource.exit()).isOne();
    assertThat(noSource.err()).contains("misc/u.c").doesNotContain("Exception");
    env.put("JWIN_CLANG", tmp.resolve("no-clang").toString());
    Run noClang = libc("build", "--mingw-src", src.toString());
    assertThat(noClang.err()).startsWith("jwin: error: ").contains("no-clang is not an executable").contains("apt-get install clang-14");
    assertThat(libc("build", "--target", "sparc").err()).contains("unknown target 'sparc'");
  }

  static long countEntries(Path cache, String labelPrefix) throws IOException {
    Path entries = cache.resolve("entries");
    if (!Files.isDirectory(entries)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(entries)) {
      return s.filter(p -> p.getFileName().toString().equals("manifest")).filter(p -> {
        try {
          return Files.readAllLines(p).get(2).startsWith("label " + labelPrefix);
        } catch (IOException e) {
          return false;
        }
      }).count();
    }
  }
}
