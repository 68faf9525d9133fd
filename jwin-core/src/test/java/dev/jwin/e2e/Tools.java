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
  static final String LLVM_MC = "llvm-mc-14";
  static final String WINE = "wine";
  static final String WINESERVER = "wineserver";

  static final String TARGET = MingwTarget.X86_64.triple;
  static final Path MINGW_LIB = MingwTarget.X86_64.mingwLib;
  static final Path GCC_LIB = MingwTarget.X86_64.gccLib;
  static final Path CXX_INCLUDE = GCC_LIB.resolve("include/c++");

  private static final String INSTALL_HINT =
      "install them with: apt-get install clang-14 lld-14 llvm-14 mingw-w64 g++-mingw-w64-x86-64 g++-mingw-w64-i686 wine64 wine wine32:i386";

  private static volatile String missing;

  /** Fails the calling test with an install hint when any tool or runtime file is missing. */
  static void require() {
    if (missing == null) missing = findMissing();
    if (!missing.isEmpty())
      throw new AssertionError("end-to-end tests need tools that are missing: " + missing + "; " + INSTALL_HINT);
  }

  private static String findMissing() {
    List<String> m = new ArrayList<>();
    for (String t : List.of(CLANG, CLANGXX, LLD_LINK, LD_LLD, READOBJ, AR, LLVM_MC, WINE, WINESERVER))
      if (onPath(t) == null) m.add(t);
    for (MingwTarget t : MingwTarget.values())
      for (Path p : List.of(t.mingwLib.resolve("crt2.o"), t.mingwLib.resolve("libmsvcrt.a"), t.gccLib.resolve("libgcc.a"),
          t.gccLib.resolve("libstdc++.a"), t.gccLib.resolve("include/c++/vector")))
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

}
