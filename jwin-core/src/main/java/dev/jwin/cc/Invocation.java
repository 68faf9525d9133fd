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

  public record LibraryItem(String name) implements LinkItem {}

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
  public boolean staticLink;
  public boolean unicode;
  /** -mwindows / -mconsole / -Wl,--subsystem: null when the subsystem is to be inferred. */
  public String subsystem;
  public String entry;
  public String implib;
  public boolean nostdlib;
  public boolean nostartfiles;
  public boolean nodefaultlibs;
  public boolean strip;
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

  /** Informational queries answered without compiling: -dumpmachine, -dumpversion, --version. */
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
