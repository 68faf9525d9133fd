package dev.jwin.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * End-to-end tests of DLL output and import libraries: DLLs built from C with the mingw runtime by
 * lld-link-14 and by jwin with the mingw driver's argument list for {@code -shared}, each with its
 * import library ({@code -implib}), programs linked against them by the same linker, compared
 * structurally and run under Wine; the export tables and import libraries compared with lld's; and
 * import libraries exchanged with lld-link, GNU ld, llvm-dlltool, llvm-lib and GNU dlltool.
 *
 * <p>Three DLLs, each built once per linker in {@code target/e2e/dll/<linker>-<variant>/} next to
 * the programs that use it:
 * <ul>
 *   <li>{@code exp}: e2edll.dll from dll_lib.c, exports by {@code __declspec(dllexport)};
 *   <li>{@code def}: e2edll.dll from dll_lib.c compiled without dllexport, exports from dll_lib.def
 *       (explicit ordinals, DATA, one NONAME);
 *   <li>{@code auto}: autodll.dll from dll_auto.c, mingw's automatic export of all symbols.
 * </ul>
 * Every link also writes a map file ({@code -map:}), used to tell what each export points at.
 * Objects are compiled once and shared; every link and run happens at most once per test run.
 * {@code -Djwin.e2e.linker=lld} makes the jwin side use lld-link-14 too (to check the tests).
 */
class DllE2eTest {
  static final Path DIR = E2eCase.OUT_ROOT.resolve("dll");
  static final String LLD = "lld";
  static final String JWIN = "jwin";

  record Variant(String name, String dllName, String implibName, List<String> objects, List<String> defFiles) {}

  static final Variant EXP = new Variant("exp", "e2edll.dll", "libe2edll.dll.a", List.of("dll_lib.o"), List.of());
  static final Variant DEF = new Variant("def", "e2edll.dll", "libe2edll.dll.a", List.of("dll_lib_def.o"),
      List.of("dll_lib.def"));
  static final Variant AUTO = new Variant("auto", "autodll.dll", "libautodll.dll.a", List.of("dll_auto.o"), List.of());

  @BeforeAll
  static void startWine() {
    DllTools.require();
    Wine.startServer(E2eCase.OUT_ROOT);
  }

  // ------------------------------------------------------------------ 1. DLLs and programs

  /** exp: a DLL exporting with dllexport and a DllMain; a program linked through its import library. */
  @Test
  void dllexport_programThroughImportLibrary() {
    List<String> problems = new ArrayList<>();
    problems.addAll(compareImages("e2edll.dll (exp)", dll(LLD, EXP).dll, dll(JWIN, EXP).dll));
    Path lldExe = program(LLD, EXP, "use_implib.exe", "dll_use_implib.o");
    Path jwinExe = program(JWIN, EXP, "use_implib.exe", "dll_use_implib.o");
    problems.addAll(compareImages("use_implib.exe (exp)", lldExe, jwinExe));
    problems.addAll(runBoth("dll_use_implib.c", lldExe, jwinExe));
    failIfAny("exp", problems);
  }

  /** def: the same program against the .def-built DLL; dll_secret is imported by ordinal (NONAME). */
  @Test
  void defFile_programThroughImportLibrary() {
    List<String> problems = new ArrayList<>();
    problems.addAll(compareImages("e2edll.dll (def)", dll(LLD, DEF).dll, dll(JWIN, DEF).dll));
    Path lldExe = program(LLD, DEF, "use_implib.exe", "dll_use_implib.o");
    Path jwinExe = program(JWIN, DEF, "use_implib.exe", "dll_use_implib.o");
    problems.addAll(compareImages("use_implib.exe (def)", lldExe, jwinExe));
    problems.addAll(runBoth("dll_use_implib.c", lldExe, jwinExe));
    failIfAny("def", problems);
  }

  /** def: LoadLibrary and GetProcAddress by name and by ordinal, FreeLibrary (DllMain on detach). */
  @Test
  void defFile_loadLibraryByNameAndOrdinal() {
    dll(LLD, DEF);
    dll(JWIN, DEF);
    List<String> problems = new ArrayList<>();
    Path lldExe = program(LLD, DEF, "use_loadlib.exe", "dll_use_loadlib.o");
    Path jwinExe = program(JWIN, DEF, "use_loadlib.exe", "dll_use_loadlib.o");
    problems.addAll(compareImages("use_loadlib.exe", lldExe, jwinExe));
    problems.addAll(runBoth("dll_use_loadlib.c", lldExe, jwinExe));
    failIfAny("def-loadlib", problems);
  }

  /**
   * def: the program delay-loads e2edll.dll ({@code -delayload:}, as clang's mingw driver passes
   * {@code --delayload=}): the DLL is not loaded until its first function is called, then
   * {@code __delayLoadHelper2} from libmingwex loads it; one function is delay-imported by ordinal.
   */
  @Test
  void defFile_delayLoadedDll() {
    List<String> problems = new ArrayList<>();
    Path lldExe = delayLoadProgram(LLD);
    Path jwinExe = delayLoadProgram(JWIN);
    problems.addAll(compareImages("use_delay.exe", lldExe, jwinExe));
    if (!read(Path.of(jwinExe + ".readobj.txt")).contains("DelayImport {"))
      problems.add("jwin's use_delay.exe has no delay import descriptor");
    problems.addAll(runBoth("dll_use_delay.c", lldExe, jwinExe));
    failIfAny("def-delay", problems);
  }

  private static Path delayLoadProgram(String linker) {
    Built b = dll(linker, DEF);
    Path exe = b.dir.resolve("use_delay.exe");
    List<String> args = new ArrayList<>(MingwLinkLine.c().input(object("dll_use_delay.o")).input(b.implib).args(exe));
    args.add("-delayload:e2edll.dll");
    linkWith(linker, args, b.dir, "use_delay.exe.link", exe, "use_delay.exe");
    return exe;
  }

  // ------------------------------------------------------------------ 2. export tables and import libraries

  @Test
  void dllexport_exportTableSameAsLld() {
    compareExports(EXP);
  }

  @Test
  void defFile_exportTableSameAsLld() {
    compareExports(DEF);
  }

  /** The import libraries written with -implib have the same members, symbols and import types. */
  @Test
  void importLibrariesSameAsLld() {
    List<String> problems = new ArrayList<>();
    for (Variant v : List.of(EXP, DEF, AUTO)) {
      List<String> a = importLibrary(dll(LLD, v).implib);
      List<String> b = importLibrary(dll(JWIN, v).implib);
      if (!a.equals(b))
        problems.add("the import libraries of " + v.name + " differ (llvm-readobj and llvm-nm of the archive):\n"
            + lineDiff(a, b) + "\n  files: " + dll(LLD, v).implib + " and " + dll(JWIN, v).implib);
    }
    failIfAny("implib", problems);
  }

  // ------------------------------------------------------------------ 3. import libraries across tools

  /** jwin's import library (def) used by lld-link-14; the program runs against jwin's DLL. */
  @Test
  void jwinImportLibrary_lldLink() {
    Built j = dll(JWIN, DEF);
    Path exe = j.dir.resolve("use_implib.lld-link.exe");
    MingwLinkLine line = MingwLinkLine.c().input(object("dll_use_implib.o")).input(j.implib);
    linkWith(LLD, line.args(exe), j.dir, exe.getFileName() + ".link", exe, "lld-link-14 with jwin's import library");
    failIfAny("jwin-implib-lld", runOne("dll_use_implib.c", exe, "lld-link-14 with jwin's import library"));
  }

  /** jwin's import library (def) used by GNU ld through x86_64-w64-mingw32-gcc. */
  @Test
  void jwinImportLibrary_gnuLd() {
    Built j = dll(JWIN, DEF);
    Path exe = j.dir.resolve("use_implib.gnu-ld.exe");
    Proc.Result r = Proc.run(List.of(DllTools.GNU_GCC, object("dll_use_implib.o").toString(), j.implib.toString(),
        "-o", exe.toString()), j.dir, exe.getFileName() + ".link", Duration.ofMinutes(3), Map.of());
    if (!r.ok() || !Files.isRegularFile(exe))
      throw new AssertionError("GNU ld does not accept jwin's import library " + j.implib + ":\n" + r.describe());
    failIfAny("jwin-implib-gnu-ld", runOne("dll_use_implib.c", exe, "GNU ld with jwin's import library"));
  }

  @Test
  void llvmDlltoolImportLibrary_jwinLink() {
    Path lib = DIR.resolve("implibs/libe2edll.llvm-dlltool.a");
    foreignImportLibrary("llvm-dlltool", lib, () -> List.of(DllTools.LLVM_DLLTOOL, "-m", "i386:x86-64",
        "-d", E2eCase.SRC.resolve("dll_lib.def").toString(), "-l", lib.toString()));
  }

  /**
   * llvm-lib-14 has no /def: (that came with LLVM 15), so it re-archives llvm-dlltool's import members
   * into a lib.exe-style archive (with the second linker member), which jwin then reads.
   */
  @Test
  void llvmLibImportLibrary_jwinLink() {
    Path lib = DIR.resolve("implibs/e2edll.llvm-lib.lib");
    Path dlltool = DIR.resolve("implibs/libe2edll.for-llvm-lib.a");
    foreignImportLibrary("llvm-lib", lib, () -> {
      makeOnce(dlltool, List.of(DllTools.LLVM_DLLTOOL, "-m", "i386:x86-64", "-d",
          E2eCase.SRC.resolve("dll_lib.def").toString(), "-l", dlltool.toString()));
      return List.of(DllTools.LLVM_LIB, "-machine:x64", "-out:" + lib, dlltool.toString());
    });
  }

  @Test
  void gnuDlltoolImportLibrary_jwinLink() {
    Path lib = DIR.resolve("implibs/libe2edll.gnu-dlltool.a");
    foreignImportLibrary("gnu-dlltool", lib, () -> List.of(DllTools.GNU_DLLTOOL, "-d",
        E2eCase.SRC.resolve("dll_lib.def").toString(), "-l", lib.toString()));
  }

  /** {@code jwin dlltool -d} and {@code jwin lib -def:} make the same import library from dll_lib.def as llvm-dlltool. */
  @Test
  void jwinDlltoolAndLib_sameAsLlvmDlltool() {
    workDir();
    Path def = E2eCase.SRC.resolve("dll_lib.def");
    Path ref = DIR.resolve("implibs/libe2edll.llvm-dlltool.a");
    makeOnce(ref, List.of(DllTools.LLVM_DLLTOOL, "-m", "i386:x86-64", "-d", def.toString(), "-l", ref.toString()));
    Path implibs = DIR.resolve("implibs");
    Path dlltool = implibs.resolve("libe2edll.jwin-dlltool.a");
    Path lib = implibs.resolve("e2edll.jwin-lib.lib");
    List<String> problems = new ArrayList<>();
    String f1 = JwinInProcess.run("dlltool", List.of("-m", "i386:x86-64", "-d", def.toString(), "-l", dlltool.toString()),
        implibs, dlltool.getFileName().toString(), dlltool);
    if (f1 != null) problems.add("jwin dlltool failed:\n" + f1);
    String f2 = JwinInProcess.run("lib", List.of("-def:" + def, "-machine:x64", "-out:" + lib), implibs,
        lib.getFileName().toString(), lib);
    if (f2 != null) problems.add("jwin lib failed:\n" + f2);
    failIfAny("jwin-dlltool", problems);
    List<String> want = importLibrary(ref);
    for (Path p : List.of(dlltool, lib)) {
      List<String> got = importLibrary(p);
      if (!want.equals(got))
        problems.add(p.getFileName() + " differs from llvm-dlltool's " + ref.getFileName() + ":\n"
            + lineDiff(want, got).replace("lld-link:", "llvm-dlltool:").replace("only lld-link", "only llvm-dlltool"));
    }
    failIfAny("jwin-dlltool", problems);
  }

  // ------------------------------------------------------------------ 4. mingw automatic export

  @Test
  void autoExport_exportTableSameAsLld() {
    compareExports(AUTO);
  }

  @Test
  void autoExport_programThroughImportLibrary() {
    List<String> problems = new ArrayList<>();
    problems.addAll(compareImages("autodll.dll", dll(LLD, AUTO).dll, dll(JWIN, AUTO).dll));
    Path lldExe = program(LLD, AUTO, "use_auto.exe", "dll_auto_use.o");
    Path jwinExe = program(JWIN, AUTO, "use_auto.exe", "dll_auto_use.o");
    problems.addAll(compareImages("use_auto.exe", lldExe, jwinExe));
    problems.addAll(runBoth("dll_auto_use.c", lldExe, jwinExe));
    failIfAny("auto", problems);
  }

  // ================================================================== shared work

  /** Results (or failures) of work done once per test run: compiles, links, runs. */
  private static final Map<String, Object> ONCE = new HashMap<>();

  @SuppressWarnings("unchecked")
  private static synchronized <T> T once(String key, Supplier<T> work) {
    if (ONCE.containsKey(key)) {
      Object o = ONCE.get(key);
      if (o instanceof Failure f) throw new AssertionError("(failed earlier) " + f.error.getMessage(), f.error);
      return (T) o;
    }
    try {
      T t = work.get();
      ONCE.put(key, t);
      return t;
    } catch (RuntimeException | AssertionError e) {
      ONCE.put(key, new Failure(e));
      throw e;
    }
  }

  private record Failure(Throwable error) {}

  private static Path workDir() {
    return once("clean", () -> {
      try {
        if (Files.exists(DIR))
          try (Stream<Path> s = Files.walk(DIR)) {
            s.sorted((a, b) -> b.compareTo(a)).filter(p -> !p.equals(DIR)).forEach(p -> p.toFile().delete());
          }
        Files.createDirectories(DIR.resolve("obj"));
        Files.createDirectories(DIR.resolve("implibs"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return DIR;
    });
  }

  /** The object {@code name} (dll_lib_def.o is dll_lib.c without dllexport), compiled once at -O2. */
  static Path object(String name) {
    return once("obj " + name, () -> {
      Path objDir = workDir().resolve("obj");
      String stem = name.substring(0, name.length() - 2);
      List<String> flags = new ArrayList<>(List.of("-O2"));
      String source = stem + ".c";
      if (stem.equals("dll_lib_def")) {
        source = "dll_lib.c";
        flags.add("-DEXPORT=");
      }
      Path src = E2eCase.SRC.resolve(source);
      Path obj = objDir.resolve(name);
      Proc.check(Proc.cmd(Tools.CLANG, "--target=" + Tools.TARGET, flags, "-c", src, "-o", obj), objDir,
          "compile-" + stem, E2eCase.COMPILE_TIMEOUT);
      return obj;
    });
  }

  record Built(Path dir, Path dll, Path implib, Path map) {}

  /** The DLL of {@code v} and its import library, linked by {@code linker} in {@code <linker>-<variant>/}. */
  static Built dll(String linker, Variant v) {
    return once("dll " + linker + " " + v.name, () -> {
      Path dir = workDir().resolve(linker + "-" + v.name);
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      MingwLinkLine line = MingwLinkLine.c().dll().implib(v.implibName);
      for (String o : v.objects) line.input(object(o));
      for (String d : v.defFiles) line.input(E2eCase.SRC.resolve(d));
      Path dll = dir.resolve(v.dllName);
      Path map = dir.resolve(v.dllName.replace(".dll", ".map"));
      List<String> args = new ArrayList<>(line.args(dll));
      args.add("-map:" + map);
      linkWith(linker, args, dir, v.dllName + ".link", dll, "the DLL " + v.name);
      Built b = new Built(dir, dll, dir.resolve(v.implibName), map);
      if (!Files.isRegularFile(b.implib))
        throw new AssertionError(linker + " wrote no import library " + b.implib + " (-implib:)");
      return b;
    });
  }

  /** A program from {@code obj} linked by {@code linker} against the import library of its own DLL of {@code v}. */
  static Path program(String linker, Variant v, String exeName, String obj) {
    return once("exe " + linker + " " + v.name + " " + exeName, () -> {
      Built b = dll(linker, v);
      Path exe = b.dir.resolve(exeName);
      MingwLinkLine line = MingwLinkLine.c().input(object(obj)).input(b.implib);
      linkWith(linker, line.args(exe), b.dir, exeName + ".link", exe, exeName + " (" + v.name + ")");
      return exe;
    });
  }

  /**
   * Links with lld-link-14 (a failure means the test is broken) or jwin in-process; writes
   * {@code <label>.args} and {@code <label>.repro.sh} beside the output.
   */
  static void linkWith(String linker, List<String> args, Path dir, String label, Path out, String what) {
    Proc.write(dir.resolve(label + ".args"), String.join("\n", args) + "\n");
    Proc.write(dir.resolve(label + ".repro.sh"), "#!/bin/sh\n# from the repository root\n"
        + (linker.equals(LLD) ? Tools.LLD_LINK : "./jwin link") + " " + String.join(" ", args) + "\n");
    if (linker.equals(LLD)) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Tools.LLD_LINK);
      cmd.addAll(args);
      Proc.Result r = Proc.run(cmd, dir, label + ".lld", E2eCase.LINK_TIMEOUT, Map.of());
      if (!r.ok() || !Files.isRegularFile(out))
        throw new AssertionError("lld-link failed to link " + what + ", so the test itself is broken:\n" + r.describe());
      return;
    }
    String failure = JwinInProcess.run("link", args, dir, label + ".jwin", out);
    if (failure != null)
      throw new AssertionError("jwin link failed for " + what + " (lld-link links the same inputs):\n" + failure
          + "\nrerun: sh " + dir.resolve(label + ".repro.sh"));
  }

  /** Runs {@code command} unless {@code output} was made already in this test run. */
  private static void makeOnce(Path output, List<String> command) {
    once("make " + output, () -> {
      Proc.check(command, output.getParent(), output.getFileName() + ".make", Duration.ofMinutes(2));
      if (!Files.isRegularFile(output)) throw new AssertionError(command + " wrote no " + output);
      return output;
    });
  }

  /**
   * An import library made by another tool from dll_lib.def: jwin links the program with it, lld-link
   * too (for comparison); both run against jwin's DLL.
   */
  private void foreignImportLibrary(String tool, Path lib, Supplier<List<String>> command) {
    workDir();
    makeOnce(lib, command.get());
    Built j = dll(JWIN, DEF);
    MingwLinkLine line = MingwLinkLine.c().input(object("dll_use_implib.o")).input(lib);
    Path lldExe = j.dir.resolve("use_implib." + tool + ".lld.exe");
    Path jwinExe = j.dir.resolve("use_implib." + tool + ".jwin.exe");
    linkWith(LLD, line.args(lldExe), j.dir, lldExe.getFileName() + ".link", lldExe, "the program with " + lib);
    linkWith(JWIN, line.args(jwinExe), j.dir, jwinExe.getFileName() + ".link", jwinExe, "the program with " + lib);
    List<String> problems = new ArrayList<>();
    problems.addAll(compareImages("use_implib.exe with the " + tool + " import library", lldExe, jwinExe));
    problems.addAll(runBoth("dll_use_implib.c", lldExe, jwinExe));
    failIfAny(tool + "-implib", problems);
  }

  // ------------------------------------------------------------------ comparisons

  private static List<String> compareImages(String what, Path lld, Path jwin) {
    ImageSummary r = ImageSummary.of(lld);
    ImageSummary c = ImageSummary.of(jwin);
    Proc.write(lld.resolveSibling(lld.getFileName() + ".summary.txt"), r.describe());
    Proc.write(jwin.resolveSibling(jwin.getFileName() + ".summary.txt"), c.describe());
    List<String> d = r.diff(c, "lld-link", "jwin");
    if (d.isEmpty()) return List.of();
    return List.of(what + ": the images differ structurally:\n  - " + String.join("\n  - ", d)
        + "\n  readobj text: " + lld + ".readobj.txt and " + jwin + ".readobj.txt");
  }

  private void compareExports(Variant v) {
    Built l = dll(LLD, v);
    Built j = dll(JWIN, v);
    ExportTable a = ExportTable.of(l.dll, l.map);
    ExportTable b = ExportTable.of(j.dll, j.map);
    List<String> d = a.diff(b, "lld-link", "jwin");
    if (!d.isEmpty())
      failIfAny("exports-" + v.name, List.of("the export tables of " + v.dllName + " (" + v.name + ") differ:\n  - "
          + String.join("\n  - ", d) + "\n  lld-link:\n    " + a.describe().strip().replace("\n", "\n    ")
          + "\n  jwin:\n    " + b.describe().strip().replace("\n", "\n    ")
          + "\n  files: " + l.dll + ".exports.txt and " + j.dll + ".exports.txt"));
  }

  /** What an import library holds: llvm-readobj of each member (import type, name type, symbols), then llvm-nm. */
  static List<String> importLibrary(Path lib) {
    List<String> lines = new ArrayList<>();
    String label = lib.getFileName().toString();
    Proc.Result ro = Proc.check(List.of(Tools.READOBJ, lib.toString()), lib.getParent(), label + ".readobj",
        Duration.ofSeconds(60));
    for (String l : ro.stdoutText().split("\n")) {
      if (l.isBlank()) continue;
      lines.add(l.startsWith("File: ") ? "File: " + memberName(l.substring("File: ".length())) : l.strip());
    }
    Proc.Result nm = Proc.check(List.of(DllTools.NM, lib.toString()), lib.getParent(), label + ".nm",
        Duration.ofSeconds(60));
    for (String l : nm.stdoutText().split("\n")) if (!l.isBlank()) lines.add("nm " + l.strip());
    return lines;
  }

  /** {@code lib.a(member)} to {@code member}; a short import member is shown by its DLL name alone. */
  private static String memberName(String file) {
    int open = file.lastIndexOf('(');
    return open >= 0 && file.endsWith(")") ? file.substring(open + 1, file.length() - 1) : file;
  }

  /** The lines only one side has (at most 20 each), then the first line that differs. */
  static String lineDiff(List<String> a, List<String> b) {
    java.util.TreeSet<String> onlyA = new java.util.TreeSet<>(a);
    onlyA.removeAll(b);
    java.util.TreeSet<String> onlyB = new java.util.TreeSet<>(b);
    onlyB.removeAll(a);
    StringBuilder s = new StringBuilder();
    if (!onlyA.isEmpty())
      s.append("  only lld-link: ").append(String.join(" | ", onlyA.stream().limit(20).toList())).append('\n');
    if (!onlyB.isEmpty())
      s.append("  only jwin: ").append(String.join(" | ", onlyB.stream().limit(20).toList())).append('\n');
    return s + firstLineDiff(a, b);
  }

  private static String firstLineDiff(List<String> a, List<String> b) {
    StringBuilder s = new StringBuilder();
    int n = Math.max(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      String x = i < a.size() ? a.get(i) : "<end>";
      String y = i < b.size() ? b.get(i) : "<end>";
      if (!x.equals(y)) {
        s.append("  first difference at line ").append(i + 1).append(":\n    lld-link: ").append(x)
            .append("\n    jwin:     ").append(y);
        break;
      }
    }
    return s.toString();
  }

  // ------------------------------------------------------------------ running

  record Expected(int exitCode, String stdout) {}

  static Expected expected(String source) {
    Path src = E2eCase.SRC.resolve(source);
    String text = read(src);
    Matcher x = Pattern.compile("(?m)^//\\s*expect-exit:\\s*(-?\\d+)").matcher(text);
    if (!x.find()) throw new AssertionError(src + " has no '// expect-exit: N' comment");
    Path out = src.resolveSibling(source.substring(0, source.lastIndexOf('.')) + ".out");
    if (!Files.isRegularFile(out)) throw new AssertionError("expected output file missing: " + out);
    return new Expected(Integer.parseInt(x.group(1)), read(out));
  }

  private static Proc.Result run(Path exe) {
    return once("run " + exe, () -> Wine.run(exe, List.of(), exe.getFileName() + ".run"));
  }

  /** Runs both programs: each must print the expected output and exit code, and both the same. */
  private static List<String> runBoth(String source, Path lldExe, Path jwinExe) {
    Expected exp = expected(source);
    Proc.Result r = run(lldExe);
    Proc.Result c = run(jwinExe);
    List<String> problems = new ArrayList<>();
    String rOut = E2eCase.normalize(r.stdoutText());
    String cOut = E2eCase.normalize(c.stdoutText());
    String rExit = exit(r);
    String cExit = exit(c);
    String want = String.valueOf(exp.exitCode());
    if (!rOut.equals(exp.stdout()) || !rExit.equals(want))
      problems.add("the lld-linked program does not behave as expected (the test or its environment is wrong):\n"
          + report("expected", want, exp.stdout(), "") + report("lld-link: " + lldExe, rExit, rOut, r.stderr()));
    if (!Arrays.equals(r.stdout(), c.stdout()) || !rExit.equals(cExit) || !cOut.equals(exp.stdout())
        || !cExit.equals(want))
      problems.add("the jwin-linked program behaves differently:\n"
          + report("lld-link: " + lldExe, rExit, rOut, r.stderr()) + report("jwin: " + jwinExe, cExit, cOut, c.stderr()));
    return problems;
  }

  private static List<String> runOne(String source, Path exe, String what) {
    Expected exp = expected(source);
    Proc.Result r = run(exe);
    String out = E2eCase.normalize(r.stdoutText());
    String want = String.valueOf(exp.exitCode());
    if (out.equals(exp.stdout()) && exit(r).equals(want)) return List.of();
    return List.of(what + ": the program does not behave as expected:\n" + report("expected", want, exp.stdout(), "")
        + report(exe.toString(), exit(r), out, r.stderr()));
  }

  private static String exit(Proc.Result r) {
    return r.timedOut() ? "TIMEOUT" : String.valueOf(r.exitCode());
  }

  private static String report(String who, String exit, String stdout, String stderr) {
    return "  --- " + who + ": exit code " + exit + "\n    | " + stdout.stripTrailing().replace("\n", "\n    | ") + "\n"
        + (stderr.isBlank() ? "" : "    stderr: " + Proc.indent(stderr) + "\n");
  }

  private static void failIfAny(String what, List<String> problems) {
    if (problems.isEmpty()) return;
    throw new AssertionError("[dll " + what + "] " + String.join("\n\n", problems) + "\n\nwork directory: " + DIR);
  }

  private static String read(Path p) {
    try {
      return E2eCase.normalize(Files.readString(p, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
