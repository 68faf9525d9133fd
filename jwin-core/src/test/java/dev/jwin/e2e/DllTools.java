package dev.jwin.e2e;

import java.util.ArrayList;
import java.util.List;

/** The tools the DLL tests need beyond {@link Tools}: other import-library makers and GNU ld. */
final class DllTools {
  private DllTools() {}

  static final String OBJDUMP = "llvm-objdump-14";
  static final String NM = "llvm-nm-14";
  static final String LLVM_DLLTOOL = "llvm-dlltool-14";
  static final String LLVM_LIB = "llvm-lib-14";
  static final String GNU_GCC = "x86_64-w64-mingw32-gcc";
  static final String GNU_DLLTOOL = "x86_64-w64-mingw32-dlltool";

  /** Fails (never skips) with an install hint when a tool is missing. */
  static void require() {
    Tools.require();
    List<String> missing = new ArrayList<>();
    for (String t : List.of(OBJDUMP, NM, LLVM_DLLTOOL, LLVM_LIB, GNU_GCC, GNU_DLLTOOL))
      if (Tools.onPath(t) == null) missing.add(t);
    if (!missing.isEmpty())
      throw new AssertionError("the DLL end-to-end tests need tools that are missing: " + String.join(", ", missing)
          + "; install them with: apt-get install llvm-14 mingw-w64 binutils-mingw-w64-x86-64");
  }
}
