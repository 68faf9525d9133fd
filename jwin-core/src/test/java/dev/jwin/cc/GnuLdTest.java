package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.cc.Invocation.FileItem;
import dev.jwin.cc.Invocation.LibraryItem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GNU ld options after -Wl, and -Xlinker, checked against lld's MinGW driver: {@code ld.lld-14 -m i386pep -###}
 * prints the lld-link line it would run, and the lld-link options an option adds there must be the ones it adds to
 * jwin's link line.
 */
class GnuLdTest {
  private static final String LD_LLD = "ld.lld-14";

  /** Each entry: the GNU ld words of one option (separated by spaces), as ld.lld, -Xlinker and -Wl, take them. */
  @ParameterizedTest
  @ValueSource(strings = {"--enable-auto-image-base", "--disable-auto-image-base", "--no-undefined",
      "--major-os-version=7", "--minor-os-version=1", "--major-subsystem-version=5", "--minor-subsystem-version=2",
      "--major-subsystem-version 5 --minor-subsystem-version 1 --major-os-version 10", "--no-seh", "-O2", "--as-needed",
      "--start-group", "--end-group", "--full-shutdown", "--pic-executable", "--plugin=x", "--plugin-opt=y",
      "--sysroot=/", "--build-id", "--tsaware", "--disable-tsaware", "--wrap=foo", "--delayload=foo.dll",
      "--output-def=x.def", "--require-defined=s", "--undefined=u", "-u u", "--icf=all", "--icf=safe", "--icf=none",
      "--appcontainer", "--Map=m", "-Map m", "--file-alignment=0x400", "--section-alignment=0x2000",
      "--heap=0x1000", "--heap=0x1000,0x100", "--stack=0x1000,0x100", "--large-address-aware",
      "--disable-stdcall-fixup", "--enable-stdcall-fixup", "--image-base=0x1000", "--kill-at", "--no-demangle",
      "--demangle", "--insert-timestamp", "--no-insert-timestamp", "--disable-no-seh", "--high-entropy-va",
      "--disable-high-entropy-va", "--dynamicbase", "--no-dynamicbase", "--nxcompat", "--disable-nxcompat",
      "--disable-dynamicbase", "--Xlink=-foo", "--fatal-warnings", "--no-fatal-warnings", "--verbose",
      "--allow-multiple-definition", "--no-allow-multiple-definition", "-e foo", "--entry=foo",
      "--disable-runtime-pseudo-reloc", "--enable-runtime-pseudo-reloc", "-m i386pep", "--exclude-all-symbols",
      "--export-all-symbols", "--strip-debug", "-S", "--gc-sections", "--no-gc-sections", "--enable-auto-import",
      "--disable-auto-import", "--subsystem=windows", "--subsystem windows", "--thinlto-cache-dir=x"})
  void addsWhatLldsMinGwDriverAdds(String option) throws Exception {
    List<String> words = List.of(option.split(" "));
    assertThat(jwinAdds(words)).as(option).isEqualTo(lldAdds(words));
  }

  /** lld-link options ld.lld adds for {@code words} beyond the ones it passes for a bare link of foo.o. */
  private static Set<String> lldAdds(List<String> words) throws CcException {
    Set<String> base = lld(List.of());
    Set<String> with = lld(words);
    with.removeAll(base);
    return with;
  }

  private static Set<String> lld(List<String> words) throws CcException {
    List<String> cmd = new ArrayList<>(List.of(LD_LLD, "-m", "i386pep", "-###", "foo.o"));
    cmd.addAll(words);
    Proc.Output o = Proc.capture(cmd);
    assertThat(o.exitCode()).as(o.text()).isZero();
    String line = o.text().strip();
    Set<String> tokens = new LinkedHashSet<>();
    for (String t : line.substring(line.indexOf("lld-link") + "lld-link".length()).trim().split(" "))
      tokens.add(normal(t));
    return tokens;
  }

  private static Set<String> jwinAdds(List<String> words) throws CcException {
    Set<String> base = jwin(List.of());
    Set<String> with = jwin(words);
    with.removeAll(base);
    return with;
  }

  /** jwin's link line for -nostdlib foo.o and the options given once as -Wl, and once as -Xlinker words. */
  private static Set<String> jwin(List<String> words) throws CcException {
    List<String> xlinker = new ArrayList<>();
    for (String w : words) xlinker.addAll(List.of("-Xlinker", w));
    Set<String> line = jwinLine(xlinker);
    // -Wl, splits at commas, so it can only carry words without one
    if (!words.isEmpty() && words.stream().noneMatch(w -> w.contains(",")))
      assertThat(jwinLine(List.of("-Wl," + String.join(",", words)))).isEqualTo(line);
    return line;
  }

  private static Set<String> jwinLine(List<String> extra) throws CcException {
    List<String> args = new ArrayList<>(List.of("-nostdlib", "foo.o"));
    args.addAll(extra);
    Invocation inv = CommandLine.parse(args, false);
    String subsystem = EntryPoints.subsystem(inv, EntryPoints.NONE);
    List<String> line = LinkPlan.build(inv, null, new LinkPlan.Inputs(List.of(Path.of("foo.o")), List.of(),
        Set.of()), subsystem, Path.of(inv.shared ? "a.dll" : "a.exe"), inv.implib == null ? null
        : Path.of(inv.implib), false);
    Set<String> tokens = new LinkedHashSet<>();
    for (String t : line) tokens.add(normal(t));
    return tokens;
  }

  /** lld-link options are case-insensitive; lld writes "default" for an inferred subsystem and -WX for -wx. */
  private static String normal(String t) {
    String s = t.toLowerCase(Locale.ROOT);
    return s.startsWith("-subsystem:default,") ? "-subsystem:console," + s.substring("-subsystem:default,".length())
        : s;
  }

  @Test
  void positionalStateAndOptionsLldFourteenIgnores() throws CcException {
    Invocation inv = CommandLine.parse(List.of("-nostdlib", "a.o", "-Wl,-Bstatic", "-lfoo", "-Wl,-Bdynamic", "-lbar",
        "-Xlinker", "--whole-archive", "w.a", "-Xlinker", "--no-whole-archive", "-Wl,--major-image-version,2",
        "-Wl,--minor-image-version=3", "-Wl,--exclude-libs,ALL", "-Wl,--add-stdcall-alias", "-Wl,-soname,x.dll",
        "-Xlinker", "--exclude-symbols=a,b", "-Wl,extra.o"), false);
    assertThat(inv.linkOrder).containsExactly(new FileItem("a.o", false), new LibraryItem("foo", true),
        new LibraryItem("bar", false), new FileItem("w.a", true), new FileItem("extra.o", false));
    assertThat(inv.excludeLibs).containsExactly("ALL");
    assertThat(inv.linkerFlags).containsExactly("-exclude-symbols:a,b");
    List<String> line = LinkPlan.build(inv, null, new LinkPlan.Inputs(List.of(), List.of(), Set.of()), "console",
        Path.of("a.exe"), null, false);
    assertThat(line).contains("-version:2.3");
    Invocation dll = CommandLine.parse(List.of("-nostdlib", "-shared", "a.o", "-Wl,--out-implib=x.a"), false);
    assertThat(LinkPlan.build(dll, null, new LinkPlan.Inputs(List.of(), List.of(), Set.of()), null, Path.of("a.dll"),
        Path.of(dll.implib), false)).contains("-dll", "-implib:x.a");
  }

  @Test
  void delayloadStaysWithJwinLink() throws CcException {
    Invocation inv = CommandLine.parse(List.of("a.o", "-Wl,--delayload=foo.dll", "-Wl,--delayload", "-Wl,bar.dll"), false);
    assertThat(inv.linkerFlags).containsExactly("-delayload:foo.dll", "-delayload:bar.dll");
    assertThat(inv.lldReason).isNull();
  }

  @Test
  void splitXlinkerValueAndLldOnlyOptions() throws CcException {
    Invocation inv = CommandLine.parse(List.of("-shared", "a.o", "-Xlinker", "--out-implib", "-Xlinker",
        "libfoo.dll.a", "-Wl,--wrap", "-Wl,malloc"), false);
    assertThat(inv.implib).isEqualTo("libfoo.dll.a");
    assertThat(inv.linkerFlags).containsExactly("-wrap:malloc");
    assertThat(inv.lldReason).isEqualTo("--wrap");
    assertThat(CommandLine.parse(List.of("a.o", "-Wl,-Bstatic", "-lz"), false).staticLink).isFalse();
    Invocation st = CommandLine.parse(List.of("-static", "a.o", "-lz"), false);
    assertThat(st.linkOrder).contains(new LibraryItem("z", true));
  }

  /** Bad linker options: one gcc-style line on stderr, exit code 1, nothing on stdout. */
  @ParameterizedTest
  @ValueSource(strings = {
      "-Wl,--frobnicate|unsupported linker option '--frobnicate' in '-Wl,--frobnicate'",
      "-Xlinker --version-script -Xlinker x.map|unsupported linker option '--version-script' in '-Xlinker --version-script'",
      "-Xlinker --out-implib|missing argument to linker option '--out-implib' in '-Xlinker --out-implib'",
      "-Wl,--stack|missing argument to linker option '--stack' in '-Wl,--stack'",
      "-Wl,--stack,lots|invalid number 'lots' for linker option '--stack' in '-Wl,--stack,lots'",
      "-Wl,--major-os-version=x|invalid number 'x' for linker option '--major-os-version' in '-Wl,--major-os-version=x'",
      "-Wl,--subsystem,nonsense|unknown subsystem 'nonsense' in '-Wl,--subsystem,nonsense'",
      "-Wl,--icf=most|unknown --icf value 'most' in '-Wl,--icf=most'",
      "-Wl,-m,i386pe|emulation 'i386pe' does not match target x86_64-windows-gnu in '-Wl,-m,i386pe'",
      "-Wl,-m,elf_x86_64|unknown emulation 'elf_x86_64' in '-Wl,-m,elf_x86_64'",
      "-Wl,--gc-sections=yes|linker option '--gc-sections' takes no value in '-Wl,--gc-sections=yes'",
      "--thread-model=single|invalid thread model 'single' in '--thread-model=single' (expected posix or win32)",
      "-print-bogus-name|unrecognized command-line option '-print-bogus-name'"})
  void badInputIsOneLineAndExitCodeOne(String testCase) {
    String[] parts = testCase.split("\\|");
    List<String> args = new ArrayList<>(List.of("a.o"));
    args.addAll(Arrays.asList(parts[0].split(" ")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = CcDriver.main(args.toArray(String[]::new), false, new PrintStream(out), new PrintStream(err), Map.of());
    assertThat(rc).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("jwin: error: " + parts[1] + "\n");
  }
}
