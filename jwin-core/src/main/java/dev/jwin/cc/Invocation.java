package dev.jwin.cc;

import java.util.ArrayList;
import java.util.List;

/** What one {@code jwin cc} command line asks for, after option parsing; {@link CommandLine} fills it in. */
public final class Invocation {
  /** How far the pipeline runs: -E, -S, -c, or all the way to a linked image. */
  public enum Stage { PREPROCESS, ASSEMBLE, COMPILE, LINK }

  /** The source languages clang is told with -x. */
  public enum Language {
    C("c"), CXX("c++"), ASM_CPP("assembler-with-cpp"), ASM("assembler");

    final String clangName;

    Language(String clangName) {
      this.clangName = clangName;
    }
  }

  /** One link-line item in command-line order: a file, or a {@code -l} library. */
  public sealed interface LinkItem permits FileItem, LibraryItem, SourceItem {}

  /** A file on the link line; {@code wholeArchive} when inside -Wl,--whole-archive ... --no-whole-archive. */
  public record FileItem(String path, boolean wholeArchive) implements LinkItem {}

  /** The object compiled from {@code sources.get(index)}. */
  public record SourceItem(int index) implements LinkItem {}

  /** {@code -lname}; {@code staticOnly} after -Wl,-Bstatic (or with -static): only {@code libname.a} is found. */
  public record LibraryItem(String name, boolean staticOnly) implements LinkItem {
    public LibraryItem(String name) {
      this(name, false);
    }
  }

  /** A source file to compile, with its language (from -x or its suffix). */
  public record Source(String path, Language language) {}

  /** The arguments with response files expanded. */
  public List<String> args = List.of();
  public Target target = Target.DEFAULT;
  public boolean cxxDriver;
  public Stage stage = Stage.LINK;
  public String output;
  public final List<Source> sources = new ArrayList<>();
  /** The link line in command-line order. */
  public final List<LinkItem> linkOrder = new ArrayList<>();
  public final List<String> defFiles = new ArrayList<>();
  public final List<String> resFiles = new ArrayList<>();
  /** Flags handed to every clang compile, in command-line order (-I, -D, -O, -g, -W, -f, -m, -std, ...). */
  public final List<String> compileFlags = new ArrayList<>();
  public final List<String> libDirs = new ArrayList<>();
  /** lld-link options translated from -Wl, / -Xlinker, in order. */
  public final List<String> linkerFlags = new ArrayList<>();

  public boolean shared;
  /** Inside -Wl,--whole-archive: archives that follow contribute all their members. */
  public boolean wholeArchive;
  /** -static: no DLL for the runtime libraries, and -l finds only static archives. */
  public boolean staticLink;
  /** -Wl,-Bstatic / -Bdynamic state while parsing: whether the -l options that follow find only archives. */
  public boolean bstatic;
  /** -static-libgcc / -static-libstdc++ (gcc's mingw driver: libgcc_eh instead of libgcc_s, libstdc++.a). */
  public boolean staticLibgcc;
  public boolean staticLibstdcxx;
  /** -fstack-protector* or -D_FORTIFY_SOURCE=N (N > 0): the link adds the SSP library, as gcc does. */
  public boolean ssp;
  public boolean fortify;
  /** The thread model (-mthread-model=posix|win32, -pthread): picks gcc-mingw-w64's libstdc++ variant. */
  public String threadModel;
  /** -pthread: link winpthread, as gcc does. */
  public boolean pthread;
  /** -flto: objects hold LLVM bitcode, which lld-link links. */
  public boolean lto;
  /** Why the link goes to lld-link-14 without -fuse-ld=lld (an option or input jwin link does not handle). */
  public String lldReason;
  public boolean unicode;
  /** -mwindows / -mconsole / -Wl,--subsystem: null when the subsystem is to be inferred. */
  public String subsystem;
  public String entry;
  public String implib;
  public boolean nostdlib;
  public boolean nostartfiles;
  public boolean nodefaultlibs;
  public boolean strip;
  /** -Wl,-S: no DWARF in the image, symbols kept. */
  public boolean stripDebug;
  /** -Wl,--exclude-libs: archives (by name, or ALL) whose symbols a DLL does not export automatically. */
  public final List<String> excludeLibs = new ArrayList<>();
  /** PE header versions from -Wl,--major-subsystem-version, --major-os-version, ...: -1 when not given. */
  public int subsystemMajor = -1;
  public int subsystemMinor = -1;
  public int osMajor = -1;
  public int osMinor = -1;
  public int imageMajor = -1;
  public int imageMinor = -1;
  public boolean gcSections;
  public boolean debug;
  public boolean useLld;
  /** -rtlib=: "compiler-rt" or "libgcc"; null for the target's default (libgcc where one exists). */
  public String rtlib;
  public boolean verbose;
  public boolean printVersion;

  /** Dependency-file requests (-MD/-MMD with -MF/-MT/-MQ), written from the cached header list. */
  public boolean depFile;
  public String depFilePath;
  public final List<String> depTargets = new ArrayList<>();
  public boolean depPhony;
  /** -MMD: system headers left out. */
  public boolean depUserOnly;

  /**
   * Informational queries answered without compiling, by option name without its dash: dumpmachine, dumpversion,
   * version, print-search-dirs, print-file-name=X, print-prog-name=X, ..., and ld-version (-Wl,--version).
   */
  public String query;

  /** Freestanding code: a UEFI target, or -ffreestanding without the default libraries. */
  public boolean freestanding() {
    return target.os() == Target.Os.UEFI
        || (compileFlags.contains("-ffreestanding") && (nostdlib || nodefaultlibs));
  }

  public boolean cxxLink() {
    if (cxxDriver) return true;
    for (Source s : sources) if (s.language() == Language.CXX) return true;
    return false;
  }
}
