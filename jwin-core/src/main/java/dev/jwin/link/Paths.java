package dev.jwin.link;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Finding input files and libraries along -LIBPATH, as lld-link does. */
final class Paths {
  private Paths() {}

  /** Key for -NODEFAULTLIB comparisons: lower-case file name without a ".lib" extension. */
  static String libKey(String name) {
    // The last path component, by hand: a name such as "/" or one Path rejects is still a key.
    String n = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).toLowerCase(Locale.ROOT);
    return n.endsWith(".lib") ? n.substring(0, n.length() - 4) : n;
  }

  /**
   * An input named on the command line: as given, else searched along the library paths; relative to {@code cwd}
   * (the result stays relative, as messages name it).
   */
  static Path findFile(String name, List<String> libPaths, Path cwd) {
    Path p = Path.of(name);
    // java.io's exists: NIO's costs a short link the set-up of its native dispatcher.
    if (p.isAbsolute() || cwd.resolve(p).toFile().exists()) return p;
    for (String dir : libPaths) {
      Path q = Path.of(dir).resolve(name);
      if (cwd.resolve(q).toFile().exists()) return q;
    }
    return null;
  }

  /** A default library: "foo" means "foo.lib"; under mingw also "libfoo.a" and "foo.a". */
  static Path findLib(String name, List<String> libPaths, boolean mingw, Path cwd) {
    boolean hasExt = name.contains(".");
    Path p = findFile(hasExt ? name : name + ".lib", libPaths, cwd);
    if (p != null) return p;
    if (mingw) {
      String base = name.toLowerCase(Locale.ROOT).endsWith(".lib") ? name.substring(0, name.length() - 4) : name;
      for (String cand : new String[] {"lib" + base + ".a", base + ".a", "lib" + base + ".dll.a", base}) {
        p = findFile(cand, libPaths, cwd);
        if (p != null) return p;
      }
    }
    return null;
  }
}
