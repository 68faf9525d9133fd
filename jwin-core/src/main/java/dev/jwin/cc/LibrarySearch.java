package dev.jwin.cc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** GNU ld's mingw rules for finding {@code -lname} in one directory. */
final class LibrarySearch {
  private LibrarySearch() {}

  /**
   * With -Bdynamic an import library ({@code .dll.a}) wins over a static one, as with ld.lld -m i386pep; a DLL
   * itself comes last, as with GNU ld. A relative {@code dir} is relative to {@code cwd} (and so is the result).
   */
  static Optional<Path> inDirectory(Path dir, String name, boolean staticLink, Path cwd) {
    if (name.startsWith(":")) {
      Path p = dir.resolve(name.substring(1));
      return Files.isRegularFile(cwd.resolve(p)) ? Optional.of(p) : Optional.empty();
    }
    List<String> candidates = staticLink
        ? List.of("lib" + name + ".a", name + ".lib")
        : List.of("lib" + name + ".dll.a", name + ".dll.a", "lib" + name + ".a", "lib" + name + ".lib", name + ".lib",
            "lib" + name + ".dll", name + ".dll");
    for (String c : candidates) {
      Path p = dir.resolve(c);
      if (Files.isRegularFile(cwd.resolve(p))) return Optional.of(p);
    }
    return Optional.empty();
  }
}
