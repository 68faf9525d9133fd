package dev.jwin.cache;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code jwin cache info|clean|verify|max-size [SIZE]}: shows, empties or checks the build cache, or shows or sets
 * the size limit of the compile cache ({@code JWIN_CACHE_MAX_SIZE} overrides it).
 */
public final class CacheCommand {
  private CacheCommand() {}

  /** The remote cache's setting and what it did, summed over every run that used this local cache. */
  private static void remoteInfo(Map<String, String> env, java.nio.file.Path root, PrintStream out) {
    String url = RemoteCache.setting(env, null);
    RemoteCache remote = url == null ? null : RemoteCache.open(env, null, out);
    out.println("remote: " + (remote == null ? "none" : remote.describe()));
    if (remote != null) {
      remote.close();
    }
    RemoteStats s = RemoteStats.read(root);
    if (!s.isEmpty()) {
      out.printf("remote (all runs): %d hits, %d misses, %.1f MiB down, %.1f MiB up (%d entries), %d errors,"
          + " %d corrupt%n", s.hits(), s.misses(), s.bytesDown() / 1048576.0, s.bytesUp() / 1048576.0, s.uploads(),
          s.errors(), s.corrupt());
    }
  }

  public static int main(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    boolean maxSize = args.length >= 1 && args.length <= 2 && args[0].equals("max-size");
    if (!maxSize && (args.length != 1 || !List.of("info", "clean", "verify").contains(args[0]))) {
      err.println("jwin: error: usage: jwin cache info|clean|verify|max-size [SIZE]");
      return 1;
    }
    Path base = Cache.defaultRoot(env).toAbsolutePath();
    Cache cache = new Cache(base);
    try {
      switch (args[0]) {
        case "max-size" -> {
          if (args.length == 2) {
            try {
              Eviction.configure(base, args[1]);
            } catch (IllegalArgumentException e) {
              err.println("jwin: error: " + e.getMessage());
              return 1;
            }
          }
          out.println("max-size: " + Eviction.maxSize(base, env) + " bytes");
        }
        case "info" -> {
          Cache.Info i = cache.info();
          out.println("cache: " + i.root());
          out.printf("entries: %d (%.1f MiB)%n", i.entries(), i.bytes() / 1048576.0);
          i.byKind().forEach((kind, n) -> out.println("  " + kind + ": " + n));
          Map<String, Long> cc = new CacheStats(base.resolve("cc")).read();
          out.printf("compile cache: %.1f MiB of %.1f MiB; hits %d, misses %d, evictions %d%n",
              cc.get(CacheStats.BYTES) / 1048576.0, Eviction.maxSize(base, env) / 1048576.0, cc.get(CacheStats.HITS),
              cc.get(CacheStats.MISSES), cc.get(CacheStats.EVICTIONS));
          if (i.temporary() > 0) {
            out.println("temporary: " + i.temporary() + " (builds in progress or interrupted)");
          }
          remoteInfo(env, cache.root(), out);
        }
        case "clean" -> {
          cache.clean();
          Cache.deleteTree(base.resolve("cc")); // the compile cache, its counters and no-op records
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
