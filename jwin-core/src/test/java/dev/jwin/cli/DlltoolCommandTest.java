package dev.jwin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DlltoolCommandTest {
  @TempDir Path dir;

  record Result(int rc, String out, String err) {}

  static Result jwin(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
    return new Result(rc, out.toString(), err.toString());
  }

  static void assertOneError(Result r, String message) {
    assertThat(r.rc()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("jwin: error: " + message + System.lineSeparator());
  }

  private Path def(String text) throws Exception {
    return Files.writeString(dir.resolve("k.def"), text);
  }

  @Test
  void writesImportLibrary() throws Exception {
    Path def = def("LIBRARY kernel32.dll\nEXPORTS\nGetTickCount\n");
    Path lib = dir.resolve("libk.a");
    Result r = jwin("dlltool", "-m", "i386:x86-64", "-d", def.toString(), "-l", lib.toString());
    assertThat(r.rc()).isZero();
    assertThat(r.err()).isEmpty();
    byte[] data = Files.readAllBytes(lib);
    assertThat(new String(data, 0, 8)).isEqualTo("!<arch>\n");
    assertThat(new String(data, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("GetTickCount\0kernel32.dll\0");
  }

  @Test
  void joinedAndLongOptionsAndDllNameOverride() throws Exception {
    Path def = def("EXPORTS\nf@4\n");
    Path lib = dir.resolve("x.a");
    Result r = jwin("dlltool", "-mi386", "--input-def=" + def, "--output-lib", lib.toString(), "-Dother.dll",
        "--kill-at", "--no-leading-underscore");
    assertThat(r.rc()).isZero();
    String s = new String(Files.readAllBytes(lib), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(s).contains("f@4\0other.dll\0", "__imp_f@4").doesNotContain("__imp__f@4");
  }

  @Test
  void parseErrorIsOneLineWithPositionAndLeavesNoFile() throws Exception {
    Path def = def("LIBRARY a.dll\nEXPORTS\n  f @0\n");
    Path lib = dir.resolve("out.a");
    assertOneError(jwin("dlltool", "-d", def.toString(), "-l", lib.toString()),
        def + ":3:5: ordinal out of range (1..65535): 0");
    assertThat(lib).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(def);
    }
  }

  @Test
  void existingOutputIsKeptOnError() throws Exception {
    Path def = def("BOGUS\n");
    Path lib = Files.writeString(dir.resolve("out.a"), "old");
    assertOneError(jwin("dlltool", "-d", def.toString(), "-l", lib.toString()), def + ":1:1: unknown directive: BOGUS");
    assertThat(lib).hasContent("old");
  }

  @Test
  void optionErrors() throws Exception {
    Path def = def("LIBRARY a.dll\nEXPORTS f\n");
    assertOneError(jwin("dlltool", "-l", "x.a"), "no definition file specified (-d)");
    assertOneError(jwin("dlltool", "-d"), "-d: missing argument");
    assertOneError(jwin("dlltool", "-m", "mips", "-d", def.toString()),
        "unknown target: mips (expected i386, i386:x86-64, arm or arm64)");
    assertOneError(jwin("dlltool", "-d", dir.resolve("none.def").toString()),
        "cannot open file " + dir.resolve("none.def") + ": no such file or directory: " + dir.resolve("none.def"));
    assertOneError(jwin("dlltool", "-d", def("").toString()), def + ": definition file empty");
    assertOneError(jwin("dlltool", "-d", def("EXPORTS f\n").toString(), "-l", dir.resolve("o.a").toString()),
        "no DLL name specified (use LIBRARY in the .def file or -D)");
    assertOneError(jwin("dlltool", "stray.def"), "unexpected input file: stray.def (use -d for the .def file)");
  }

  @Test
  void unwritableOutputIsOneError() throws Exception {
    Path def = def("LIBRARY a.dll\nEXPORTS f\n");
    Path lib = dir.resolve("missing-dir").resolve("o.a");
    Result r = jwin("dlltool", "-d", def.toString(), "-l", lib.toString());
    assertThat(r.rc()).isEqualTo(1);
    assertThat(r.err()).startsWith("jwin: error: cannot write " + lib + ": ").doesNotContain("\tat ");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void unknownOptionsAreIgnoredWithAWarning() throws Exception {
    Path def = def("LIBRARY a.dll\nEXPORTS f\n");
    Result r = jwin("dlltool", "--as-flags=--64", "-S", "as", "--bogus", "-d", def.toString(), "-l",
        dir.resolve("o.a").toString());
    assertThat(r.rc()).isZero();
    assertThat(r.err()).isEqualTo("jwin: warning: ignoring unknown argument: --bogus" + System.lineSeparator());
  }
}
