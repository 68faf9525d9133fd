package dev.jwin.cache;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code jwin cache info|clean|verify}: shows, empties or checks the build cache. */
public final class CacheCommand {
  private CacheCommand() {}

  public static int main(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length != 1 || !List.of("info", "clean", "verify").contains(args[0])) {
      err.println("jwin: error: usage: jwin cache info|clean|verify");
      return 1;
    }
    Cache cache = new Cache(Cache.defaultRoot(env));
    try {
      switch (args[0]) {
        case "info" -> {
          Cache.Info i = cache.info();
          out.println("cache: " + i.root());
          out.printf("entries: %d (%.1f MiB)%n", i.entries(), i.bytes() / 1048576.0);
          i.byKind().forEach((kind, n) -> out.println("  " + kind + ": " + n));
          if (i.temporary() > 0) {
            out.println("temporary: " + i.temporary() + " (builds in progress or interrupted)");
          }
        }
        case "clean" -> {
          cache.clean();
          out.println("cache: removed every entry in " + cache.root());
        }
        default -> {
          List<String> bad = cache.verify();
          for (String b : bad) {
            out.println("corrupt (removed): " + b);
          }
          out.println("cache: " + (bad.isEmpty() ? "all entries intact" : bad.size() + " corrupt entries removed"));
        }
      }
      return 0;
    } catch (IOException e) {
      err.println("jwin: error: cache " + cache.root() + ": " + e.getMessage());
      return 1;
    }
  }
}
