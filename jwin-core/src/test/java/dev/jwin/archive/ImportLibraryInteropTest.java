package dev.jwin.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jwin.coff.Machine;
import dev.jwin.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks import libraries against the LLVM and GNU tools. The tools are required: a missing one
 * fails the test with its name (CI installs them).
 */
class ImportLibraryInteropTest {
  // Every .def feature whose output llvm-dlltool-14 and jwin agree on byte for byte.
  private static final String FEATURES = """
      LIBRARY "features.dll"
      EXPORTS
        plain
        StdCall@8
        @FastCall@12
        ?cpp@@YAXXZ
        external = internal
        forwarded = other.func
        byOrdinal @3
        hidden @4 NONAME
        variable DATA
        constant CONSTANT
        secret PRIVATE
      """;

  @TempDir Path dir;

  @Test
  void byteIdenticalToLlvmDlltoolInGnuLayout() throws Exception {
    Path def = Files.writeString(dir.resolve("features.def"), FEATURES);
    record Case(String m, Machine machine, boolean killAt) {}
    for (Case c : List.of(new Case("i386:x86-64", Machine.AMD64, false), new Case("i386", Machine.I386, false),
        new Case("i386", Machine.I386, true), new Case("arm", Machine.ARMNT, false),
        new Case("arm64", Machine.ARM64, false))) {
      Path expected = dir.resolve("llvm-" + c.machine() + c.killAt() + ".a");
      List<String> command = new ArrayList<>(List.of("llvm-dlltool-14", "-m", c.m(), "-d", def.toString(), "-l",
          expected.toString()));
      if (c.killAt()) {
        command.add("-k");
      }
      run(command);
      var entries = Decoration.entries(DefFile.parse(def, "features.def").exports(), c.machine(),
          new Decoration.Options(c.killAt(), true, true));
      byte[] actual = ImportLibraryWriter.write("features.dll", c.machine(), entries, ArchiveWriter.Format.GNU);
      assertThat(actual).as(c.toString()).isEqualTo(Files.readAllBytes(expected));
    }
  }

  @Test
  void llvmToolsReadTheCoffLayout() throws Exception {
    Path def = Files.writeString(dir.resolve("features.def"), FEATURES);
    Path lib = dir.resolve("libfeatures.a");
    jwin("dlltool", "-m", "i386", "-d", def.toString(), "-l", lib.toString());
    String nm = run(List.of("llvm-nm-14", "--print-armap", lib.toString()));
    assertThat(nm).contains("_StdCall@8 in features.dll", "__imp_@FastCall@12 in features.dll",
        "__imp__variable in features.dll").doesNotContainPattern("(?m)^_variable in")
        .doesNotContain("secret");
    String readobj = run(List.of("llvm-readobj-14", lib.toString()));
    assertThat(readobj).contains("Name type: noprefix", "Name type: ordinal", "Type: data", "Type: const");
  }

  @Test
  void lldLinkImportsThroughJwinLibraryOnX64() throws Exception {
    Path def = Files.writeString(dir.resolve("kernel32.def"), "LIBRARY kernel32.dll\nEXPORTS\nGetTickCount\nExitProcess\n");
    Path lib = dir.resolve("libkernel32.a");
    jwin("dlltool", "-m", "i386:x86-64", "-d", def.toString(), "-l", lib.toString());
    Path obj = compile("x86_64-pc-windows-msvc");
    Path exe = dir.resolve("a.exe");
    run(List.of("lld-link-14", "-entry:main", "-subsystem:console", "-nodefaultlib", "-out:" + exe, obj.toString(),
        lib.toString()));
    assertThat(run(List.of("llvm-readobj-14", "--coff-imports", exe.toString())))
        .contains("Name: kernel32.dll", "Symbol: GetTickCount").doesNotContain("ExitProcess");
  }

  @Test
  void lldLinkAndGnuLdImportUndecoratedStdcallOnI386() throws Exception {
    Path def = Files.writeString(dir.resolve("kernel32.def"), "LIBRARY kernel32.dll\nEXPORTS\nGetTickCount@0\n");
    Path lib = dir.resolve("libkernel32.a");
    jwin("dlltool", "-m", "i386", "-k", "-d", def.toString(), "-l", lib.toString());
    Path obj = compile("i686-pc-windows-msvc");
    Path exe = dir.resolve("a32.exe");
    run(List.of("lld-link-14", "-entry:main", "-subsystem:console", "-nodefaultlib", "-out:" + exe, obj.toString(),
        lib.toString()));
    assertThat(run(List.of("llvm-readobj-14", "--coff-imports", exe.toString())))
        .contains("Name: kernel32.dll", "Symbol: GetTickCount (0)");
    Path gnu = dir.resolve("g32.exe");
    run(List.of("i686-w64-mingw32-ld", "-e", "_main", "-o", gnu.toString(), obj.toString(), lib.toString()));
    assertThat(run(List.of("llvm-readobj-14", "--coff-imports", gnu.toString())))
        .contains("Name: kernel32.dll", "Symbol: GetTickCount (0)");
  }

  @Test
  void gnuLdLinksAgainstJwinLibraryOnX64() throws Exception {
    Path def = Files.writeString(dir.resolve("kernel32.def"), "LIBRARY kernel32.dll\nEXPORTS\nGetTickCount\n");
    Path lib = dir.resolve("libkernel32.a");
    jwin("dlltool", "-d", def.toString(), "-l", lib.toString());
    Path exe = dir.resolve("g64.exe");
    run(List.of("x86_64-w64-mingw32-ld", "-e", "main", "-o", exe.toString(), compile("x86_64-pc-windows-msvc").toString(),
        lib.toString()));
    assertThat(run(List.of("llvm-readobj-14", "--coff-imports", exe.toString())))
        .contains("Name: kernel32.dll", "Symbol: GetTickCount");
  }

  @Test
  void deterministicOutput() throws Exception {
    Path def = Files.writeString(dir.resolve("features.def"), FEATURES);
    Path a = dir.resolve("a.lib");
    Path b = dir.resolve("b.lib");
    jwin("dlltool", "-m", "i386", "-d", def.toString(), "-l", a.toString());
    Thread.sleep(1100); // a timestamp, if one leaked in, would now differ
    jwin("dlltool", "-m", "i386", "-d", def.toString(), "-l", b.toString());
    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));

    Path obj = compile("i686-pc-windows-msvc");
    Path c = dir.resolve("c.lib");
    Path d = dir.resolve("d.lib");
    jwin("lib", "/OUT:" + c, obj.toString(), a.toString());
    jwin("lib", "/OUT:" + d, obj.toString(), a.toString());
    assertThat(Files.readAllBytes(d)).isEqualTo(Files.readAllBytes(c));
  }

  private Path compile(String target) throws Exception {
    Path c = Files.writeString(dir.resolve("main.c"), """
        __declspec(dllimport) unsigned long __stdcall GetTickCount(void);
        int main(void) { return (int)GetTickCount(); }
        """);
    Path obj = dir.resolve("main-" + target + ".obj");
    run(List.of("clang-14", "--target=" + target, "-c", c.toString(), "-o", obj.toString()));
    return obj;
  }

  private static void jwin(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
    assertThat(rc).as("jwin %s: %s", String.join(" ", args), err).isZero();
  }

  /** Runs a tool, failing the test if it is not installed or exits non-zero; returns its output. */
  static String run(List<String> command) throws IOException, InterruptedException {
    requireTool(command.getFirst());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + String.join(" ", command));
    }
    String text = new String(output, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      fail(String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + text);
    }
    return text;
  }

  static void requireTool(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
        return;
      }
    }
    fail("required tool not found on PATH: " + tool
        + " (install llvm-14, lld-14, clang-14 and binutils-mingw-w64 as CI does)");
  }
}
