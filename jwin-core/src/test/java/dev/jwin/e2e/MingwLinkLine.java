package dev.jwin.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lld-link argument list that clang's mingw driver ({@code clang-14 --target=x86_64-w64-windows-gnu
 * -fuse-ld=lld-14}) produces through {@code ld.lld -m i386pep}, for the options the tests use.
 * Both linkers under test get exactly this list; only {@code -out:} differs.
 * {@link MingwLinkLineE2eTest} checks it against the real driver's {@code -###} output.
 */
final class MingwLinkLine {
  private final MingwTarget target;
  private boolean cxx;
  private boolean staticLink;
  private boolean unicode;
  private boolean gcSections;
  private boolean dll;
  private String implibName;
  private boolean killAt;
  private boolean gccStartFiles;
  private final List<Path> inputs = new ArrayList<>();
  private final List<String> linkerOptions = new ArrayList<>();

  private MingwLinkLine(MingwTarget target) {
    this.target = target;
  }

  static MingwLinkLine c() {
    return c(MingwTarget.X86_64);
  }

  static MingwLinkLine c(MingwTarget target) {
    return new MingwLinkLine(target);
  }

  static MingwLinkLine cxx() {
    return cxx(MingwTarget.X86_64);
  }

  static MingwLinkLine cxx(MingwTarget target) {
    MingwLinkLine l = new MingwLinkLine(target);
    l.cxx = true;
    return l;
  }

  MingwTarget target() {
    return target;
  }

  /** {@code -static}: ld.lld gets -Bstatic, so libstdc++.a and libgcc_eh.a in place of the DLL import libraries. */
  MingwLinkLine staticLink() {
    staticLink = true;
    return this;
  }

  /**
   * gcc's crtbegin.o and crtend.o (as g++ and {@code jwin c++} pass them) in place of mingw-w64's: on
   * i686 they register the DWARF-2 frames, ended by the terminator in crtend.o's .eh_frame.
   */
  MingwLinkLine gccStartFiles() {
    gccStartFiles = true;
    return this;
  }

  /** {@code -municode}: the driver uses crt2u.o in place of crt2.o (nothing else changes). */
  MingwLinkLine unicode() {
    unicode = true;
    return this;
  }

  /** {@code -Wl,--gc-sections}: ld.lld passes -opt:ref in place of -opt:noref. */
  MingwLinkLine gcSections(boolean on) {
    gcSections = on;
    return this;
  }

  /**
   * {@code -shared}: ld.lld passes -dll with the driver's {@code -e DllMainCRTStartup}, the driver uses
   * dllcrt2.o in place of crt2.o and, for C too, libgcc_s and libgcc in place of libgcc and libgcc_eh.
   */
  MingwLinkLine dll() {
    dll = true;
    return this;
  }

  /**
   * {@code -Wl,--out-implib,<dir>/<name>}: the import library {@code name} is written next to the output
   * (so that the two linkers, writing to different directories, get otherwise identical arguments).
   */
  MingwLinkLine implib(String name) {
    implibName = name;
    return this;
  }

  /** {@code -Wl,--kill-at}: ld.lld passes -kill-at (x86: stdcall exports lose their "@N"). */
  MingwLinkLine killAt() {
    killAt = true;
    return this;
  }

  /** An lld-link option passed through ({@code -Wl,--Xlink=OPTION}), e.g. {@code -guard:cf}. */
  MingwLinkLine linkerOption(String option) {
    linkerOptions.add(option);
    return this;
  }

  boolean isDll() {
    return dll;
  }

  /** Objects, archives and module-definition files (.def, passed as -def:), in command-line order (between crtbegin.o and the default libraries). */
  MingwLinkLine input(Path p) {
    inputs.add(p);
    return this;
  }

  MingwLinkLine inputs(List<Path> ps) {
    inputs.addAll(ps);
    return this;
  }

  boolean isCxx() {
    return cxx;
  }

  boolean isStatic() {
    return staticLink;
  }

  /** The library names the driver passes as -l, in order. */
  List<String> libraryNames() {
    List<String> libs = new ArrayList<>();
    if (cxx) libs.add("stdc++");
    List<String> gcc = staticLink || (!cxx && !dll) ? List.of("gcc", "gcc_eh") : List.of("gcc_s", "gcc");
    List<String> group = new ArrayList<>();
    group.add("mingw32");
    group.addAll(gcc);
    group.addAll(List.of("moldname", "mingwex", "msvcrt", "advapi32", "shell32", "user32", "kernel32"));
    libs.addAll(group);
    if (!staticLink) {
      // Without -static the driver repeats the core libraries instead of using --start-group/--end-group.
      libs.add("mingw32");
      libs.addAll(gcc);
      libs.addAll(List.of("moldname", "mingwex", "msvcrt", "kernel32"));
    }
    return libs;
  }

  /** The arguments after the program name {@code lld-link}. */
  List<String> args(Path out) {
    List<String> a = new ArrayList<>();
    a.add("-lldmingw");
    if (dll) a.add("-entry:" + target.dllEntry);
    if (implibName != null) a.add("-implib:" + out.resolveSibling(implibName));
    a.add("-out:" + out);
    a.add("-debug:dwarf");
    a.add("-WX:no");
    if (dll) a.add("-dll");
    if (killAt) a.add("-kill-at");
    a.add(gcSections ? "-opt:ref" : "-opt:noref");
    a.add("-demangle");
    a.add("-auto-import");
    a.add("-runtime-pseudo-reloc");
    a.add("-opt:noicf");
    a.addAll(linkerOptions);
    a.add("-machine:" + target.machine);
    a.add("-alternatename:__image_base__=" + target.imageBaseSymbol);
    for (Path p : target.libPath()) a.add("-libpath:" + p);
    a.add(target.mingwLib.resolve(dll ? "dllcrt2.o" : unicode ? "crt2u.o" : "crt2.o").toString());
    Path startFiles = gccStartFiles ? target.gccLib : target.mingwLib;
    a.add(startFiles.resolve("crtbegin.o").toString());
    for (Path p : inputs) a.add(p.toString().endsWith(".def") ? "-def:" + p : p.toString());
    for (String lib : libraryNames()) a.add(findLibrary(lib).toString());
    a.add(startFiles.resolve("crtend.o").toString());
    return a;
  }

  /** ld.lld's mingw library search: with -Bdynamic an import library (.dll.a) wins over a static one. */
  Path findLibrary(String name) {
    List<String> candidates = staticLink
        ? List.of("lib" + name + ".a", name + ".lib")
        : List.of("lib" + name + ".dll.a", name + ".dll.a", "lib" + name + ".a", "lib" + name + ".lib", name + ".lib");
    for (Path dir : target.libPath())
      for (String c : candidates) {
        Path p = dir.resolve(c);
        if (Files.isRegularFile(p)) return p;
      }
    throw new AssertionError("library -l" + name + " not found in " + target.libPath()
        + " (install mingw-w64 and g++-mingw-w64-x86-64)");
  }
}
