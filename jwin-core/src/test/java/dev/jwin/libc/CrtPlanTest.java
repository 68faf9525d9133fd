package dev.jwin.libc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.cache.Cache;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What mingw-w64 10's own Makefile.am says to build, per target, read from the real source tree
 * ({@code JWIN_MINGW_SRC}, else fetched into {@code target/jwin-cache} like the end-to-end test does).
 */
class CrtPlanTest {
  static MingwSource source;

  @BeforeAll
  static void locate() throws LibcException {
    Map<String, String> env = new HashMap<>(System.getenv());
    Cache cache = new Cache(Path.of("target/jwin-cache"));
    source = MingwSource.locate(null, env, cache, new PrintStream(new ByteArrayOutputStream()));
  }

  static CrtPlan plan(Target t) throws LibcException {
    return CrtPlan.load(source.crtDir(), t, Path.of("/config"));
  }

  static List<String> sources(CrtPlan p, String lib) throws LibcException {
    return p.archive(lib).orElseThrow().compiles().stream().map(CrtPlan.Compile::source).toList();
  }

  @Test
  void x86_64() throws LibcException {
    CrtPlan p = plan(Target.X86_64);
    assertThat(p.startupObjects()).extracting(CrtPlan.Startup::fileName)
        .contains("crt2.o", "crt2u.o", "dllcrt2.o", "crtbegin.o", "crtend.o").doesNotContain("gcrt0.o");
    CrtPlan.Startup crt2 = p.startupObjects().stream().filter(s -> s.fileName().equals("crt2.o")).findFirst().orElseThrow();
    assertThat(crt2.compile().source()).isEqualTo("crt/crtexe.c");
    assertThat(crt2.compile().flags()).contains("-m64", "-D_SYSCRT=1", "-DCRTDLL=1", "-std=gnu99", "-D_CRTBLD");
    assertThat(sources(p, "libmingwex.a")).contains("math/x86/acosf.c", "math/fabsf.c", "misc/mingw_getsp.S", "stdio/mingw_pformat.c")
        .doesNotContain("math/arm64/rint.c").hasSizeGreaterThan(300);
    assertThat(sources(p, "libmingw32.a")).contains("crt/tlssup.c", "crt/pseudo-reloc.c");
    CrtPlan.Archive msvcrt = p.archive("libmsvcrt.a").orElseThrow();
    assertThat(msvcrt.imports()).containsExactly(new CrtPlan.Def("msvcrt", "lib-common/msvcrt.def.in", true));
    assertThat(msvcrt.compiles()).anyMatch(c -> c.flags().contains("-D__LIBMSVCRT_OS__"));
    assertThat(p.def("kernel32")).contains(new CrtPlan.Def("kernel32", "lib-common/kernel32.def.in", true));
    assertThat(p.def("shell32")).contains(new CrtPlan.Def("shell32", "lib-common/shell32.def", false));
    assertThat(p.defPreprocessFlags()).contains("-DDEF_X64", "-undef", "-P");
  }

  @Test
  void i686AndAarch64() throws LibcException {
    CrtPlan x86 = plan(Target.I686);
    assertThat(x86.startupObjects()).extracting(CrtPlan.Startup::fileName).contains("crt2.o", "dllcrt2.o");
    assertThat(x86.startupObjects().getFirst().compile().flags()).contains("-m32");
    assertThat(sources(x86, "libmingwex.a")).contains("math/x86/acosf.c");
    assertThat(x86.def("kernel32").orElseThrow().path()).startsWith("lib32/");
    CrtPlan arm = plan(Target.AARCH64);
    assertThat(arm.startupObjects()).extracting(CrtPlan.Startup::fileName).contains("crt2.o", "dllcrt2.o");
    assertThat(sources(arm, "libmingwex.a")).doesNotContain("math/x86/acosf.c").anyMatch(s -> s.startsWith("math/arm64/"));
    assertThat(arm.defPreprocessFlags()).contains("-DDEF_ARM64");
  }
}
