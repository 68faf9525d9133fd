package dev.jwin.cache;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code jwin cache info|clean|verify}: shows, empties or checks the build cache. */
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
          remoteInfo(env, cache.root(), out);
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
