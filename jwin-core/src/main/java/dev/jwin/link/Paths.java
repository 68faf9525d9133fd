package dev.jwin.link;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Finding input files and libraries along -LIBPATH, as lld-link does. */
final class Paths {
  private Paths() {}

  /** Key for -NODEFAULTLIB comparisons: lower-case file name without a ".lib" extension. */
  static String libKey(String name) {
    String n = Path.of(name).getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".lib") ? n.substring(0, n.length() - 4) : n;
  }

  /** An input named on the command line: as given, else searched along the library paths. */
  static Path findFile(String name, List<String> libPaths) {
    Path p = Path.of(name);
    if (p.isAbsolute() || Files.exists(p)) return p;
    for (String dir : libPaths) {
      Path q = Path.of(dir).resolve(name);
      if (Files.exists(q)) return q;
    }
    return null;
  }

  /** A default library: "foo" means "foo.lib"; under mingw also "libfoo.a" and "foo.a". */
  static Path findLib(String name, List<String> libPaths, boolean mingw) {
    boolean hasExt = name.contains(".");
    Path p = findFile(hasExt ? name : name + ".lib", libPaths);
    if (p != null) return p;
    if (mingw) {
      String base = name.toLowerCase(Locale.ROOT).endsWith(".lib") ? name.substring(0, name.length() - 4) : name;
      for (String cand : new String[] {"lib" + base + ".a", base + ".a", "lib" + base + ".dll.a", base}) {
        p = findFile(cand, libPaths);
        if (p != null) return p;
      }
    }
    return null;
  }
}
