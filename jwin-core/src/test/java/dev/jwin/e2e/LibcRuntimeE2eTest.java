package dev.jwin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.cli.Main;
import dev.jwin.libc.LibcCommand;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Programs compiled against jwin's own build of the mingw-w64 runtime (headers, startup objects,
 * libraries, import libraries), linked by jwin with nothing from Debian's mingw-w64 runtime on the
 * link line (only libgcc.a from gcc-mingw-w64), run under Wine with the expected output; lld-link-14 links the
 * same inputs into an image equal in {@link ImageText} (headers, sections, imports, base relocations, code).
 *
 * <p>The runtime is built once into {@code target/jwin-cache} (the mingw-w64 sources are fetched
 * there too unless {@code JWIN_MINGW_SRC} names a tree) and reused by later runs.
 */
class LibcRuntimeE2eTest {
  static final Path CACHE = Path.of("target/jwin-cache").toAbsolutePath();
  static final Path OUT = Path.of("target/e2e-libc").toAbsolutePath();
  static Path runtime;

  @BeforeAll
  static void buildRuntime() throws Exception {
    Tools.require();
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("JWIN_CACHE_DIR", CACHE.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    int rc = LibcCommand.main(new String[] {"path", "--target", "x86_64-windows-gnu"}, env, Main.version(),
        new PrintStream(out, true), new PrintStream(err, true));
    assertThat(rc).as(err.toString()).isZero();
    runtime = Path.of(out.toString().strip());
    Files.createDirectories(OUT);
    Files.writeString(OUT.resolve("runtime-build.txt"), "runtime " + runtime + " ready after "
        + (System.nanoTime() - t0) / 1_000_000 + " ms\n" + err);
    Wine.startServer(OUT);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"printf_args.c, -O2", "tls.c, -O2", "ctors.c, -O0", "float_math.c, -O2", "setjmp_longjmp.c, -O2",
      "imports.c, -O2", "bigbss.c, -O2", "wmain_unicode.c, -O2 -municode"})
  void runsLikeWithDebiansRuntime(String source, String cflags) throws Exception {
    String stem = source.substring(0, source.lastIndexOf('.'));
    Path dir = Files.createDirectories(OUT.resolve(stem));
    Path obj = dir.resolve(stem + ".o");
    boolean unicode = cflags.contains("-municode");
    Proc.check(Proc.cmd(Tools.CLANG, "--target=" + Tools.TARGET, "-nostdlibinc", "-isystem", runtime.resolve("include"),
        List.of(cflags.split(" ")), "-c", E2eCase.SRC.resolve(source), "-o", obj), dir, "compile", E2eCase.COMPILE_TIMEOUT);
    Path lib = runtime.resolve("lib");
    Path exe = dir.resolve(stem + ".exe");
    List<String> args = new ArrayList<>(List.of("link", "-lldmingw", "-out:" + exe, "-opt:noref", "-auto-import",
        "-runtime-pseudo-reloc", "-machine:x64", "-alternatename:__image_base__=__ImageBase",
        lib.resolve(unicode ? "crt2u.o" : "crt2.o").toString(), lib.resolve("crtbegin.o").toString(), obj.toString()));
    for (String l : List.of("mingw32", "gcc", "gcc_eh", "moldname", "mingwex", "msvcrt", "advapi32", "shell32", "user32",
        "kernel32", "mingw32", "gcc", "gcc_eh", "moldname", "mingwex", "msvcrt", "kernel32")) {
      args.add(lib.resolve("lib" + l + ".a").toString());
    }
    args.add(lib.resolve("crtend.o").toString());
    assertThat(args).noneMatch(a -> a.contains("/usr/x86_64-w64-mingw32"));
    String failure = JwinInProcess.run("link", args.subList(1, args.size()), dir, stem + ".jwin.link", exe);
    assertThat(failure).isNull();
    // lld-link-14 links the same inputs into the same image (layout, imports, code), timestamps aside.
    Path lldExe = dir.resolve(stem + ".lld.exe");
    List<String> lldArgs = new ArrayList<>(args.subList(1, args.size()));
    lldArgs.replaceAll(a -> a.startsWith("-out:") ? "-out:" + lldExe : a);
    E2eCase.linkWith(E2eCase.REFERENCE, lldArgs, dir, stem, lldExe);
    assertThat(ImageText.diff(stem, ImageText.of(lldExe, stem + ".lld"), ImageText.of(exe, stem + ".jwin"))).isEmpty();

    E2eCase.Expected expected = E2eCase.of("libc-" + stem, source).expected();
    Proc.Result r = Wine.run(exe, expected.args(), "run");
    assertThat(r.timedOut()).isFalse();
    assertThat(E2eCase.normalize(r.stdoutText())).isEqualTo(E2eCase.normalize(expected.stdout()));
    assertThat(r.exitCode()).isEqualTo(expected.exitCode());
  }

  /** The hermetic path end to end: {@code jwin cc} with JWIN_RUNTIME=jwin compiles and links against jwin's runtime. */
  @Test
  void jwinCcUsesJwinsRuntime() throws Exception {
    Path dir = Files.createDirectories(OUT.resolve("cc-hello"));
    Path exe = dir.resolve("printf_args.exe");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("JWIN_CACHE_DIR", CACHE.toString());
    env.put("JWIN_RUNTIME", "jwin");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = dev.jwin.cc.CcDriver.main(new String[] {"-v", "-O2", E2eCase.SRC.resolve("printf_args.c").toString(), "-o",
        exe.toString()}, false, new PrintStream(new ByteArrayOutputStream(), true),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
    String log = err.toString(StandardCharsets.UTF_8);
    assertThat(rc).as(log).isZero();
    assertThat(log).contains("runtime: jwin's mingw-w64 runtime").doesNotContain("/usr/x86_64-w64-mingw32");
    E2eCase.Expected expected = E2eCase.of("libc-cc-printf_args", "printf_args.c").expected();
    Proc.Result r = Wine.run(exe, expected.args(), "run");
    assertThat(E2eCase.normalize(r.stdoutText())).isEqualTo(E2eCase.normalize(expected.stdout()));
    assertThat(r.exitCode()).isEqualTo(expected.exitCode());
  }
}
