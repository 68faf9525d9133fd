package dev.jwin.cc;

import dev.jwin.coff.Machine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The lld-link command line for one {@code jwin cc} link: start-up objects, runtime libraries and system
 * import libraries per output kind, subsystem and entry point, UEFI mode, and the translated -Wl options.
 * The same line goes to {@code jwin link} and to {@code lld-link-14} (-fuse-ld=lld).
 */
final class LinkPlan {
  private LinkPlan() {}

  /** What a link needs besides the invocation: resolved inputs in command-line order. */
  record Inputs(List<Path> files, List<Path> defFiles, Set<String> namedLibraries) {}

  /** The entry point symbol for a subsystem, as mingw-w64's start-up objects name it (before i386 mangling). */
  static String entry(Invocation inv, String subsystem) {
    if (inv.entry != null) return inv.entry;
    if (inv.nostartfiles || inv.nostdlib) return null;
    if (inv.shared) return inv.target.arch() == Machine.I386 ? "DllMainCRTStartup@12" : "DllMainCRTStartup";
    if ("windows".equals(subsystem) || (subsystem != null && subsystem.startsWith("windows,")))
      return "WinMainCRTStartup";
    return "mainCRTStartup";
  }

  private static String version(int major, int minor) {
    return (major >= 0 ? major : 6) + "." + (minor >= 0 ? minor : 0);
  }

  /**
   * The link line: a plain function of the invocation, the runtime's files ({@code null} when the target has no
   * runtime) and the inputs, all found beforehand; nothing is searched for or built here.
   */
  static List<String> build(Invocation inv, RuntimeFiles runtime, Inputs in, String subsystem, Path output, Path implib,
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
      if (lld && t.arch() == Machine.I386) a.add("-safeseh:no");
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
    // lld's MinGW driver folds identical code only with --icf=all (which adds -opt:icf after this).
    if (t.isGnu()) a.add("-opt:noicf");
    if (t.isGnu()) {
      a.add("-auto-import");
      a.add("-runtime-pseudo-reloc");
      a.add(t.arch() == Machine.I386 ? "-alternatename:__image_base__=___ImageBase"
          : "-alternatename:__image_base__=__ImageBase");
    }
    for (String dir : inv.libDirs) a.add("-libpath:" + dir);
    if (runtime != null) for (Path dir : runtime.libDirs()) a.add("-libpath:" + dir);
    if (!inv.nostdlib && runtime == null && !inv.nostartfiles)
      throw new CcException("no C runtime for target " + t + (t.abi() == Target.Abi.MSVC
          ? ": jwin does not provide Microsoft's C runtime (link with -nostdlib and your own libraries)" : ""));
    if (runtime != null) for (Path p : runtime.startObjects()) a.add(p.toString());
    for (Path f : in.files()) a.add(f.toString());
    for (Path d : in.defFiles()) a.add("-def:" + d);
    if (runtime != null) {
      for (Path p : runtime.libraries()) a.add(p.toString());
      for (Path p : runtime.endObjects()) a.add(p.toString());
    }
    a.addAll(inv.linkerFlags);
    return a;
  }
}
