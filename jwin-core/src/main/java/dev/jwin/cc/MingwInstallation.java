package dev.jwin.cc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A prebuilt mingw-w64 runtime as Debian installs it ({@code /usr/x86_64-w64-mingw32/{include,lib}} and
 * gcc-mingw-w64's {@code /usr/lib/gcc/x86_64-w64-mingw32/12-posix} or {@code 12-win32}, by thread model): the
 * fallback until jwin's own runtime is available, and the source of libstdc++ and libgcc for C++ and for compiler
 * support routines. With mingw-w64's sources at hand ({@code JWIN_MINGW_CRT_SRC}), system import libraries
 * that no -L directory has are generated from their .def files instead of taken from the installation.
 */
final class MingwInstallation implements Runtime {
  /** Archives with static code (runtime, compiler support, C++), never replaced by a generated import library. */
  private static final Set<String> RUNTIME_ARCHIVES = Set.of("mingw32", "mingwex", "msvcrt", "msvcrt-os", "ucrt",
      "ucrtbase", "moldname", "mingwthrd", "uuid", "gcc", "gcc_eh", "gcc_s", "stdc++", "supc++", "pthread",
      "winpthread", "ssp", "ssp_nonshared", "quadmath", "m", "dxguid", "strmiids", "ksuser", "ksguid", "largeint",
      "dloadhelper", "delayimp", "dmoguids", "wbemuuid", "amstrmid", "mfuuid", "portabledeviceguids", "sensorsapi",
      "locationapi", "gmon");

  /** Import libraries that mingw-w64 builds with a few static objects too (intrinsics, in6addr_* constants). */
  private static final Set<String> WITH_STATIC_EXTRAS = Set.of("kernel32", "ws2_32");

  private final Target target;
  private final Path root;
  private final Path gccDir;
  private final DefImportLibraries defs;
  private final String threadModel;

  private MingwInstallation(Target target, Path root, Path gccDir, DefImportLibraries defs) {
    this.target = target;
    this.root = root;
    this.gccDir = gccDir;
    this.defs = defs;
    this.threadModel = gccDir != null && gccDir.getFileName().toString().endsWith("-posix") ? "posix" : "win32";
  }

  /**
   * The installation for {@code target} under {@code prefix} (normally {@code /usr}) with gcc-mingw-w64's
   * libraries for {@code threadModel} ({@code posix} or {@code win32}); empty when absent.
   */
  static Optional<MingwInstallation> find(Target target, Path prefix, DefImportLibraries defs, String threadModel) {
    Path root = prefix.resolve(target.mingwTriple());
    if (!Files.isRegularFile(root.resolve("lib/crt2.o"))) return Optional.empty();
    return Optional.of(new MingwInstallation(target, root, gccDir(prefix.resolve("lib/gcc").resolve(
        target.mingwTriple()), threadModel), defs));
  }

  /** gcc-mingw-w64's library directory, preferring the win32 thread model. */
  static Path gccDir(Path base) {
    return gccDir(base, "win32");
  }

  /** gcc-mingw-w64's library directory for a thread model ({@code 12-posix}), else the newest one there is. */
  static Path gccDir(Path base, String threadModel) {
    if (!Files.isDirectory(base)) return null;
    List<Path> dirs = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(base)) {
      for (Path p : ds) if (Files.isRegularFile(p.resolve("libgcc.a"))) dirs.add(p);
    } catch (IOException e) {
      return null;
    }
    dirs.sort(null);
    for (Path p : dirs) if (p.getFileName().toString().endsWith("-" + threadModel)) return p;
    return dirs.isEmpty() ? null : dirs.getLast();
  }

  @Override
  public String describe() {
    return "mingw-w64 installation " + root + (gccDir != null ? " with gcc libraries " + gccDir : "");
  }

  @Override
  public List<Path> includeDirs(boolean cxx) {
    List<Path> dirs = new ArrayList<>();
    if (cxx && gccDir != null) dirs.addAll(libstdcxxIncludes(gccDir, target));
    dirs.add(root.resolve("include"));
    return dirs;
  }

  /** libstdc++'s header directories inside gcc-mingw-w64's directory. */
  static List<Path> libstdcxxIncludes(Path gccDir, Target target) {
    Path cxxDir = gccDir.resolve("include/c++");
    return List.of(cxxDir, cxxDir.resolve(target.mingwTriple()), cxxDir.resolve("backward"));
  }

  @Override
  public List<Path> libDirs() {
    List<Path> dirs = new ArrayList<>();
    if (gccDir != null) dirs.add(gccDir);
    dirs.add(root.resolve("lib"));
    return dirs;
  }

  @Override
  public Optional<Path> crtObject(String name) {
    for (Path dir : libDirs()) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  /**
   * gcc's ABI for code that links gcc-mingw-w64's libgcc and libstdc++: thread-local variables are emulated
   * ({@code __emutls_v.*}, as libstdc++'s {@code std::call_once} state is exported), and type_info comparison is
   * the library's out-of-line one (its static archive defines it; an inline copy would be a duplicate).
   */
  @Override
  public List<String> defines() {
    return gccDir == null ? List.of() : List.of("-femulated-tls", "-D__GXX_TYPEINFO_EQUALITY_INLINE=0");
  }

  @Override
  public String threadModel() {
    return threadModel;
  }

  /** gcc-mingw-w64's directory with libgcc, libstdc++ and their DLLs; null when gcc-mingw-w64 is absent. */
  Path gccDir() {
    return gccDir;
  }

  @Override
  public List<String> runtimeLibraries(boolean cxx, boolean staticLink) {
    List<String> libs = new ArrayList<>();
    if (cxx) libs.add("stdc++");
    libs.add("mingw32");
    if (cxx && !staticLink) libs.addAll(List.of("gcc_s", "gcc"));
    else libs.addAll(List.of("gcc", "gcc_eh"));
    libs.addAll(List.of("moldname", "mingwex", "msvcrt"));
    return libs;
  }

  @Override
  public List<Path> library(String name, boolean staticLink) throws CcException {
    List<Path> found = new ArrayList<>();
    if (defs != null && !RUNTIME_ARCHIVES.contains(name)) {
      Optional<Path> generated = defs.library(name);
      if (generated.isPresent()) {
        found.add(generated.get());
        if (!WITH_STATIC_EXTRAS.contains(name)) return found;
      }
    }
    for (Path dir : libDirs()) {
      Optional<Path> p = LibrarySearch.inDirectory(dir, name, staticLink, Path.of(""));
      if (p.isPresent()) {
        found.add(p.get()); // after a generated import library: supplies only the static extras then
        break;
      }
    }
    return found;
  }

  @Override
  public String cacheIdentity() {
    return "mingw " + root + " " + gccDir;
  }
}
