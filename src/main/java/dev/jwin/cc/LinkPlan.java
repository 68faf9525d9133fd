package dev.jwin.cc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The lld-link command line for one {@code jwin cc} link: start-up objects, runtime libraries and system
 * import libraries per output kind, subsystem and entry point, UEFI mode, and the translated -Wl options.
 * The same line goes to {@code jwin link} and to {@code lld-link-14} (-fuse-ld=lld).
 */
final class LinkPlan {
  private LinkPlan() {}

  /** System DLLs every mingw-w64 program links (Zig's {@code always_link_libs}) unless the user names them. */
  static final List<String> ALWAYS_LINKED = List.of("advapi32", "kernel32", "msvcrt", "ntdll", "shell32", "user32");

  /** What a link needs besides the invocation: resolved inputs in command-line order. */
  record Inputs(List<Path> files, List<Path> defFiles, Set<String> namedLibraries) {}

  /** The entry point symbol for a subsystem, as mingw-w64's start-up objects name it (before i386 mangling). */
  static String entry(Invocation inv, String subsystem) {
    if (inv.entry != null) return inv.entry;
    if (inv.nostartfiles || inv.nostdlib) return null;
    if (inv.shared) return inv.target.arch() == Target.Arch.I686 ? "DllMainCRTStartup@12" : "DllMainCRTStartup";
    if ("windows".equals(subsystem) || (subsystem != null && subsystem.startsWith("windows,")))
      return "WinMainCRTStartup";
    return "mainCRTStartup";
  }

  /** A library the driver adds, and whether only its static archive will do. */
  record Library(String name, boolean staticOnly) {}

  /**
   * The libraries gcc's mingw driver ends a link with: the SSP library for -fstack-protector* and _FORTIFY_SOURCE,
   * libstdc++ for C++, the runtime, winpthreads for the posix thread model or -pthread, then the system DLLs.
   * -static takes every one as a static archive; -static-libgcc and -static-libstdc++ take libgcc, libstdc++ and
   * the libraries they depend on (SSP, winpthreads) so, so that the image imports only system DLLs.
   */
  static List<Library> runtimeLibraries(Invocation inv, Runtime runtime, Set<String> named) {
    boolean staticSupport = inv.staticLink || inv.staticLibgcc || inv.staticLibstdcxx;
    List<Library> libs = new ArrayList<>();
    if (inv.ssp || inv.fortify) {
      libs.add(new Library("ssp_nonshared", true));
      libs.add(new Library("ssp", staticSupport));
    }
    for (String name : runtime.runtimeLibraries(inv.cxxLink(), inv.staticLink || inv.staticLibgcc)) {
      boolean staticOnly = inv.staticLink || name.equals("stdc++") && inv.staticLibstdcxx;
      libs.add(new Library(name, staticOnly));
    }
    if (runtime.threadModel().equals("posix") || inv.pthread) libs.add(new Library("pthread", staticSupport));
    Set<String> seen = new LinkedHashSet<>();
    for (Library l : libs) seen.add(l.name());
    for (String s : ALWAYS_LINKED)
      if (!named.contains(s) && seen.add(s)) libs.add(new Library(s, false));
    return libs;
  }

  private static String version(int major, int minor) {
    return (major >= 0 ? major : 6) + "." + (minor >= 0 ? minor : 0);
  }

  static List<String> build(Invocation inv, Runtime runtime, Inputs in, String subsystem, Path output, Path implib,
      boolean lld) throws CcException {
    Target t = inv.target;
    List<String> a = new ArrayList<>();
    boolean uefi = t.os() == Target.Os.UEFI;
    if (t.isGnu()) a.add("-lldmingw");
    a.add("-out:" + output);
    a.add("-machine:" + t.linkMachine());
    if (inv.stripDebug && !inv.strip) a.add("-debug:symtab");
    else if (!inv.strip) a.add("-debug:dwarf");
    if (inv.shared) {
      a.add("-dll");
      a.add(implib != null ? "-implib:" + implib : "-noimplib");
    }
    if (uefi) {
      // Zig's UEFI link flags; -safeseh only means something for i386 images and only lld-link knows it.
      a.add("-subsystem:" + subsystem);
      a.addAll(List.of("-base:0", "-entry:" + (inv.entry != null ? inv.entry : "EfiMain"), "-opt:ref",
          "-merge:.rdata=.data", "-align:32", "-nodefaultlib", "-section:.xdata,D"));
      if (lld && t.arch() == Target.Arch.I686) a.add("-safeseh:no");
      for (Path f : in.files()) a.add(f.toString());
      a.addAll(inv.linkerFlags);
      return a;
    }
    boolean versions = inv.subsystemMajor >= 0 || inv.subsystemMinor >= 0 || inv.osMajor >= 0 || inv.osMinor >= 0;
    if (versions) {
      // As lld's MinGW driver: any of the four sets both versions, each defaulting to 6.0.
      a.add("-osversion:" + version(inv.osMajor, inv.osMinor));
      a.add("-subsystem:" + (subsystem != null ? subsystem : inv.shared ? "windows" : "console") + ","
          + version(inv.subsystemMajor, inv.subsystemMinor));
    } else if (subsystem != null) {
      a.add("-subsystem:" + subsystem);
    }
    if (inv.imageMajor >= 0 || inv.imageMinor >= 0)
      a.add("-version:" + Math.max(inv.imageMajor, 0) + "." + Math.max(inv.imageMinor, 0));
    String entry = entry(inv, subsystem);
    if (entry != null) a.add("-entry:" + entry);
    a.add(inv.gcSections ? "-opt:ref" : "-opt:noref");
    if (t.isGnu()) {
      a.add("-auto-import");
      a.add("-runtime-pseudo-reloc");
      a.add(t.arch() == Target.Arch.I686 ? "-alternatename:__image_base__=___ImageBase"
          : "-alternatename:__image_base__=__ImageBase");
    }
    for (String dir : inv.libDirs) a.add("-libpath:" + dir);
    if (runtime != null) for (Path dir : runtime.libDirs()) a.add("-libpath:" + dir);
    boolean startFiles = !inv.nostdlib && !inv.nostartfiles && runtime != null;
    boolean defaultLibs = !inv.nostdlib && !inv.nodefaultlibs && runtime != null;
    if (!inv.nostdlib && runtime == null && !inv.nostartfiles)
      throw new CcException("no C runtime for target " + t + (t.abi() == Target.Abi.MSVC
          ? ": jwin does not provide Microsoft's C runtime (link with -nostdlib and your own libraries)" : ""));
    if (startFiles) {
      String crt = inv.shared ? "dllcrt2.o" : inv.unicode ? "crt2u.o" : "crt2.o";
      a.add(runtime.crtObject(crt).orElseThrow(() -> new CcException("the C runtime has no " + crt + ": "
          + runtime.describe())).toString());
      runtime.crtObject("crtbegin.o").ifPresent(p -> a.add(p.toString()));
    }
    for (Path f : in.files()) a.add(f.toString());
    for (Path d : in.defFiles()) a.add("-def:" + d);
    if (defaultLibs) {
      for (Library lib : runtimeLibraries(inv, runtime, in.namedLibraries())) {
        List<Path> found = runtime.library(lib.name(), lib.staticOnly());
        if (found.isEmpty()) throw new CcException("cannot find -l" + lib.name() + " in " + runtime.describe());
        for (Path p : found) a.add(p.toString());
      }
    }
    if (startFiles) runtime.crtObject("crtend.o").ifPresent(p -> a.add(p.toString()));
    a.addAll(inv.linkerFlags);
    return a;
  }
}
