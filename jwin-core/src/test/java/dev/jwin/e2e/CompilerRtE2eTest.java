package dev.jwin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.cc.CcDriver;
import dev.jwin.cli.Main;
import dev.jwin.libc.LibcCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * compiler-rt's builtins built from LLVM's sources by {@code jwin libc compiler-rt} (x86_64, into
 * {@code target/jwin-cache}, the sources fetched there on the first run): the archives' contents,
 * {@code jwin cc -rtlib=compiler-rt} programs under Wine, and a UEFI application whose local arrays
 * need memcpy/memset, linked by {@code jwin cc -target x86_64-uefi} and booted by QEMU with OVMF.
 */
class CompilerRtE2eTest {
  static final Path CACHE = LibcRuntimeE2eTest.CACHE;
  static final Path OUT = Path.of("target/e2e-compiler-rt").toAbsolutePath();
  static final Path OVMF_CODE = Path.of("/usr/share/OVMF/OVMF_CODE.fd");
  static final Path OVMF_VARS = Path.of("/usr/share/OVMF/OVMF_VARS.fd");
  static final String QEMU = "qemu-system-x86_64";
  static final String NM = "llvm-nm-14";
  static Path builtins;
  static Path freestanding;

  static Map<String, String> env() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("JWIN_CACHE_DIR", CACHE.toString());
    return env;
  }

  @BeforeAll
  static void build() throws Exception {
    Tools.require();
    Files.createDirectories(OUT);
    List<Path> paths = compilerRt("x86_64-windows-gnu");
    builtins = paths.get(0);
    freestanding = paths.get(1);
    Wine.startServer(OUT);
  }

  /** {@code jwin libc compiler-rt} for {@code target}: the builtins and freestanding archives (build time noted in OUT). */
  static List<Path> compilerRt(String target) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    int rc = LibcCommand.main(new String[] {"compiler-rt", "--target", target}, env(), Main.version(),
        new PrintStream(out, true), new PrintStream(err, true));
    assertThat(rc).as(err.toString()).isZero();
    Files.writeString(OUT.resolve("compiler-rt-" + target + ".txt"), "ready after " + (System.nanoTime() - t0) / 1_000_000
        + " ms\n" + err);
    List<Path> paths = out.toString().strip().lines().map(Path::of).toList();
    assertThat(paths).hasSize(2);
    return paths;
  }

  private static Set<String> symbols(Path archive, String... flags) {
    List<String> cmd = new ArrayList<>(List.of(NM, "--format=just-symbols"));
    cmd.addAll(Arrays.asList(flags));
    cmd.add(archive.toString());
    String text = Proc.check(cmd, OUT, "nm-" + archive.getFileName() + String.join("", flags), Duration.ofSeconds(60))
        .stdoutText();
    Set<String> out = new TreeSet<>();
    text.lines().filter(l -> !l.isBlank() && !l.endsWith(":")).forEach(l -> out.add(l.strip()));
    return out;
  }

  @Test
  void builtinsArchiveHasTheSupportRoutinesForX64() throws Exception {
    assertThat(builtins.getFileName().toString()).isEqualTo("libclang_rt.builtins-x86_64.a");
    assertThat(symbols(builtins, "--defined-only")).contains("___chkstk_ms", "__alloca", "__udivti3", "__divti3",
        "__umodti3", "__modti3", "__floatuntidf", "__fixunsdfti", "__mulodi4", "__muloti4", "__popcountdi2",
        "__emutls_get_address", "__cpu_model", "__extendhfsf2", "__truncdfhf2", "__floatundixf", "__clear_cache")
        // long double is 80 bits on x86: no quad-precision-only names from other architectures' sources
        .doesNotContain("__aeabi_idivmod", "__aarch64_cas1_acq", "memcpy");
    // Every member is an x86-64 COFF object.
    String headers = Proc.check(List.of(Tools.READOBJ, "--file-headers", builtins.toString()), OUT, "readobj-builtins",
        Duration.ofSeconds(60)).stdoutText();
    long members = headers.lines().filter(l -> l.strip().startsWith("File: ")).count();
    long amd64 = headers.lines().filter(l -> l.contains("Machine: IMAGE_FILE_MACHINE_AMD64")).count();
    assertThat(members).isGreaterThan(150);
    assertThat(amd64).isEqualTo(members);
    // Compiled against jwin's own mingw-w64 headers, not an installed mingw-w64: the entry's manifest
    // lists every header clang read.
    String manifest = Files.readString(builtins.getParent().getParent().resolve("manifest"));
    assertThat(manifest).contains("/include/stdio.h").contains("/compiler-rt/lib/builtins/CMakeLists.txt")
        .doesNotContain("/usr/x86_64-w64-mingw32");
  }

  @Test
  void freestandingArchiveHasTheMemoryFunctionsAndNeedsNothing() {
    assertThat(symbols(freestanding, "--defined-only")).containsExactly("@feat.00", "memcmp", "memcpy", "memmove",
        "memset");
    assertThat(symbols(freestanding, "--undefined-only")).isEmpty();
  }

  private record Cc(int exitCode, String log) {}

  private static Cc cc(Path dir, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = CcDriver.main(args, false, new PrintStream(new ByteArrayOutputStream(), true),
        new PrintStream(err, true, StandardCharsets.UTF_8), env());
    String log = err.toString(StandardCharsets.UTF_8);
    Proc.write(dir.resolve("cc.log"), log);
    return new Cc(rc, log);
  }

  /** -rtlib=compiler-rt: the program's 128-bit arithmetic comes from compiler-rt, not libgcc; same as lld-link's link. */
  @ParameterizedTest(name = "-fuse-ld={0}")
  @ValueSource(strings = {"jwin", "lld"})
  void rtlibCompilerRtProgramRunsUnderWine(String linker) throws Exception {
    Path dir = Files.createDirectories(OUT.resolve("rtlib-" + linker));
    Path exe = dir.resolve("int128_builtins.exe");
    Files.deleteIfExists(exe); // a fresh link, so that -v shows its command line
    // A define no earlier run used: a fresh compile and link, so that -v shows the link line.
    Cc r = cc(dir, "-v", "-O2", "-DRUN=" + System.nanoTime(), "-rtlib=compiler-rt", "-fuse-ld=" + linker,
        E2eCase.SRC.resolve("int128_builtins.c").toString(), "-o", exe.toString());
    assertThat(r.exitCode()).as(r.log()).isZero();
    assertThat(r.log()).contains(builtins.toString()).doesNotContain("libgcc.a");
    E2eCase.Expected expected = E2eCase.of("compiler-rt-" + linker, "int128_builtins.c").expected();
    Proc.Result run = Wine.run(exe, expected.args(), "run");
    assertThat(run.timedOut()).isFalse();
    assertThat(E2eCase.normalize(run.stdoutText())).isEqualTo(E2eCase.normalize(expected.stdout()));
    assertThat(run.exitCode()).isEqualTo(expected.exitCode());
  }

  /**
   * i686: compiler-rt's i386 builtins (64-bit division, float conversions) with Debian's i686 mingw-w64
   * runtime, linked by jwin and by lld-link-14, run under 32-bit Wine.
   */
  @ParameterizedTest(name = "-fuse-ld={0}")
  @ValueSource(strings = {"jwin", "lld"})
  void i686BuiltinsRunUnderWine32(String linker) throws Exception {
    Path i386 = compilerRt("i686-windows-gnu").getFirst();
    assertThat(symbols(i386, "--defined-only")).contains("___udivdi3", "___divdi3", "___umoddi3", "___moddi3",
        "___fixunsdfdi", "___floatundidf", "___chkstk_ms", "__alloca");

    Path dir = Files.createDirectories(OUT.resolve("i686-" + linker));
    Path exe = dir.resolve("int64_builtins.exe");
    Files.deleteIfExists(exe);
    Cc r = cc(dir, "-v", "-target", "i686-windows-gnu", "-O2", "-DRUN=" + System.nanoTime(), "-rtlib=compiler-rt",
        "-fuse-ld=" + linker, E2eCase.SRC.resolve("int64_builtins.c").toString(), "-o", exe.toString());
    assertThat(r.exitCode()).as(r.log()).isZero();
    assertThat(r.log()).contains(i386.toString()).doesNotContain("libgcc.a");
    assertThat(Proc.check(List.of(Tools.READOBJ, "--file-headers", exe.toString()), dir, "readobj", Duration.ofSeconds(60))
        .stdoutText()).contains("IMAGE_FILE_MACHINE_I386");
    E2eCase.Expected expected = E2eCase.of("compiler-rt-i686-" + linker, "int64_builtins.c").expected();
    Proc.Result run = Wine.run(exe, expected.args(), "run");
    assertThat(run.timedOut()).isFalse();
    assertThat(E2eCase.normalize(run.stdoutText())).isEqualTo(E2eCase.normalize(expected.stdout()));
    assertThat(run.exitCode()).isEqualTo(expected.exitCode());
  }

  @Test
  void unknownRuntimeLibraryIsOneError() throws Exception {
    Path dir = Files.createDirectories(OUT.resolve("rtlib-bad"));
    Cc r = cc(dir, "-rtlib=libfoo", E2eCase.SRC.resolve("int128_builtins.c").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.log().strip()).isEqualTo("jwin: error: invalid runtime library name in argument '-rtlib=libfoo'");
  }

  /**
   * The UEFI program's local arrays make clang call memcpy and memset; {@code jwin cc -target x86_64-uefi}
   * links them from jwin's freestanding library; OVMF boots it, it prints through ConOut and powers off.
   */
  @Test
  void uefiApplicationBootsUnderQemu() throws Exception {
    for (String tool : List.of(QEMU)) assertThat(Tools.onPath(tool)).as(tool + " (apt-get install qemu-system-x86)").isNotNull();
    assertThat(OVMF_CODE).as("OVMF firmware (apt-get install ovmf)").exists();
    Path dir = Files.createDirectories(OUT.resolve("uefi"));
    Path src = E2eCase.SRC.resolve("hello_uefi.c");
    // The test means something only if the program needs memcpy and memset from somewhere.
    Path obj = dir.resolve("hello_uefi.o");
    Proc.check(List.of(Tools.CLANG, "--target=x86_64-unknown-windows-gnu", "-ffreestanding", "-fshort-wchar",
        "-mno-red-zone", "-O0", "-c", src.toString(), "-o", obj.toString()), dir, "clang", Duration.ofMinutes(2));
    Set<String> undefined = symbols(obj, "--undefined-only");
    assertThat(undefined).contains("memcpy", "memset");

    Path efi = dir.resolve("hello.efi");
    Files.deleteIfExists(efi);
    Cc r = cc(dir, "-target", "x86_64-uefi", "-O0", src.toString(), "-o", efi.toString());
    assertThat(r.exitCode()).as(r.log()).isZero();
    String headers = Proc.check(List.of(Tools.READOBJ, "--file-headers", efi.toString()), dir, "readobj",
        Duration.ofSeconds(60)).stdoutText();
    assertThat(headers).contains("IMAGE_SUBSYSTEM_EFI_APPLICATION");

    Path esp = Files.createDirectories(dir.resolve("esp/EFI/BOOT"));
    Files.copy(efi, esp.resolve("BOOTX64.EFI"), StandardCopyOption.REPLACE_EXISTING);
    Path vars = dir.resolve("OVMF_VARS.fd");
    Files.copy(OVMF_VARS, vars, StandardCopyOption.REPLACE_EXISTING);
    List<String> qemu = new ArrayList<>(List.of(QEMU, "-nographic", "-no-reboot", "-net", "none", "-m", "256",
        "-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF_CODE, "-drive", "if=pflash,format=raw,file=" + vars,
        "-drive", "format=raw,file=fat:rw:" + dir.resolve("esp")));
    Proc.Result boot = Proc.run(qemu, dir, "qemu", Duration.ofSeconds(180), Map.of());
    String console = boot.stdoutText().replace("\r", "");
    assertThat(boot.timedOut()).as("QEMU did not power off (ResetSystem not reached):\n" + console).isFalse();
    assertThat(console).contains("""
        jwin uefi: hello from a freestanding program linked by jwin, with memcpy and memset from jwin's runtime
        first line
        second line
        third line
        jwin uefi: sum=6000018
        jwin uefi: powering off
        """);
  }
}
