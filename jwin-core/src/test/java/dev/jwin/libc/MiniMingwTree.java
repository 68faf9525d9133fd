package dev.jwin.libc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tiny mingw-w64 source tree with the shape of the real one (Makefile.am with conditionals,
 * startup-object rules, an MRI-merged msvcrt, .def and .def.in files, a generated source), so
 * that a whole {@code jwin libc build} takes seconds.
 */
final class MiniMingwTree {
  private MiniMingwTree() {}

  static final String MAKEFILE_AM = """
      AM_CPPFLAGS=$(sysincludes)
      AM_CFLAGS=-std=gnu99 -D_CRTBLD
      CPPFLAGS64=-m64
      CPPFLAGS32=-m32
      extra_include=-I$(top_srcdir)/include

      BUILT_SOURCES = _libm_dummy.c
      _libm_dummy.c:
      \techo "static int __attribute__((unused)) __mingw_libm_dummy;" > _libm_dummy.c
      src_libm=_libm_dummy.c

      src_libmingwex=misc/b.c \\
        misc/c.S
      src_libmingwex64=misc/only64.c

      if LIB64
      crt64_DATA = lib64/crt1.o lib64/crt2.o lib64/crtbegin.o
      COMPILE64=$(COMPILE) $(CPPFLAGS64) $(extra_include) -D_SYSCRT=1
      lib64/crt1.o: crt/crtexe.c
      \t$(COMPILE64) -c $< -o $@
      lib64/crt2.o: lib64/crt1.o
      \tcp $< $@
      lib64/%.o: crt/%.c
      \t$(COMPILE) $(CPPFLAGS64) -c $< -o $@

      lib64_LIBRARIES = lib64/libkernel32.a
      lib64_libkernel32_a_SOURCES = intrincs/k.c lib-common/kernel32.def.in
      lib64_libkernel32_a_CPPFLAGS=$(CPPFLAGS64) $(extra_include) $(AM_CPPFLAGS)
      lib64_libkernel32_a_AR = $(DTDEF64) lib64/kernel32.def && $(AR) $(ARFLAGS)
      lib64_DATA = lib64/libmsvcrt.a
      lib64/libmsvcrt.a: lib64/@MSVCRT_LIB@
      \tcp $< $@
      lib64/libmsvcrt-os.a: lib-common/msvcrt-os.mri lib64/libmsvcrt_def.a lib64/libmsvcrt_common.a
      \tcd $(dir $@) && $(AR) -M < $(abspath $<)
      lib64_libmsvcrt_common_a_SOURCES = misc/a.c
      lib64_libmsvcrt_common_a_CPPFLAGS=$(CPPFLAGS64) -D__LIBMSVCRT__ $(extra_include)
      lib64_LIBRARIES += lib64/libmingw32.a
      lib64_libmingw32_a_SOURCES = include/internal.h crt/m32.c
      lib64_libmingw32_a_CPPFLAGS=$(CPPFLAGS64) -D_SYSCRT=1 $(extra_include) $(AM_CPPFLAGS)
      lib64_libmingwex_a_SOURCES = $(src_libmingwex) $(src_libmingwex64)
      lib64_libmoldname_a_SOURCES = $(src_libm)
      nodist_lib64_libm_a_SOURCES = $(src_libm)
      lib64_libuuid_a_SOURCES = misc/u.c
      endif

      if LIB32
      lib32_libmingwex_a_SOURCES = misc/only32.c
      endif
      """;

  /** Relative path to content. */
  static Map<String, String> files() {
    Map<String, String> f = new TreeMap<>();
    f.put("mingw-w64-headers/crt/_mingw.h.in", "#define __MSVCRT_VERSION__ @DEFAULT_MSVCRT_VERSION@\n"
        + "#define _WIN32_WINNT @DEFAULT_WIN32_WINNT@\n#include <sdks/_mingw_ddk.h>\n");
    f.put("mingw-w64-headers/crt/sdks/_mingw_ddk.h.in", "#if MINGW_HAS_DDK\n#define MINGW_HAS_DDK_H 1\n#endif\n");
    f.put("mingw-w64-headers/crt/stdio.h", "#include <_mingw.h>\nint puts(const char *);\n");
    f.put("mingw-w64-headers/crt/sys/types.h", "typedef long off_t;\n");
    f.put("mingw-w64-headers/include/windows.h", "#include <_mingw.h>\nunsigned GetTickCount(void);\n");
    f.put("mingw-w64-crt/Makefile.am", MAKEFILE_AM);
    f.put("mingw-w64-crt/include/internal.h", "#define INTERNAL 1\n");
    f.put("mingw-w64-crt/crt/crtexe.c", "#include <windows.h>\n#include \"internal.h\"\nint mainCRTStartup(void) { return GetTickCount() + INTERNAL; }\n");
    f.put("mingw-w64-crt/crt/crtbegin.c", "int __jwin_crtbegin;\n");
    f.put("mingw-w64-crt/crt/m32.c", "#include \"internal.h\"\nint mingw32_marker(void) { return INTERNAL; }\n");
    f.put("mingw-w64-crt/misc/a.c", "#include <stdio.h>\nint msvcrt_extra(void) { return puts(\"a\"); }\n");
    f.put("mingw-w64-crt/misc/b.c", "#include <sys/types.h>\noff_t mingwex_b(void) { return 2; }\n");
    f.put("mingw-w64-crt/misc/c.S", ".globl mingwex_c\nmingwex_c:\n  ret\n");
    f.put("mingw-w64-crt/misc/only64.c", "int only64(void) { return 64; }\n");
    f.put("mingw-w64-crt/misc/only32.c", "int only32(void) { return 32; }\n");
    f.put("mingw-w64-crt/misc/u.c", "int uuid_marker;\n");
    f.put("mingw-w64-crt/intrincs/k.c", "int kernel32_intrinsic(void) { return 1; }\n");
    f.put("mingw-w64-crt/lib-common/kernel32.def.in", "#include \"func.def.in\"\nLIBRARY \"KERNEL32.dll\"\nEXPORTS\n"
        + "GetTickCount\n#ifdef DEF_X64\nRtlAddFunctionTable\n#endif\n");
    f.put("mingw-w64-crt/def-include/func.def.in", "/* shared macros */\n");
    f.put("mingw-w64-crt/lib-common/msvcrt.def.in", "LIBRARY \"msvcrt.dll\"\nEXPORTS\nputs\nprintf\n");
    f.put("mingw-w64-crt/lib-common/msvcrt-os.mri", "CREATE libmsvcrt-os.a\nADDLIB libmsvcrt_def.a\n"
        + "ADDLIB libmsvcrt_common.a\nSAVE\nEND\n");
    for (String dll : new String[] {"user32", "advapi32", "shell32", "ntdll", "gdi32", "ws2_32"}) {
      f.put("mingw-w64-crt/lib-common/" + dll + ".def", "LIBRARY \"" + dll.toUpperCase() + ".dll\"\nEXPORTS\n"
          + dll + "_function\n");
    }
    return f;
  }

  static Path create(Path root) throws IOException {
    for (Map.Entry<String, String> e : files().entrySet()) {
      Path p = root.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue());
    }
    return root;
  }
}
