package dev.jwin.cc;

import dev.jwin.libc.LibcException;
import dev.jwin.libc.LibcCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * compiler-rt's builtins, built from source by {@code jwin libc compiler-rt}: the compiler support
 * library with {@code -rtlib=compiler-rt} (in place of libgcc), and for freestanding code (UEFI,
 * {@code -ffreestanding -nostdlib}) together with jwin's memcpy/memmove/memset/memcmp, as Zig links
 * its compiler-rt into every freestanding binary.
 */
final class CompilerRt implements Runtime {
  private final Runtime base;
  private final Target target;
  private final Map<String, String> env;
  private final PrintStream err;
  private final String name;

  private CompilerRt(Runtime base, Target target, Map<String, String> env, PrintStream err) throws CcException {
    this.base = base;
    this.target = target;
    this.env = env;
    this.err = err;
    this.name = libraryName(target);
  }

  /** {@code base} with compiler-rt's builtins in place of libgcc on the link line. */
  static Runtime replacingLibgcc(Runtime base, Target target, Map<String, String> env, PrintStream err)
      throws CcException {
    return new CompilerRt(base, target, env, err);
  }

  /** The -l name of the builtins library for {@code target} ({@code clang_rt.builtins-x86_64}). */
  static String libraryName(Target target) throws CcException {
    try {
      return LibcCommand.compilerRtLibrary(libcTarget(target));
    } catch (LibcException e) {
      throw new CcException(e.getMessage());
    }
  }

  /** The builtins archive and the freestanding archive for {@code target}, built on first use. */
  static List<Path> archives(Target target, Map<String, String> env, PrintStream err) throws CcException {
    try {
      return LibcCommand.compilerRtArchives(libcTarget(target), env, dev.jwin.Version.get(), err);
    } catch (LibcException e) {
      throw JwinRuntime.failed(e, err, "compiler-rt", "compiler-rt --target " + libcTarget(target));
    }
  }

  /** COFF objects are the same for every ABI of a machine: the windows-gnu build serves UEFI and msvc too. */
  private static String libcTarget(Target target) {
    return target.arch().tripleArch + "-windows-gnu";
  }

  @Override
  public List<String> runtimeLibraries(boolean cxx, boolean staticLink) {
    List<String> libs = new ArrayList<>();
    for (String l : base.runtimeLibraries(cxx, staticLink)) {
      // libgcc_eh is the unwinder C++ needs; plain C needs neither it nor libgcc.
      if (l.equals("gcc")) {
        if (!libs.contains(name)) libs.add(name);
      } else if (!(l.equals("gcc_eh") && !cxx)) {
        libs.add(l);
      }
    }
    return libs;
  }

  @Override
  public List<Path> library(String lib, boolean staticLink) throws CcException {
    if (lib.equals(name)) return List.of(archives(target, env, err).getFirst());
    return base.library(lib, staticLink);
  }

  @Override
  public String describe() {
    return base.describe() + " with compiler-rt's builtins";
  }

  @Override
  public List<Path> includeDirs(boolean cxx) {
    return base.includeDirs(cxx);
  }

  @Override
  public List<String> defines() {
    return base.defines();
  }

  @Override
  public List<Path> libDirs() {
    return base.libDirs();
  }

  @Override
  public Optional<Path> crtObject(String crt) throws CcException {
    return base.crtObject(crt);
  }

  @Override
  public String cacheIdentity() {
    return base.cacheIdentity() + " rtlib=compiler-rt";
  }
}
