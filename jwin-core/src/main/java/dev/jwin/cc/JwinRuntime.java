package dev.jwin.cc;

import dev.jwin.Version;
import dev.jwin.libc.LibcCommand;
import dev.jwin.libc.LibcException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * jwin's own mingw-w64 runtime, built from source by {@code jwin libc} into the cache on first use
 * (a few minutes once; then a stat check). Import libraries for other system DLLs ({@code -lws2_32})
 * are made on demand the same way. C++ headers and libstdc++ still come from gcc-mingw-w64 when
 * installed.
 */
final class JwinRuntime implements Runtime {
  private final Target target;
  private final Map<String, String> env;
  private final PrintStream err;
  private final Path dir;
  /** compiler-rt's builtins library when the runtime has it in place of libgcc (aarch64, armv7), else null. */
  private final String builtins;

  private JwinRuntime(Target target, Map<String, String> env, PrintStream err, Path dir) throws CcException {
    this.target = target;
    this.env = env;
    this.err = err;
    this.dir = dir;
    this.builtins = Files.isRegularFile(dir.resolve("lib").resolve("libgcc.a")) ? null : CompilerRt.libraryName(target);
  }

  /** The runtime for {@code target}, building it first when the cache does not have it. */
  static JwinRuntime open(Target target, Map<String, String> env, PrintStream err) throws CcException {
    try {
      return new JwinRuntime(target, env, err, LibcCommand.runtimeDir(target.toString(), env, Version.get(), err));
    } catch (LibcException e) {
      throw failed(e, err, "mingw-w64 runtime", "path --target " + target);
    }
  }

  /** Reports {@code e} as {@code jwin libc} does and names the libc command that failed. */
  static CcException failed(LibcException e, PrintStream err, String what, String command) {
    e.report(err);
    return new CcException("cannot get jwin's " + what + " (jwin libc " + command + " failed)");
  }

  @Override
  public String describe() {
    return "jwin's mingw-w64 runtime " + dir;
  }

  /** gcc-mingw-w64's directory (libstdc++ headers and archives), if installed. */
  private Optional<Path> gccDir() {
    return Optional.ofNullable(MingwInstallation.gccDir(Path.of("/usr/lib/gcc").resolve(target.mingwTriple())));
  }

  @Override
  public List<Path> includeDirs(boolean cxx) {
    List<Path> dirs = new ArrayList<>();
    // libstdc++ is not part of jwin's runtime yet: C++ takes gcc-mingw-w64's headers when present.
    if (cxx) gccDir().ifPresent(g -> dirs.addAll(MingwInstallation.libstdcxxIncludes(g, target)));
    dirs.add(dir.resolve("include"));
    return dirs;
  }

  @Override
  public List<Path> libDirs() {
    List<Path> dirs = new ArrayList<>(List.of(dir.resolve("lib")));
    gccDir().ifPresent(dirs::add);
    return dirs;
  }

  @Override
  public Optional<Path> crtObject(String name) {
    Path p = dir.resolve("lib").resolve(name);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  @Override
  public List<String> runtimeLibraries(boolean cxx, boolean staticLink) {
    List<String> libs = new ArrayList<>();
    if (cxx) libs.add("stdc++");
    // Targets without a libgcc.a (aarch64, armv7) have compiler-rt's builtins in the runtime instead.
    libs.add("mingw32");
    libs.addAll(builtins != null ? List.of(builtins) : List.of("gcc", "gcc_eh"));
    libs.addAll(List.of("moldname", "mingwex", "msvcrt"));
    return libs;
  }

  @Override
  public List<Path> library(String name, boolean staticLink) throws CcException {
    for (Path d : libDirs()) {
      Optional<Path> p = LibrarySearch.inDirectory(d, name, staticLink, Path.of(""));
      if (p.isPresent()) return List.of(p.get());
    }
    if (name.equals("stdc++") || name.equals("gcc_s")) return List.of();
    // A system DLL's import library, made from mingw-w64's .def on first use.
    try {
      return List.of(LibcCommand.library(target.toString(), name, env, Version.get(), err));
    } catch (LibcException e) {
      throw failed(e, err, "mingw-w64 runtime", "lib --target " + target + " -l" + name);
    }
  }

  @Override
  public String cacheIdentity() {
    return "jwin-libc " + dir;
  }
}
