package dev.jwin.cc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The runtime's part of one link line, found (and, for jwin's own runtime, built) before the link is planned: library
 * directories, start-up objects, the libraries gcc's mingw driver ends a link with, and the tail object. With
 * -nostdlib, -nostartfiles or -nodefaultlibs the parts they drop are empty.
 */
record RuntimeFiles(List<Path> libDirs, List<Path> startObjects, List<Path> libraries, List<Path> endObjects) {
  /** System DLLs every mingw-w64 program links (Zig's {@code always_link_libs}) unless the user names them. */
  static final List<String> ALWAYS_LINKED = List.of("advapi32", "kernel32", "msvcrt", "ntdll", "shell32", "user32");

  /** A library the driver adds, and whether only its static archive will do. */
  record Library(String name, boolean staticOnly) {}

  /** Finds every file the link needs from {@code runtime}; {@code named} are the libraries the user gave with -l. */
  static RuntimeFiles resolve(Invocation inv, Runtime runtime, Set<String> named) throws CcException {
    List<Path> start = new ArrayList<>();
    List<Path> libs = new ArrayList<>();
    List<Path> end = new ArrayList<>();
    if (!inv.nostdlib && !inv.nostartfiles) {
      String crt = inv.shared ? "dllcrt2.o" : inv.unicode ? "crt2u.o" : "crt2.o";
      start.add(runtime.crtObject(crt).orElseThrow(() -> new CcException("the C runtime has no " + crt + ": "
          + runtime.describe())));
      runtime.crtObject("crtbegin.o").ifPresent(start::add);
      runtime.crtObject("crtend.o").ifPresent(end::add);
    }
    if (!inv.nostdlib && !inv.nodefaultlibs) {
      for (Library lib : libraries(inv, runtime, named)) {
        List<Path> found = runtime.library(lib.name(), lib.staticOnly());
        if (found.isEmpty()) throw new CcException("cannot find -l" + lib.name() + " in " + runtime.describe());
        libs.addAll(found);
      }
    }
    return new RuntimeFiles(runtime.libDirs(), start, libs, end);
  }

  /**
   * The libraries gcc's mingw driver ends a link with: the SSP library for -fstack-protector* and _FORTIFY_SOURCE,
   * libstdc++ for C++, the runtime, winpthreads for the posix thread model or -pthread, then the system DLLs.
   * -static takes every one as a static archive; -static-libgcc and -static-libstdc++ take libgcc, libstdc++ and
   * the libraries they depend on (SSP, winpthreads) so, so that the image imports only system DLLs.
   */
  static List<Library> libraries(Invocation inv, Runtime runtime, Set<String> named) {
    boolean staticSupport = inv.staticLink || inv.staticLibgcc || inv.staticLibstdcxx;
    List<Library> libs = new ArrayList<>();
    if (inv.ssp || inv.fortify) {
      libs.add(new Library("ssp_nonshared", true));
      libs.add(new Library("ssp", staticSupport));
    }
    for (String name : runtime.runtimeLibraries(inv.cxxLink(), inv.staticLink || inv.staticLibgcc))
      libs.add(new Library(name, inv.staticLink || name.equals("stdc++") && inv.staticLibstdcxx));
    if (runtime.threadModel().equals("posix") || inv.pthread) libs.add(new Library("pthread", staticSupport));
    Set<String> seen = new LinkedHashSet<>();
    for (Library l : libs) seen.add(l.name());
    for (String s : ALWAYS_LINKED)
      if (!named.contains(s) && seen.add(s)) libs.add(new Library(s, false));
    return libs;
  }
}
