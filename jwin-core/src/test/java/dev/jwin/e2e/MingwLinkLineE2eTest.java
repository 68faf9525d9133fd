package dev.jwin.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that {@link MingwLinkLine} is exactly what clang's mingw driver would pass to lld-link:
 * {@code clang -###} shows the ld.lld command, and {@code ld.lld -###} shows the lld-link one.
 */
class MingwLinkLineE2eTest {
  static final Path DIR = E2eCase.OUT_ROOT.resolve("link-line");

  @Test
  void cDefault() throws IOException {
    check("c", Tools.CLANG, List.of(), MingwLinkLine.c(), false);
  }

  @Test
  void cxxDefault() throws IOException {
    check("cxx", Tools.CLANGXX, List.of(), MingwLinkLine.cxx(), false);
  }

  @Test
  void cStatic() throws IOException {
    check("c-static", Tools.CLANG, List.of("-static"), MingwLinkLine.c().staticLink(), false);
  }

  @Test
  void cxxStatic() throws IOException {
    check("cxx-static", Tools.CLANGXX, List.of("-static"), MingwLinkLine.cxx().staticLink(), false);
  }

  @Test
  void municode() throws IOException {
    check("municode", Tools.CLANG, List.of("-municode"), MingwLinkLine.c().unicode(), false);
  }

  @Test
  void gcSections() throws IOException {
    check("gc-sections", Tools.CLANG, List.of("-Wl,--gc-sections"), MingwLinkLine.c().gcSections(true), false);
  }

  @Test
  void withArchive() throws IOException {
    check("archive", Tools.CLANG, List.of(), MingwLinkLine.c(), true);
  }

  @Test
  void sharedWithDefAndImplib() throws IOException {
    Path dir = DIR.resolve("shared");
    check("shared", Tools.CLANG, List.of("-shared", "-Wl,--out-implib," + dir.resolve("libx.dll.a")),
        MingwLinkLine.c().dll().implib("libx.dll.a"), false, true);
  }

  @Test
  void cxxShared() throws IOException {
    check("cxx-shared", Tools.CLANGXX, List.of("-shared"), MingwLinkLine.cxx().dll(), false);
  }

  /** i686 (ld.lld -m i386pe): -machine:x86, ___ImageBase, i686 libraries. */
  @Test
  void i686() throws IOException {
    check("i686", Tools.CLANG, List.of(), MingwLinkLine.c(MingwTarget.I686), false);
  }

  @Test
  void i686CxxStatic() throws IOException {
    check("i686-cxx-static", Tools.CLANGXX, List.of("-static"), MingwLinkLine.cxx(MingwTarget.I686).staticLink(), false);
  }

  /** i686 -shared: the stdcall entry point DllMainCRTStartup@12; --kill-at becomes -kill-at. */
  @Test
  void i686SharedKillAt() throws IOException {
    check("i686-shared", Tools.CLANG, List.of("-shared", "-Wl,--kill-at"), MingwLinkLine.c(MingwTarget.I686).dll().killAt(),
        false);
  }

  private static void check(String name, String driver, List<String> flags, MingwLinkLine line, boolean archive)
      throws IOException {
    check(name, driver, flags, line, archive, false);
  }

  private static void check(String name, String driver, List<String> flags, MingwLinkLine line, boolean archive,
      boolean def) throws IOException {
    Tools.require();
    Path dir = DIR.resolve(name);
    Files.createDirectories(dir);
    Path obj = dir.resolve("x.o");
    Path lib = dir.resolve("libx.a");
    Path defFile = dir.resolve("x.def");
    Path out = dir.resolve(line.isDll() ? "x.dll" : "x.exe");
    Files.write(obj, new byte[0]);
    Files.write(lib, new byte[0]);
    Files.writeString(defFile, "EXPORTS\n");
    List<String> inputs = new ArrayList<>(List.of(obj.toString()));
    if (def) inputs.add(defFile.toString());
    if (archive) inputs.add(lib.toString());
    Proc.Result clang = Proc.check(Proc.cmd(driver, "--target=" + line.target().triple, "-fuse-ld=lld-14",
        "-L" + line.target().gccLib, flags, "-###", inputs, "-o", out), dir, "driver", Duration.ofSeconds(60));
    String ldLine = clang.stderr().lines().filter(l -> l.contains("ld.lld")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no ld.lld line in:\n" + clang.stderr()));
    List<String> ldArgs = new ArrayList<>();
    Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(ldLine);
    while (m.find()) ldArgs.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
    ldArgs.set(0, Tools.LD_LLD);
    ldArgs.add("-###");
    Proc.Result ld = Proc.check(ldArgs, dir, "ld.lld", Duration.ofSeconds(60));
    String lldLink = (ld.stdoutText() + ld.stderr()).lines().filter(l -> l.startsWith("lld-link ")).findFirst()
        .orElseThrow(() -> new AssertionError("no lld-link line in:\n" + ld.describe()));
    List<String> driverArgs = List.of(lldLink.substring("lld-link ".length()).strip().split(" +"));

    line.input(obj);
    if (def) line.input(defFile);
    if (archive) line.input(lib);
    assertThat(line.args(out)).as("lld-link arguments for " + name + " (driver: " + String.join(" ", clang.command()) + ")")
        .containsExactlyElementsOf(driverArgs);
  }
}
