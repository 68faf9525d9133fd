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
import java.util.Optional;

/**
 * A Debian source package's upstream tarball, fetched with {@code apt-get source --download-only}
 * into a temporary cache directory and partly unpacked with {@code tar} into one cache entry (a
 * {@code deb-src} entry is added and {@code apt-get update} run when apt cannot find the package).
 */
final class DebianSource {
  private DebianSource() {}

  /**
   * The cache entry holding {@code members} (paths inside {@code tarball}) of package {@code pkg}'s
   * upstream sources, fetched and unpacked on first use.
   */
  static Path fetch(Cache cache, String pkg, String version, String tarball, List<String> members, PrintStream err)
      throws LibcException {
    String key = new CacheKey(pkg + "-source").add("package", pkg).add("version", version).hex();
    Optional<Cache.Entry> hit = cache.lookup(key);
    if (hit.isPresent()) {
      return hit.get().dir();
    }
    String what = "the " + pkg + " " + version + " sources";
    try {
      return cache.get(key, "source " + pkg + " " + version, dir -> {
        err.println("jwin: fetching the " + pkg + " " + version + " source package (apt-get source --download-only " + pkg + ")");
        Path download = Files.createDirectories(dir.resolve("download"));
        List<String> get = List.of("apt-get", "source", "--download-only", pkg);
        Result r = run(get, download, what);
        if (r.code != 0) {
          // No deb-src entry, or package lists older than the entry: add what is missing, update, try again.
          if (r.output.contains("deb-src")) {
            addDebSrc(err);
          }
          err.println("jwin: running apt-get update");
          Result u = run(List.of("apt-get", "update", "-qq"), Path.of("/"), what);
          if (u.code != 0) {
            // One failed index (a mirror in the middle of a sync) need not keep the source list from updating.
            err.println("jwin: warning: apt-get update: " + lastLine(u.output) + "; trying the lists apt has");
          }
          r = run(get, download, what);
        }
        if (r.code != 0) {
          throw new LibcException("apt-get source " + pkg + " failed: " + lastLine(r.output) + "; fetch " + what
              + " yourself and pass their directory");
        }
        Path file = download.resolve(tarball);
        if (!Files.isRegularFile(file)) {
          throw new LibcException("apt-get source " + pkg + " did not download " + tarball + " (found " + list(download)
              + "); fetch " + what + " yourself and pass their directory");
        }
        List<String> tar = new ArrayList<>(List.of("tar", "-xf", file.toString(), "-C", dir.toString()));
        tar.addAll(members);
        Result x = run(tar, dir, what);
        if (x.code != 0) {
          throw new LibcException("cannot unpack " + tarball + ": " + lastLine(x.output));
        }
        Cache.deleteTree(download);
        return new Cache.Built(List.of(), false);
      }).dir();
    } catch (IOException e) {
      throw new LibcException("cannot fetch " + what + " into " + cache.root() + ": " + e.getMessage());
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

  private static Result run(List<String> cmd, Path dir, String what) throws LibcException {
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(p.waitFor(), out);
    } catch (IOException e) {
      throw new LibcException("cannot run " + cmd.getFirst() + ": " + e.getMessage() + " (jwin fetches " + what
          + " with Debian's apt; elsewhere fetch them yourself and pass their directory)");
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
