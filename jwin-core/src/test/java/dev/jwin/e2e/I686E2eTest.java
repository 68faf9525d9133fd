package dev.jwin.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-to-end cases of {@link LinkE2eTest} for i386 (PE32): compiled by clang-14 for
 * i686-w64-windows-gnu, linked against Debian's i686 mingw-w64 and gcc (DWARF-2 unwinding) by
 * lld-link-14 and by jwin with the driver's {@code -m i386pe} line, compared and run under 32-bit Wine.
 */
class I686E2eTest {
  private static final MingwTarget X86 = MingwTarget.I686;

  @BeforeAll
  static void startWine() {
    Tools.require();
    Wine.startServer(E2eCase.OUT_ROOT);
  }

  private static E2eCase of(String name, String source) {
    return E2eCase.of("i686-" + name, source).target(X86);
  }

  @Test
  void printfArgs_O2() {
    of("printf_args-O2", "printf_args.c").cflags("-O2").verify();
  }

  @Test
  void printfArgs_g() {
    of("printf_args-g", "printf_args.c").cflags("-g").verify();
  }

  @Test
  void ctors_O2() {
    of("ctors-O2", "ctors.c").cflags("-O2").verify();
  }

  @Test
  void tls_O2() {
    of("tls-O2", "tls.c").cflags("-O2").verify();
  }

  /** stdcall imports through __imp__f@n and msvcrt data auto-imported with pseudo relocations. */
  @Test
  void imports_O2() {
    of("imports-O2", "imports.c").cflags("-O2").verify();
  }

  @Test
  void setjmp_O2() {
    of("setjmp-O2", "setjmp_longjmp.c").cflags("-O2").verify();
  }

  /**
   * DWARF-2 unwinding (Debian's i686 gcc). lld-link-14's image of this program calls terminate() at the
   * first throw (GNU ld's image of the same objects does not; dynamically linked, lld's fails too), so
   * the expected output cannot be the yardstick here: jwin's image must be laid out and behave as lld's.
   */
  @Test
  void cxxExceptions_O2_static() {
    of("cxx_exceptions-O2-static", "cxx_exceptions.cpp").cflags("-O2").link(MingwLinkLine::staticLink)
        .sameSizes(".eh_fram").verifySameAsReference();
  }

  /**
   * The same program with gcc's crtbegin.o/crtend.o, which register the DWARF-2 frames: both images catch
   * every exception. Archive members' frames must come before the terminator in crtend.o's .eh_frame.
   */
  @Test
  void cxxExceptions_O2_static_gccStartFiles() {
    of("cxx_exceptions-O2-static-gcc-crt", "cxx_exceptions.cpp").cflags("-O2")
        .link(l -> l.staticLink().gccStartFiles()).sameSizes(".eh_fram").verify();
  }

  @Test
  void gcSections_O2() {
    LinkE2eTest.gcSections(of("gc_sections-O2", "gc_sections.c"), "-O2");
  }

  // A DLL of stdcall, fastcall and cdecl functions exported through a .def file (mingw spelling).

  /**
   * Exports "add3@12" and "@mul2@8"; a program linked through the -implib import library calls them, and
   * another one with the DLL delay-loaded ({@code -delayload:}, ___delayLoadHelper2@8 from libmingwex).
   */
  @Test
  void stdcallDll_defFile() {
    stdcallDll("def", false);
  }

  /**
   * -kill-at: the same DLL exports "add3" and "mul2"; its import library names them so too. A program that
   * imports "add3@12" links through it by mingw's stdcall fixup, with lld-link's warning, and runs as lld's.
   * (Its fastcall "@mul2@8" has no fixup: lld-link-14 leaves it undefined, so the program does not call it.)
   */
  @Test
  void stdcallDll_defFile_killAt() {
    stdcallDll("def-kill-at", true);
  }

  private static void stdcallDll(String name, boolean killAt) {
    E2eCase c = of("stdcall-" + name, "stdcall_use.c")
        .sources("stdcall_lib.c", "stdcall_delay.c", "stdcall_use_killat.c").cflags("-O2");
    List<Path> objects = c.compile();
    List<String> problems = new ArrayList<>();
    Path[] dlls = new Path[2], exes = new Path[2], delayed = new Path[2];
    String[] linkers = {E2eCase.REFERENCE, E2eCase.CANDIDATE};
    for (int i = 0; i < 2; i++) {
      Path dir = c.dir.resolve(linkers[i]);
      E2eCase.mkdirs(dir);
      dlls[i] = dir.resolve("stdcalldll.dll");
      MingwLinkLine dll = MingwLinkLine.c(X86).dll().implib("libstdcalldll.dll.a").input(objects.get(1))
          .input(E2eCase.SRC.resolve("stdcall_lib.def"));
      if (killAt) dll.killAt();
      E2eCase.linkWith(linkers[i], dll.args(dlls[i]), dir, "dll", dlls[i]);
      exes[i] = dir.resolve("use.exe");
      MingwLinkLine use = MingwLinkLine.c(X86).input(objects.get(killAt ? 3 : 0))
          .input(dir.resolve("libstdcalldll.dll.a"));
      E2eCase.linkWith(linkers[i], use.args(exes[i]), dir, "use", exes[i]);
      if (!killAt) {
        delayed[i] = dir.resolve("use_delay.exe");
        List<String> args = new ArrayList<>(MingwLinkLine.c(X86).input(objects.get(2))
            .input(dir.resolve("libstdcalldll.dll.a")).args(delayed[i]));
        args.add("-delayload:stdcalldll.dll");
        E2eCase.linkWith(linkers[i], args, dir, "use_delay", delayed[i]);
      }
    }
    problems.addAll(ImageSummary.of(dlls[0]).diff(ImageSummary.of(dlls[1]), E2eCase.REFERENCE, E2eCase.CANDIDATE));
    List<String> exportsRef = exports(dlls[0]), exportsJwin = exports(dlls[1]);
    if (!exportsRef.equals(exportsJwin)) problems.add("export tables differ:\n" + DllE2eTest.lineDiff(exportsRef, exportsJwin));
    List<String> libRef = DllE2eTest.importLibrary(dlls[0].resolveSibling("libstdcalldll.dll.a"));
    List<String> libJwin = DllE2eTest.importLibrary(dlls[1].resolveSibling("libstdcalldll.dll.a"));
    if (!libRef.equals(libJwin)) problems.add("import libraries differ:\n" + DllE2eTest.lineDiff(libRef, libJwin));
    problems.addAll(ImageSummary.of(exes[0]).diff(ImageSummary.of(exes[1]), E2eCase.REFERENCE, E2eCase.CANDIDATE));
    List<String> relocRef = E2eCase.baseRelocations(exes[0]), relocJwin = E2eCase.baseRelocations(exes[1]);
    if (!relocRef.equals(relocJwin))
      problems.add("the EXEs' base relocations differ:\n" + DllE2eTest.lineDiff(relocRef, relocJwin));
    List<String> warnRef = linkWarnings(linkers[0], exes[0].getParent());
    List<String> warnJwin = linkWarnings(linkers[1], exes[1].getParent());
    if (!warnRef.equals(warnJwin))
      problems.add("the EXE link's warnings differ:\n  lld-link: " + warnRef + "\n  jwin:     " + warnJwin);
    if (killAt) {
      if (!warnRef.contains("Resolving __imp__add3@12 by linking to __imp__add3"))
        problems.add("lld-link-14 did not warn about the stdcall fixup of add3: " + warnRef);
      E2eCase.Expected exp = E2eCase.of("stdcall-use-killat", "stdcall_use_killat.c").expected();
      for (int i = 0; i < 2; i++) runAndCheck(exes[i], exp, linkers[i] + ".run", problems);
    } else {
      problems.addAll(ImageSummary.of(delayed[0]).diff(ImageSummary.of(delayed[1]), E2eCase.REFERENCE, E2eCase.CANDIDATE));
      E2eCase.Expected exp = c.expected();
      E2eCase.Expected expDelay = E2eCase.of("stdcall-delay", "stdcall_delay.c").expected();
      for (int i = 0; i < 2; i++) {
        runAndCheck(exes[i], exp, linkers[i] + ".run", problems);
        runAndCheck(delayed[i], expDelay, linkers[i] + ".run-delay", problems);
      }
    }
    c.failIfAny(problems);
  }

  /** The warnings of the "use" link in {@code dir}, without the linker's name. */
  private static List<String> linkWarnings(String linker, Path dir) {
    String text = read(dir.resolve(linker.equals(E2eCase.CANDIDATE) ? "use.jwin.link.log" : "use.lld.link.stderr"));
    return text.lines().filter(l -> l.contains("warning: ")).map(l -> l.substring(l.indexOf("warning: ") + 9)).toList();
  }

  private static void runAndCheck(Path exe, E2eCase.Expected exp, String label, List<String> problems) {
    Proc.Result r = Wine.run(exe, exp.args(), label);
    String out = E2eCase.normalize(r.stdoutText());
    if (!out.equals(exp.stdout()) || r.exitCode() != exp.exitCode())
      problems.add(label + ": " + exe.getFileName() + " printed\n" + out + "and exited " + r.exitCode() + "; expected\n"
          + exp.stdout() + "and " + exp.exitCode() + (r.stderr().isBlank() ? "" : "\nstderr: " + r.stderr()));
  }

  /**
   * SafeSEH outside -lldmingw: a runtime-free program (seh/safeseh.c) registers a .safeseh-declared handler on
   * the FS:[0] chain and faults; the handler repairs the fault. Linked with {@code -safeseh} by both linkers:
   * same output under Wine, the same load configuration ({@code llvm-readobj --coff-load-config}: handler
   * table and count), the handler listed and {@code unlisted_handler} (no .safeseh) not. Wine does not check
   * the table, so the program reads it itself. An object without the @feat.00 SafeSEH bit is refused by both.
   */
  @Test
  void safeSeh_handlerTableAndStructuredException() {
    Path seh = E2eCase.SRC.resolve("seh");
    Path dir = E2eCase.OUT_ROOT.resolve("i686-safeseh");
    E2eCase.freshDir(dir);
    Path obj = dir.resolve("safeseh.o"), noFeat = dir.resolve("no_feat00.o"), k32 = dir.resolve("libkernel32.a");
    Proc.check(Proc.cmd(Tools.CLANG, "--target=" + X86.triple, "-O2", "-c", seh.resolve("safeseh.c"), "-o", obj), dir,
        "compile", E2eCase.COMPILE_TIMEOUT);
    Proc.check(Proc.cmd(Tools.LLVM_MC, "-triple", X86.triple, "-filetype=obj", seh.resolve("no_feat00.s"), "-o", noFeat),
        dir, "assemble", E2eCase.COMPILE_TIMEOUT);
    Proc.check(Proc.cmd(DllTools.LLVM_DLLTOOL, "-m", "i386", "-k", "-d", seh.resolve("kernel32.def"), "-l", k32), dir,
        "dlltool", E2eCase.COMPILE_TIMEOUT);
    List<String> problems = new ArrayList<>();
    List<List<String>> loadConfigs = new ArrayList<>();
    String expected = E2eCase.normalize(read(seh.resolve("safeseh.out")));
    for (String linker : List.of(E2eCase.REFERENCE, E2eCase.CANDIDATE)) {
      Path d = dir.resolve(linker);
      E2eCase.mkdirs(d);
      Path exe = d.resolve("safeseh.exe");
      List<String> args = List.of("-safeseh", "-machine:x86", "-entry:start", "-subsystem:console", "-nodefaultlib",
          obj.toString(), k32.toString(), "-out:" + exe);
      E2eCase.linkWith(linker, args, d, "safeseh", exe);
      Proc.Result r = Wine.run(exe, List.of(), linker + ".run");
      String out = E2eCase.normalize(r.stdoutText());
      if (!out.equals(expected) || r.exitCode() != 0)
        problems.add(linker + ": the program printed\n" + out + "and exited " + r.exitCode() + "; expected\n" + expected
            + "and 0" + (r.stderr().isBlank() ? "" : "\nstderr: " + r.stderr()));
      loadConfigs.add(Proc.check(List.of(Tools.READOBJ, "--coff-load-config", exe.toString()), d, "load-config",
          Duration.ofSeconds(60)).stdoutText().lines().filter(l -> !l.startsWith("File:")).toList());

      Path refused = d.resolve("refused.exe");
      List<String> bad = new ArrayList<>(args.subList(0, args.size() - 1));
      bad.addAll(List.of(noFeat.toString(), "-out:" + refused));
      String error = linkError(linker, bad, d);
      if (!error.contains("/safeseh: " + noFeat + " is not compatible with SEH") || java.nio.file.Files.exists(refused))
        problems.add(linker + ": linking an object without @feat.00 under -safeseh should fail with lld's error; got: "
            + error);
    }
    if (!loadConfigs.get(0).equals(loadConfigs.get(1)))
      problems.add("load configurations differ:\n" + DllE2eTest.lineDiff(loadConfigs.get(0), loadConfigs.get(1)));
    if (loadConfigs.get(0).stream().noneMatch(l -> l.strip().equals("SEHandlerCount: 1")))
      problems.add("lld-link's image has no SafeSEH table of one handler:\n" + String.join("\n", loadConfigs.get(0)));
    if (!problems.isEmpty()) throw new AssertionError(String.join("\n\n", problems) + "\n\nwork directory: " + dir);
  }

  /** The error output of a link that must fail (empty if it succeeded). */
  private static String linkError(String linker, List<String> args, Path dir) {
    if (linker.equals(E2eCase.CANDIDATE) && !System.getProperty("jwin.e2e.linker", "jwin").equals("lld")) {
      String failure = JwinInProcess.run("link", args, dir, "refused.jwin.link", dir.resolve("refused.exe"));
      return failure == null ? "" : failure;
    }
    Proc.Result r = Proc.run(Proc.cmd(Tools.LLD_LINK, args), dir, "refused.lld.link", E2eCase.LINK_TIMEOUT, java.util.Map.of());
    return r.ok() ? "" : r.stderr();
  }

  private static String read(Path p) {
    try {
      return java.nio.file.Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** llvm-readobj's export table, without the file name. */
  private static List<String> exports(Path dll) {
    Proc.Result r = Proc.check(List.of(Tools.READOBJ, "--coff-exports", dll.toString()), dll.getParent(),
        "exports", Duration.ofSeconds(60));
    return r.stdoutText().lines().filter(l -> !l.startsWith("File:")).toList();
  }

}
