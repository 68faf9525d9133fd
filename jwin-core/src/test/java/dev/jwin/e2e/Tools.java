package dev.jwin.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The external tools the end-to-end tests need, and a check that fails (never skips) without them. */
final class Tools {
  private Tools() {}

  static final String CLANG = "clang-14";
  static final String CLANGXX = "clang++-14";
  static final String LLD_LINK = "lld-link-14";
  static final String LD_LLD = "ld.lld-14";
  static final String READOBJ = "llvm-readobj-14";
  static final String AR = "llvm-ar-14";
  static final String WINE = "wine";
  static final String WINESERVER = "wineserver";

  static final String TARGET = "x86_64-w64-windows-gnu";
  static final Path MINGW_LIB = Path.of("/usr/x86_64-w64-mingw32/lib");
  static final Path GCC_LIB = Path.of("/usr/lib/gcc/x86_64-w64-mingw32/12-win32");
  static final Path CXX_INCLUDE = GCC_LIB.resolve("include/c++");

  private static final String INSTALL_HINT =
      "install them with: apt-get install clang-14 lld-14 llvm-14 mingw-w64 g++-mingw-w64-x86-64 wine64 wine";

  private static volatile String missing;

  /** Fails the calling test with an install hint when any tool or runtime file is missing. */
  static void require() {
    if (missing == null) missing = findMissing();
    if (!missing.isEmpty())
      throw new AssertionError("end-to-end tests need tools that are missing: " + missing + "; " + INSTALL_HINT);
  }

  private static String findMissing() {
    List<String> m = new ArrayList<>();
    for (String t : List.of(CLANG, CLANGXX, LLD_LINK, LD_LLD, READOBJ, AR, WINE, WINESERVER))
      if (onPath(t) == null) m.add(t);
    for (Path p : List.of(MINGW_LIB.resolve("crt2.o"), MINGW_LIB.resolve("libmsvcrt.a"), GCC_LIB.resolve("libgcc.a"),
        GCC_LIB.resolve("libstdc++.a"), CXX_INCLUDE.resolve("vector")))
      if (!Files.exists(p)) m.add(p.toString());
    return String.join(", ", m);
  }

  static Path onPath(String exe) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, exe);
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }

  /** Flags so that clang++ finds the libstdc++ headers of g++-mingw-w64 (clang 14 does not find "12-win32"). */
  static List<String> cxxIncludeFlags() {
    return List.of("-isystem", CXX_INCLUDE.toString(),
        "-isystem", CXX_INCLUDE.resolve("x86_64-w64-mingw32").toString(),
        "-isystem", CXX_INCLUDE.resolve("backward").toString());
  }
}
