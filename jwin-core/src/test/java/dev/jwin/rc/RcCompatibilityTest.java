package dev.jwin.rc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jwin rc} against llvm-rc-14, byte for byte: handmade scripts covering every statement, and real
 * scripts from Debian source packages (src/test/resources/rc/debian, each with the headers and icons it
 * includes; an optional {@code rc.args} file holds extra {@code -I}/{@code -D} options). Both compile the
 * same clang-14 preprocessed text; jwin runs its own preprocessing.
 */
class RcCompatibilityTest {
  @TempDir Path dir;

  static final Path RESOURCES = Path.of("src/test/resources/rc");

  /** A script to compile: the directory copied for it, its path inside, extra -I (relative) and /c options. */
  record Case(Path root, String script, List<String> args) {
    @Override public String toString() { return root.getFileName() + "/" + script; }
  }

  static Stream<Case> scripts() throws IOException {
    List<Case> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(RESOURCES.resolve("handmade"))) {
      s.filter(p -> p.toString().endsWith(".rc")).sorted()
          .forEach(p -> all.add(new Case(p.getParent(), p.getFileName().toString(), List.of())));
    }
    try (Stream<Path> s = Files.walk(RESOURCES.resolve("debian"))) {
      for (Path args : s.filter(p -> p.getFileName().toString().equals("rc.args")).sorted().toList()) {
        List<String> words = List.of(Files.readString(args).trim().split("\\s+"));
        all.add(new Case(args.getParent(), words.getFirst(), words.subList(1, words.size())));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void sameResAsLlvmRc(Case c) throws Exception {
    Path work = dir.resolve("case");
    copyTree(c.root(), work);
    Path rc = work.resolve(c.script());
    Path rcDir = rc.getParent();
    List<String> includes = new ArrayList<>();
    String codePage = null;
    for (String a : c.args()) {
      if (a.startsWith("-I")) includes.add(work.resolve(a.substring(2)).toString());
      else if (a.startsWith("/c")) codePage = a.substring(2);
    }
    String base = rc.getFileName().toString().replace(".rc", "");
    Path pre = rcDir.resolve(base + ".i");
    List<String> cpp = new ArrayList<>(List.of("clang-14", "--target=x86_64-w64-mingw32", "-E", "-xc", "-DRC_INVOKED"));
    for (String i : includes) cpp.add("-I" + i);
    cpp.add(rc.getFileName().toString());
    Proc p = run(rcDir, cpp);
    assertThat(p.exit).as(p.err).isZero();
    Files.writeString(pre, p.out, StandardCharsets.ISO_8859_1);
    List<String> llvm = new ArrayList<>(List.of("llvm-rc-14", "-no-preprocess", "/fo", work.resolve("llvm.res").toString()));
    for (String i : includes) llvm.add("/i" + i);
    if (codePage != null) llvm.addAll(List.of("/c", codePage));
    llvm.add(pre.getFileName().toString());
    Proc l = run(rcDir, llvm);
    assertThat(l.exit).as("llvm-rc-14: " + l.err).isZero();
    Files.delete(pre);

    List<String> jwin = new ArrayList<>(List.of("rc", "/fo", work.resolve("jwin.res").toString()));
    for (String i : includes) jwin.add("/i" + i);
    if (codePage != null) jwin.add("/c" + codePage);
    jwin.add(rc.toString());
    Run r = jwin(rcDir, jwin.toArray(String[]::new));
    assertThat(r.exit).as(r.err).isZero();
    assertThat(Files.readAllBytes(work.resolve("jwin.res"))).isEqualTo(Files.readAllBytes(work.resolve("llvm.res")));
  }

  @Test
  void windresCoffMatchesLlvmWindresForEachMachine() throws Exception {
    copyTree(RESOURCES.resolve("handmade"), dir);
    Run r = jwin("rc", "/fo", dir.resolve("all.res").toString(), dir.resolve("all.rc").toString());
    assertThat(r.exit).as(r.err).isZero();
    for (String target : List.of("pe-x86-64", "pe-i386", "aarch64-w64-mingw32", "armv7-w64-mingw32")) {
      Path ours = dir.resolve("jwin-" + target + ".o"), theirs = dir.resolve("llvm-" + target + ".o");
      Proc l = run(dir, List.of("llvm-windres-14", "-J", "res", "-O", "coff", "-F", target, "all.res", theirs.toString()));
      assertThat(l.exit).as(l.err).isZero();
      Run j = jwin("windres", "-J", "res", "-O", "coff", "-F", target, dir.resolve("all.res").toString(), ours.toString());
      assertThat(j.exit).as(j.err).isZero();
      assertThat(Files.readAllBytes(ours)).as(target).isEqualTo(Files.readAllBytes(theirs));
    }
    // straight from the script, output format from the file name
    Run j = jwin("windres", "-i", dir.resolve("all.rc").toString(), "-o", dir.resolve("direct.o").toString());
    assertThat(j.exit).as(j.err).isZero();
    assertThat(Files.readAllBytes(dir.resolve("direct.o"))).isEqualTo(Files.readAllBytes(dir.resolve("llvm-pe-x86-64.o")));
  }

  @Test
  void syntaxErrorNamesFileLineAndColumnAndWritesNothing() throws Exception {
    Path rc = dir.resolve("bad.rc");
    Files.writeString(rc, "#define X 1\n1 RCDATA { 1 }\n\n2 DIALOG 1, 2, 3\nBEGIN END\n");
    Path out = dir.resolve("bad.res");
    Run r = jwin("rc", "/fo", out.toString(), rc.toString());
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.err.strip()).isEqualTo(rc + ":5:1: error: expected ',', got BEGIN");
    assertThat(Files.exists(out)).isFalse();
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("bad.rc");
    }
  }

  @Test
  void errorsInIncludedScriptsPointIntoThem() throws Exception {
    Files.writeString(dir.resolve("part.rc"), "1 RCDATA { 1 }\n  2 RCDATA { 0x123456789 }\n");
    Files.writeString(dir.resolve("main.rc"), "#include \"part.rc\"\n");
    Run r = jwin("rc", "/fo", dir.resolve("m.res").toString(), dir.resolve("main.rc").toString());
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.err.strip()).endsWith("part.rc:2:14: error: integer invalid or too large: 0x123456789");
  }

  @Test
  void corruptIconIsAnErrorNamingTheFile() throws Exception {
    Files.write(dir.resolve("broken.ico"), new byte[] {0, 0, 1, 0, 3, 0, 16, 16});
    Files.writeString(dir.resolve("i.rc"), "1 ICON \"broken.ico\"\n");
    Run r = jwin("rc", "/fo", dir.resolve("i.res").toString(), dir.resolve("i.rc").toString());
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.err).contains("i.rc:1:8: error: broken.ico: icon/cursor directory extends past the end of the file");
    assertThat(Files.exists(dir.resolve("i.res"))).isFalse();
  }

  @Test
  void missingFileAndCorruptResInput() throws Exception {
    Files.writeString(dir.resolve("m.rc"), "1 RCDATA \"nowhere.bin\"\n");
    Run r = jwin("rc", "/fo", dir.resolve("m.res").toString(), dir.resolve("m.rc").toString());
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.err).contains("m.rc:1:10: error: file not found: nowhere.bin");
    Files.write(dir.resolve("c.res"), new byte[] {0, 0, 0, 0, 32, 0, 0, 0, -1, -1, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0, 32, 0, 0, 0});
    Run c = jwin("windres", "-J", "res", "-O", "coff", dir.resolve("c.res").toString(), dir.resolve("c.o").toString());
    assertThat(c.exit).isEqualTo(1);
    assertThat(c.err.strip()).startsWith("jwin: error: " + dir.resolve("c.res") + ": ").contains("extends past the end of the file");
    assertThat(c.err).doesNotContain("Exception");
  }

  // ---- helpers ----

  private record Proc(int exit, String out, String err) {}

  private record Run(int exit, String out, String err) {}

  /** jwin in-process; files a script names are found from its own directory (as with {@code cd DIR}). */
  private static Run jwin(Path cwd, String... args) {
    return jwin(args);
  }

  private static Run jwin(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    int rc = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Proc run(Path cwd, List<String> cmd) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt"), err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    Proc r = new Proc(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1), Files.readString(err, StandardCharsets.ISO_8859_1));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else Files.copy(p, t);
      }
    }
  }
}
