package dev.jwin.libc;

import dev.jwin.cache.Cache;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The mingw-w64 source tree (headers and CRT) jwin builds from: {@code --mingw-src DIR}, else
 * {@code JWIN_MINGW_SRC}, else Debian's source package fetched into the cache with
 * {@code apt-get source --download-only mingw-w64} (a {@code deb-src} entry is added when missing).
 */
record MingwSource(Path root) {
  static final String VERSION = "10.0.0";
  private static final String TOP = "mingw-w64-v" + VERSION;

  Path crtDir() {
    return root.resolve("mingw-w64-crt");
  }

  Path headersDir() {
    return root.resolve("mingw-w64-headers");
  }

  /** Finds the tree, fetching it into the cache when no directory was given. */
  static MingwSource locate(String option, Map<String, String> env, Cache cache, PrintStream err) throws LibcException {
    String dir = option != null ? option : env.get("JWIN_MINGW_SRC");
    if (dir != null && !dir.isEmpty()) {
      return check(Path.of(dir).toAbsolutePath().normalize(), option != null ? "--mingw-src" : "JWIN_MINGW_SRC");
    }
    return check(fetch(cache, err), "the fetched source package");
  }

  /** A directory that has what jwin needs, or a message saying what is missing and what to do. */
  static MingwSource check(Path dir, String origin) throws LibcException {
    if (!Files.isDirectory(dir)) {
      throw new LibcException(origin + ": " + dir + " is not a directory (give the top of a mingw-w64 source tree)");
    }
    for (String need : List.of("mingw-w64-crt/Makefile.am", "mingw-w64-crt/crt/crtexe.c", "mingw-w64-crt/lib-common",
        "mingw-w64-headers/crt/_mingw.h.in", "mingw-w64-headers/include/windows.h")) {
      if (!Files.exists(dir.resolve(need))) {
        throw new LibcException(origin + ": " + dir + " is not a complete mingw-w64 source tree (missing " + need
            + "); point it at the top directory of the mingw-w64 " + VERSION + " sources, or unset it to let jwin fetch them");
      }
    }
    return new MingwSource(dir);
  }

  static Path fetch(Cache cache, PrintStream err) throws LibcException {
    return DebianSource.fetch(cache, "mingw-w64", VERSION, "mingw-w64_" + VERSION + ".orig.tar.bz2",
        List.of(TOP + "/mingw-w64-headers", TOP + "/mingw-w64-crt"), err).resolve(TOP);
  }

}
