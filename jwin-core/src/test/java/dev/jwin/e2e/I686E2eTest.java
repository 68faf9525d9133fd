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

  /** Exports "add3@12" and "@mul2@8"; a program linked through the -implib import library calls them. */
  @Test
  void stdcallDll_defFile() {
    stdcallDll("def", false);
  }

  /** -kill-at: the same DLL exports "add3" and "mul2"; its import library names them so too. */
  @Test
  void stdcallDll_defFile_killAt() {
    stdcallDll("def-kill-at", true);
  }

  private static void stdcallDll(String name, boolean killAt) {
    E2eCase c = of("stdcall-" + name, "stdcall_use.c").sources("stdcall_lib.c").cflags("-O2");
    List<Path> objects = c.compile();
    List<String> problems = new ArrayList<>();
    Path[] dlls = new Path[2], exes = new Path[2];
    String[] linkers = {E2eCase.REFERENCE, E2eCase.CANDIDATE};
    for (int i = 0; i < 2; i++) {
      Path dir = c.dir.resolve(linkers[i]);
      E2eCase.mkdirs(dir);
      dlls[i] = dir.resolve("stdcalldll.dll");
      MingwLinkLine dll = MingwLinkLine.c(X86).dll().implib("libstdcalldll.dll.a").input(objects.get(1))
          .input(E2eCase.SRC.resolve("stdcall_lib.def"));
      if (killAt) dll.killAt();
      E2eCase.linkWith(linkers[i], dll.args(dlls[i]), dir, "dll", dlls[i]);
      if (!killAt) {
        // lld-link's -kill-at import library names "_add3", which a stdcall caller does not call.
        exes[i] = dir.resolve("use.exe");
        MingwLinkLine use = MingwLinkLine.c(X86).input(objects.getFirst()).input(dir.resolve("libstdcalldll.dll.a"));
        E2eCase.linkWith(linkers[i], use.args(exes[i]), dir, "use", exes[i]);
      }
    }
    problems.addAll(ImageSummary.of(dlls[0]).diff(ImageSummary.of(dlls[1]), E2eCase.REFERENCE, E2eCase.CANDIDATE));
    List<String> exportsRef = exports(dlls[0]), exportsJwin = exports(dlls[1]);
    if (!exportsRef.equals(exportsJwin)) problems.add("export tables differ:\n" + DllE2eTest.lineDiff(exportsRef, exportsJwin));
    List<String> libRef = DllE2eTest.importLibrary(dlls[0].resolveSibling("libstdcalldll.dll.a"));
    List<String> libJwin = DllE2eTest.importLibrary(dlls[1].resolveSibling("libstdcalldll.dll.a"));
    if (!libRef.equals(libJwin)) problems.add("import libraries differ:\n" + DllE2eTest.lineDiff(libRef, libJwin));
    if (!killAt) {
      problems.addAll(ImageSummary.of(exes[0]).diff(ImageSummary.of(exes[1]), E2eCase.REFERENCE, E2eCase.CANDIDATE));
      E2eCase.Expected exp = c.expected();
      for (int i = 0; i < 2; i++) {
        Proc.Result r = Wine.run(exes[i], exp.args(), linkers[i] + ".run");
        String out = E2eCase.normalize(r.stdoutText());
        if (!out.equals(exp.stdout()) || r.exitCode() != exp.exitCode())
          problems.add(linkers[i] + ": the program printed\n" + out + "and exited " + r.exitCode() + "; expected\n"
              + exp.stdout() + "and " + exp.exitCode() + (r.stderr().isBlank() ? "" : "\nstderr: " + r.stderr()));
      }
    }
    c.failIfAny(problems);
  }

  /** llvm-readobj's export table, without the file name. */
  private static List<String> exports(Path dll) {
    Proc.Result r = Proc.check(List.of(Tools.READOBJ, "--coff-exports", dll.toString()), dll.getParent(),
        "exports", Duration.ofSeconds(60));
    return r.stdoutText().lines().filter(l -> !l.startsWith("File:")).toList();
  }

}
