package dev.jwin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.cc.CcDriver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code jwin cc -target} for i686, aarch64 and armv7 with jwin's own runtime ({@code JWIN_RUNTIME=jwin}: mingw-w64
 * and compiler-rt built from source by {@code jwin libc} into {@code target/jwin-cache}, shared with
 * {@link ArmE2eTest}; C++ takes libstdc++ from gcc-mingw-w64). Each program is compiled once by {@code jwin cc -c},
 * then linked by {@code jwin cc} through jwin's linker and, with {@code -fuse-ld=lld}, the same link line through
 * lld-link-14: the images agree in {@link ImageText} (headers, sections, imports, base relocations, code), no file
 * of Debian's mingw-w64 runtime is on the link line, and i686 programs print under 32-bit Wine what they should.
 */
class CcTargetsE2eTest {
  static final Path OUT = Path.of("target/e2e-cc-targets").toAbsolutePath();

  @BeforeAll
  static void start() throws Exception {
    Tools.require();
    Files.createDirectories(OUT);
    Wine.startServer(OUT);
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({"i686-w64-mingw32, printf_args.c, -O2", "i686-w64-mingw32, ctors.c, -O0",
      "i686-w64-mingw32, tls.c, -O2", "i686-w64-mingw32, cxx_globals.cpp, -O2",
      "aarch64-w64-mingw32, printf_args.c, -O2", "aarch64-w64-mingw32, float_math.c, -O2",
      "armv7-w64-mingw32, printf_args.c, -O2", "armv7-w64-mingw32, float_math.c, -O2"})
  void linksAsLldLinkWithJwinsRuntime(String target, String source, String cflags) throws Exception {
    String stem = source.substring(0, source.lastIndexOf('.'));
    boolean cxx = source.endsWith(".cpp");
    Path dir = OUT.resolve(target + "-" + stem);
    E2eCase.freshDir(dir);
    // jwin cc caches links by their inputs' paths and contents (and, for the classes directory tests run from, not
    // by the linker's code): an object path of its own makes both links run with the code under test.
    Path obj = dir.resolve(stem + "-" + Long.toHexString(System.nanoTime()) + ".o");
    cc(dir, "compile", cxx, "-target", target, cflags, "-c", E2eCase.SRC.resolve(source).toString(), "-o",
        obj.toString());
    Path[] exes = new Path[2];
    String[] linkers = {"lld", "jwin"};
    for (int i = 0; i < 2; i++) {
      Path d = Files.createDirectories(dir.resolve(linkers[i]));
      exes[i] = d.resolve(stem + ".exe");
      List<String> args = new ArrayList<>(List.of("-v", "-target", target, "-fuse-ld=" + linkers[i]));
      // Statically, as lld-link and jwin then link the same libstdc++ objects (no DLLs to copy for Wine).
      if (cxx) args.add("-static");
      args.addAll(List.of(obj.toString(), "-o", exes[i].toString()));
      String log = cc(d, "link", cxx, args.toArray(String[]::new));
      assertThat(log).as("the link line").doesNotContain("/usr/" + target + "/lib").contains("jwin's mingw-w64 runtime");
    }
    List<String> problems = new ArrayList<>(ImageText.diff(target + " " + stem, ImageText.of(exes[0], stem + ".lld"),
        ImageText.of(exes[1], stem + ".jwin")));
    if (target.startsWith("i686")) {
      E2eCase.Expected expected = E2eCase.of("cc-" + target + "-" + stem, source).expected();
      for (Path exe : exes) {
        Proc.Result r = Wine.run(exe, expected.args(), exe.getParent().getFileName() + ".run");
        String out = E2eCase.normalize(r.stdoutText());
        if (!out.equals(E2eCase.normalize(expected.stdout())) || r.exitCode() != expected.exitCode())
          problems.add(exe + " printed\n" + out + "and exited " + r.exitCode() + "; expected\n" + expected.stdout()
              + "and " + expected.exitCode() + (r.stderr().isBlank() ? "" : "\nstderr: " + r.stderr()));
      }
    }
    if (!problems.isEmpty()) throw new AssertionError(String.join("\n\n", problems) + "\n\nwork directory: " + dir);
  }

  /** Runs {@code jwin cc} (or {@code jwin c++}) with jwin's runtime; returns its -v log, failing if it fails. */
  private static String cc(Path dir, String label, boolean cxx, String... args) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("JWIN_CACHE_DIR", LibcRuntimeE2eTest.CACHE.toString());
    env.put("JWIN_RUNTIME", "jwin");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = CcDriver.main(args, cxx, new PrintStream(new ByteArrayOutputStream(), true),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
    String log = err.toString(StandardCharsets.UTF_8);
    Proc.write(dir.resolve(label + ".log"), log);
    assertThat(rc).as("jwin cc " + String.join(" ", args) + "\n" + log).isZero();
    return log;
  }
}
