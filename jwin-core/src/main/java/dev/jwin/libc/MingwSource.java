package dev.jwin.libc;

import dev.jwin.cache.Cache;
import dev.jwin.cache.CacheKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    String key = new CacheKey("mingw-w64-source").add("package", "mingw-w64").add("version", VERSION).hex();
    Optional<Cache.Entry> hit = cache.lookup(key);
    if (hit.isPresent()) {
      return hit.get().dir().resolve(TOP);
    }
    try {
      return cache.get(key, "source mingw-w64 " + VERSION, dir -> {
        err.println("jwin: fetching the mingw-w64 " + VERSION + " source package (apt-get source --download-only mingw-w64)");
        Path download = Files.createDirectories(dir.resolve("download"));
        Result r = run(List.of("apt-get", "source", "--download-only", "mingw-w64"), download);
        if (r.code != 0) {
          // No deb-src entry, or package lists older than the entry: add what is missing, update, try again.
          if (r.output.contains("deb-src")) {
            addDebSrc(err);
          }
          err.println("jwin: running apt-get update");
          Result u = run(List.of("apt-get", "update", "-qq"), Path.of("/"));
          if (u.code != 0) {
            // One failed index (a mirror in the middle of a sync) need not keep the source list from updating.
            err.println("jwin: warning: apt-get update: " + lastLine(u.output) + "; trying the lists apt has");
          }
          r = run(List.of("apt-get", "source", "--download-only", "mingw-w64"), download);
        }
        if (r.code != 0) {
          throw new LibcException("apt-get source mingw-w64 failed: " + lastLine(r.output)
              + "; fetch the sources yourself and pass --mingw-src DIR");
        }
        Path tarball = download.resolve("mingw-w64_" + VERSION + ".orig.tar.bz2");
        if (!Files.isRegularFile(tarball)) {
          throw new LibcException("apt-get source mingw-w64 did not download version " + VERSION + " (found "
              + list(download) + "); fetch mingw-w64 " + VERSION + " yourself and pass --mingw-src DIR");
        }
        Result x = run(List.of("tar", "-xjf", tarball.toString(), "-C", dir.toString(), TOP + "/mingw-w64-headers",
            TOP + "/mingw-w64-crt"), dir);
        if (x.code != 0) {
          throw new LibcException("cannot unpack " + tarball.getFileName() + ": " + lastLine(x.output));
        }
        Cache.deleteTree(download);
        return new Cache.Built(List.of(), false);
      }).dir().resolve(TOP);
    } catch (IOException e) {
      throw new LibcException("cannot fetch the mingw-w64 sources into " + cache.root() + ": " + e.getMessage());
    }
  }

  /** Adds a deb-src entry mirroring the system's Debian suites (root only). */
  private static void addDebSrc(PrintStream err) throws LibcException, IOException {
    String codename = "bookworm";
    Path osRelease = Path.of("/etc/os-release");
    if (Files.exists(osRelease)) {
      for (String l : Files.readAllLines(osRelease)) {
        if (l.startsWith("VERSION_CODENAME=") && l.length() > 17) {
          codename = l.substring(17).replace("\"", "");
        }
      }
    }
    Path file = Path.of("/etc/apt/sources.list.d/jwin-deb-src.sources");
    String entry = "Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: " + codename + " " + codename
        + "-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n";
    err.println("jwin: adding a deb-src entry (" + file + ")");
    try {
      Files.writeString(file, entry, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LibcException("apt has no deb-src entry and jwin cannot add one (" + e.getMessage()
          + "): as root, add 'deb-src' to the Types of /etc/apt/sources.list.d/debian.sources and run apt-get update");
    }
  }

  private record Result(int code, String output) {}

  private static Result run(List<String> cmd, Path dir) throws LibcException {
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(p.waitFor(), out);
    } catch (IOException e) {
      throw new LibcException("cannot run " + cmd.getFirst() + ": " + e.getMessage()
          + " (jwin fetches the mingw-w64 sources with Debian's apt; elsewhere pass --mingw-src DIR)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LibcException("interrupted while running " + cmd.getFirst());
    }
  }

  private static String lastLine(String s) {
    String[] lines = s.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1];
  }

  private static String list(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(p -> names.add(p.getFileName().toString()));
    }
    return names.isEmpty() ? "nothing" : String.join(", ", names);
  }
}
