package dev.jwin.e2e;

import java.nio.file.Path;
import java.util.List;

/**
 * A mingw target the end-to-end tests link for: clang's triple, Debian's mingw-w64 and gcc directories,
 * and what clang's mingw driver tells ld.lld ({@code -m i386pep} or {@code -m i386pe}) that differs.
 */
enum MingwTarget {
  X86_64("x86_64-w64-windows-gnu", "x86_64-w64-mingw32", "x64", "__ImageBase", "libgcc_s_seh-1.dll", "DllMainCRTStartup"),
  I686("i686-w64-windows-gnu", "i686-w64-mingw32", "x86", "___ImageBase", "libgcc_s_dw2-1.dll",
      "DllMainCRTStartup@12");

  /** The triple clang gets. */
  final String triple;
  final Path mingwLib;
  final Path gccLib;
  /** lld-link's -machine: value. */
  final String machine;
  /** The driver's {@code -alternatename:__image_base__=...} target (x86 symbols carry a leading underscore). */
  final String imageBaseSymbol;
  /** The DLL of libgcc_s a dynamically linked C++ program loads. */
  final String libgccDll;
  /** The driver's DLL entry point ({@code -e}): stdcall-decorated on x86. */
  final String dllEntry;

  MingwTarget(String triple, String gnu, String machine, String imageBaseSymbol, String libgccDll, String dllEntry) {
    this.triple = triple;
    this.mingwLib = Path.of("/usr/" + gnu + "/lib");
    this.gccLib = Path.of("/usr/lib/gcc/" + gnu + "/12-win32");
    this.machine = machine;
    this.imageBaseSymbol = imageBaseSymbol;
    this.libgccDll = libgccDll;
    this.dllEntry = dllEntry;
  }

  /** Library search path in the driver's order: the user's -L (gcc's lib dir) first, then the driver's. */
  List<Path> libPath() {
    String gnu = mingwLib.getParent().getFileName().toString();
    return List.of(gccLib, mingwLib, Path.of("/usr/lib"), Path.of("/usr/" + gnu + "/sys-root/mingw/lib"));
  }

  /** Flags so that clang++ finds the libstdc++ headers of g++-mingw-w64 (clang 14 does not find "12-win32"). */
  List<String> cxxIncludeFlags() {
    Path inc = gccLib.resolve("include/c++");
    String gnu = mingwLib.getParent().getFileName().toString();
    return List.of("-isystem", inc.toString(), "-isystem", inc.resolve(gnu).toString(), "-isystem",
        inc.resolve("backward").toString());
  }

  /** The DLLs a dynamically linked C++ program needs next to it. */
  String[] cxxDlls() { return new String[] {"libstdc++-6.dll", libgccDll}; }
}
