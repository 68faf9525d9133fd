package dev.jwin.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * End-to-end acceptance tests of {@code jwin link}: each test program under src/test/c/e2e is
 * compiled once with clang-14 for x86_64-w64-windows-gnu, linked with lld-link-14 and with jwin
 * using the mingw driver's argument list, compared structurally, and run under Wine.
 * See docs/e2e-tests.md.
 */
class LinkE2eTest {

  /** Import libraries of the dynamic C++ runtime need these DLLs next to the program. */
  static final String[] CXX_DLLS = {"libstdc++-6.dll", "libgcc_s_seh-1.dll"};

  @BeforeAll
  static void startWine() {
    Tools.require();
    Wine.startServer(E2eCase.OUT_ROOT);
  }

  // printf, argv and the exit code

  @Test
  void printfArgs_O0() {
    E2eCase.of("printf_args-O0", "printf_args.c").cflags("-O0").verify();
  }

  @Test
  void printfArgs_O2() {
    E2eCase.of("printf_args-O2", "printf_args.c").cflags("-O2").verify();
  }

  @Test
  void printfArgs_g() {
    E2eCase.of("printf_args-g", "printf_args.c").cflags("-g").verify();
  }

  // floating point and math functions from msvcrt and libmingwex

  @Test
  void floatMath_O2() {
    E2eCase.of("float_math-O2", "float_math.c").cflags("-O2").verify();
  }

  @Test
  void floatMath_g() {
    E2eCase.of("float_math-g", "float_math.c").cflags("-g", "-O1").verify();
  }

  // static constructors and destructors

  @Test
  void ctors_O0() {
    E2eCase.of("ctors-O0", "ctors.c").cflags("-O0").verify();
  }

  @Test
  void ctors_O2() {
    E2eCase.of("ctors-O2", "ctors.c").cflags("-O2").verify();
  }

  @Test
  void cxxGlobals_O2() {
    E2eCase.of("cxx_globals-O2", "cxx_globals.cpp").cflags("-O2").runtimeDlls(CXX_DLLS).verify();
  }

  @Test
  void cxxGlobals_g_static() {
    E2eCase.of("cxx_globals-g-static", "cxx_globals.cpp").cflags("-g").link(MingwLinkLine::staticLink).verify();
  }

  // __thread variables and a TLS callback

  @Test
  void tls_O0() {
    E2eCase.of("tls-O0", "tls.c").cflags("-O0").verify();
  }

  @Test
  void tls_O2() {
    E2eCase.of("tls-O2", "tls.c").cflags("-O2").verify();
  }

  @Test
  void tls_g() {
    E2eCase.of("tls-g", "tls.c").cflags("-g").verify();
  }

  // setjmp/longjmp (SEH unwinding through .pdata/.xdata)

  @Test
  void setjmp_O0() {
    E2eCase.of("setjmp-O0", "setjmp_longjmp.c").cflags("-O0").verify();
  }

  @Test
  void setjmp_O2() {
    E2eCase.of("setjmp-O2", "setjmp_longjmp.c").cflags("-O2").verify();
  }

  // C++ exceptions with libstdc++, as a DLL (default) and statically linked (-static)

  @Test
  void cxxExceptions_O2() {
    E2eCase.of("cxx_exceptions-O2", "cxx_exceptions.cpp").cflags("-O2").runtimeDlls(CXX_DLLS).verify();
  }

  @Test
  void cxxExceptions_g() {
    E2eCase.of("cxx_exceptions-g", "cxx_exceptions.cpp").cflags("-g").runtimeDlls(CXX_DLLS).verify();
  }

  @Test
  void cxxExceptions_O2_static() {
    E2eCase.of("cxx_exceptions-O2-static", "cxx_exceptions.cpp").cflags("-O2").link(MingwLinkLine::staticLink)
        .verify();
  }

  // dllimport'ed functions and auto-imported data (runtime pseudo relocations)

  @Test
  void imports_O0() {
    E2eCase.of("imports-O0", "imports.c").cflags("-O0").verify();
  }

  @Test
  void imports_O2() {
    E2eCase.of("imports-O2", "imports.c").cflags("-O2").verify();
  }

  @Test
  void imports_g() {
    E2eCase.of("imports-g", "imports.c").cflags("-g").verify();
  }

  // a 64 MiB .bss

  @Test
  void bigBss_O0() {
    E2eCase.of("bigbss-O0", "bigbss.c").cflags("-O0").verify();
  }

  @Test
  void bigBss_O2() {
    E2eCase.of("bigbss-O2", "bigbss.c").cflags("-O2").verify();
  }

  // control-flow guard: -Xclang -cfguard objects linked with -guard:longjmp; the program checks its own tables

  @Test
  void guardCf_O0() {
    E2eCase.of("guard_cf-O0", "guard_cf.c").cflags("-O0", "-Xclang", "-cfguard")
        .link(l -> l.linkerOption("-guard:longjmp")).verify();
  }

  @Test
  void guardCf_O2() {
    E2eCase.of("guard_cf-O2", "guard_cf.c").cflags("-O2", "-Xclang", "-cfguard")
        .link(l -> l.linkerOption("-guard:longjmp")).verify();
  }

  // wmain with -municode (crt2u.o)

  @Test
  void wmain_O0() {
    E2eCase.of("wmain-O0", "wmain_unicode.c").cflags("-O0", "-municode").link(MingwLinkLine::unicode).verify();
  }

  @Test
  void wmain_O2_g() {
    E2eCase.of("wmain-O2-g", "wmain_unicode.c").cflags("-O2", "-g", "-municode").link(MingwLinkLine::unicode)
        .verify();
  }

  // a static archive made with llvm-ar rcs

  @Test
  void archive_O2() {
    E2eCase.of("archive-O2", "archive_main.c").cflags("-O2")
        .archive("e2earchive", "archive_add.c", "archive_greet.c", "archive_unused.c").verify();
  }

  @Test
  void archive_g() {
    E2eCase.of("archive-g", "archive_main.c").cflags("-g")
        .archive("e2earchive", "archive_add.c", "archive_greet.c", "archive_unused.c").verify();
  }

  // several C++ objects: COMDAT inline functions and templates, a weak function overridden

  @Test
  void multiObject_O0() {
    E2eCase.of("multi-O0", "multi_main.cpp").sources("multi_other.cpp").cflags("-O0").runtimeDlls(CXX_DLLS)
        .verify();
  }

  @Test
  void multiObject_O2_static() {
    E2eCase.of("multi-O2-static", "multi_main.cpp").sources("multi_other.cpp").cflags("-O2")
        .link(MingwLinkLine::staticLink).verify();
  }

  // -opt:ref with -ffunction-sections -fdata-sections drops what is not referenced

  @Test
  void gcSections_O2() {
    gcSections("gc_sections-O2", "-O2");
  }

  @Test
  void gcSections_g() {
    gcSections("gc_sections-g", "-g");
  }

  private static void gcSections(String name, String opt) {
    gcSections(E2eCase.of(name, "gc_sections.c"), opt);
  }

  /** Links {@code c} with -opt:noref and -opt:ref: both linkers agree and both drop the unused code and data. */
  static void gcSections(E2eCase c, String opt) {
    c.cflags(opt, "-ffunction-sections", "-fdata-sections");
    E2eCase.Linked noref = c.link("noref", c.linkLine().gcSections(false));
    E2eCase.Linked ref = c.link("ref", c.linkLine().gcSections(true));
    List<String> problems = new ArrayList<>();
    if (!noref.structuralDiffs().isEmpty()) problems.add(c.structureReport(noref));
    if (!ref.structuralDiffs().isEmpty()) problems.add(c.structureReport(ref));
    problems.addAll(c.runBoth(noref));
    problems.addAll(c.runBoth(ref));
    checkShrinks(problems, "lld-link", noref.reference(), ref.reference());
    checkShrinks(problems, "jwin", noref.candidate(), ref.candidate());
    c.failIfAny(problems);
  }

  /** unused_function is several KiB of code and unused_table is 64 KiB of .rdata. */
  private static void checkShrinks(List<String> problems, String linker, ImageSummary noref, ImageSummary ref) {
    long textNoref = size(noref, ".text");
    long textRef = size(ref, ".text");
    long rdataNoref = size(noref, ".rdata");
    long rdataRef = size(ref, ".rdata");
    if (textRef + 2048 > textNoref)
      problems.add(linker + ": -opt:ref did not drop unused_function: .text is 0x" + Long.toHexString(textRef)
          + " bytes with -opt:ref and 0x" + Long.toHexString(textNoref) + " with -opt:noref");
    if (rdataRef + 65536 > rdataNoref)
      problems.add(linker + ": -opt:ref did not drop unused_table: .rdata is 0x" + Long.toHexString(rdataRef)
          + " bytes with -opt:ref and 0x" + Long.toHexString(rdataNoref) + " with -opt:noref");
  }

  private static long size(ImageSummary s, String section) {
    ImageSummary.Section sec = s.section(section);
    return sec == null ? 0 : sec.virtualSize();
  }
}
