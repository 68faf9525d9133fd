package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver end to end without Wine: bad input, exit codes, caching of compiles and links. */
class CcDriverTest {
  @TempDir Path dir;
  private Map<String, String> env;
  private String stderr;

  @BeforeEach
  void cache() {
    env = Map.of("JWIN_CACHE_DIR", dir.resolve("cache").toString(), "PATH", System.getenv("PATH"));
  }

  private int cc(String... args) {
    List<String> a = new ArrayList<>();
    for (String s : args) a.add(s.startsWith("@D/") ? dir.resolve(s.substring(3)).toString() : s);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = CcDriver.main(a.toArray(String[]::new), false, new PrintStream(out, true), new PrintStream(err, true), env);
    stderr = err.toString(StandardCharsets.UTF_8);
    return rc;
  }

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void unknownOptionAndUnknownTarget() {
    assertThat(cc("--bogus", "@D/a.c")).isEqualTo(1);
    assertThat(stderr).isEqualTo("jwin: error: unrecognized command-line option '--bogus'\n");
    assertThat(cc("-target", "mips-linux-gnu", "@D/a.c")).isEqualTo(1);
    assertThat(stderr).startsWith("jwin: error: unknown target 'mips-linux-gnu'");
  }

  @Test
  void missingFiles() throws Exception {
    assertThat(cc("-c", "@D/nope.c", "-o", "@D/nope.o")).isEqualTo(1);
    assertThat(stderr).contains("jwin: error: no such file or directory: '" + dir.resolve("nope.c") + "'");
    assertThat(dir.resolve("nope.o")).doesNotExist();
    write("m.c", "int main(void) { return 0; }\n");
    assertThat(cc("@D/m.c", "@D/gone.o", "-o", "@D/m.exe")).isEqualTo(1);
    assertThat(stderr).contains("no such file or directory: '" + dir.resolve("gone.o") + "'");
    assertThat(cc("@D/m.c", "-lnosuchlib", "-o", "@D/m.exe")).isEqualTo(1);
    assertThat(stderr).contains("jwin: error: unable to find library -lnosuchlib");
    assertThat(dir.resolve("m.exe")).doesNotExist();
  }

  @Test
  void compileErrorShowsClangsMessageAndWritesNothing() throws Exception {
    write("bad.c", "int main(void) { return undeclared_thing; }\n");
    Files.writeString(dir.resolve("bad.exe"), "previous");
    assertThat(cc("@D/bad.c", "-o", "@D/bad.exe")).isEqualTo(1);
    assertThat(stderr).contains("error: use of undeclared identifier 'undeclared_thing'");
    assertThat(Files.readString(dir.resolve("bad.exe"))).isEqualTo("previous");
  }

  @Test
  void linkErrorLeavesNoOutput() throws Exception {
    write("u.c", "void missing(void); int main(void) { missing(); return 0; }\n");
    assertThat(cc("@D/u.c", "-o", "@D/u.exe")).isEqualTo(1);
    assertThat(stderr).contains("missing");
    assertThat(dir.resolve("u.exe")).doesNotExist();
  }

  @Test
  void unchangedFilesAreNotRecompiledOrRelinked() throws Exception {
    write("h.h", "#define VALUE 1\n");
    write("a.c", "#include \"h.h\"\nint a(void) { return VALUE; }\n");
    write("b.c", "int a(void); int main(void) { return a(); }\n");
    assertThat(cc("-v", "@D/a.c", "@D/b.c", "-o", "@D/p.exe")).as(stderr).isEqualTo(0);
    assertThat(count(stderr, "-MD")).isEqualTo(2);
    assertThat(stderr).contains("jwin link ");

    assertThat(cc("-v", "@D/a.c", "@D/b.c", "-o", "@D/p.exe")).isEqualTo(0);
    assertThat(count(stderr, "-MD")).isZero();
    assertThat(stderr).contains("is up to date").doesNotContain("jwin link ");

    // A header change recompiles only the file that includes it; then the link runs again.
    write("h.h", "#define VALUE 2\n");
    assertThat(cc("-v", "@D/a.c", "@D/b.c", "-o", "@D/p.exe")).isEqualTo(0);
    assertThat(count(stderr, "-MD")).isEqualTo(1);
    assertThat(stderr).contains(dir.resolve("a.c") + "\n").contains("jwin link ");
  }

  @Test
  void noOpRebuildIsDecidedByFileStampsAlone() throws Exception {
    // Inputs older than the two seconds within which a time stamp cannot be trusted.
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
    Files.setLastModifiedTime(write("h.h", "#define VALUE 1\n"), old);
    Files.setLastModifiedTime(write("a.c", "#include \"h.h\"\nint a(void) { return VALUE; }\n"), old);
    Files.setLastModifiedTime(write("b.c", "int a(void); int main(void) { return a(); }\n"), old);
    assertThat(cc("-v", "@D/a.c", "@D/b.c", "-o", "@D/p.exe")).as(stderr).isEqualTo(0);
    assertThat(stderr).contains("jwin link ");
    assertThat(cc("-v", "@D/a.c", "@D/b.c", "-o", "@D/p.exe")).isEqualTo(0);
    assertThat(stderr).isEqualTo("jwin cc " + dev.jwin.cli.Main.version() + " (clang clang-14, target "
        + "x86_64-windows-gnu)\njwin: " + dir.resolve("p.exe") + " is up to date\n");

    // A header changed (same size, other time): a.c is compiled again and the program relinked.
    Files.setLastModifiedTime(write("h.h", "#define VALUE 2\n"), FileTime.fromMillis(old.toMillis() + 1000));
    assertThat(cc("-v", "@D/a.c", "@D/b.c", "-o", "@D/p.exe")).isEqualTo(0);
    assertThat(count(stderr, "-MD")).isEqualTo(1);
    assertThat(stderr).contains("jwin link ");
    // The output replaced by something else: linked again (from the cache).
    assertThat(cc("-v", "@D/a.c", "@D/b.c", "-o", "@D/p.exe")).isEqualTo(0);
    assertThat(stderr).contains("is up to date");
    Files.writeString(dir.resolve("p.exe"), "not a program");
    assertThat(cc("-v", "@D/a.c", "@D/b.c", "-o", "@D/p.exe")).isEqualTo(0);
    assertThat(stderr).contains("link result found in the cache");
    assertThat(Files.size(dir.resolve("p.exe"))).isGreaterThan(1000);
    // Another command line is another record.
    assertThat(cc("-v", "-DX", "@D/a.c", "@D/b.c", "-o", "@D/p.exe")).isEqualTo(0);
    assertThat(count(stderr, "-MD")).isEqualTo(2);
  }

  @Test
  void compileOnlyWritesObjectAndDependencyFile() throws Exception {
    write("h.h", "int x;\n");
    write("c.c", "#include \"h.h\"\n");
    assertThat(cc("-c", "-MD", "-MF", "@D/c.d", "-MT", "obj/c.o", "@D/c.c", "-o", "@D/c.o")).as(stderr).isEqualTo(0);
    assertThat(dir.resolve("c.o")).isNotEmptyFile();
    assertThat(Files.readString(dir.resolve("c.d"))).startsWith("obj/c.o:").contains(dir.resolve("h.h").toString());
    assertThat(cc("-c", "--target=x86_64-pc-windows-msvc", "@D/c.c", "-o", "@D/c.obj")).as(stderr).isEqualTo(0);
    assertThat(dir.resolve("c.obj")).isNotEmptyFile();
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
    return n;
  }
}
