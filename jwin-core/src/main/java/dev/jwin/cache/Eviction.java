package dev.jwin.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The size limit of a cache and its least-recently-used eviction. An entry's last use is its modification time
 * (set again when a lookup finds it, at most once a minute); when the entries take more than the limit, the oldest
 * are removed until they take 90% of it. Entries used within the last few minutes are never removed, so a build
 * running meanwhile keeps what it looked up. Removal is a rename into {@code tmp/} first (no reader sees half an
 * entry), then a delete; what a killed process left there is deleted by the next eviction.
 */
public final class Eviction {
  private Eviction() {}

  public static final long DEFAULT_MAX_SIZE = 5L << 30;
  /** How long after its last use an entry is safe from eviction, by default. */
  public static final long DEFAULT_MIN_AGE_MILLIS = 5 * 60_000;
  private static final long TOUCH_MILLIS = 60_000;

  /** "5G", "500M", "64k", "1.5GiB" or bytes. */
  public static long parseSize(String s) {
    String t = s.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
    long unit = 1;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'K' -> unit = 1L << 10;
        case 'M' -> unit = 1L << 20;
        case 'G' -> unit = 1L << 30;
        case 'T' -> unit = 1L << 40;
        default -> { }
      }
      if (unit != 1) t = t.substring(0, t.length() - 1);
    }
    try {
      double v = Double.parseDouble(t);
      if (v < 0 || Double.isNaN(v)) throw new NumberFormatException();
      return (long) (v * unit);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size: '" + s + "' (examples: 5G, 500M, 1048576)");
    }
  }

  /** {@code JWIN_CACHE_MAX_SIZE}, else what {@code jwin cache max-size} set (in {@code base/config}), else 5 GiB. */
  public static long maxSize(Path base, Map<String, String> env) {
    String v = env.get("JWIN_CACHE_MAX_SIZE");
    if (v == null || v.isEmpty()) v = configured(base);
    if (v == null) return DEFAULT_MAX_SIZE;
    try {
      return parseSize(v);
    } catch (IllegalArgumentException e) {
      return DEFAULT_MAX_SIZE;
    }
  }

  /** {@code JWIN_CACHE_EVICT_AGE} (seconds) in milliseconds, else {@link #DEFAULT_MIN_AGE_MILLIS}. */
  public static long minAgeMillis(Map<String, String> env) {
    try {
      String age = env.get("JWIN_CACHE_EVICT_AGE");
      if (age != null) return Long.parseLong(age.trim()) * 1000;
    } catch (NumberFormatException e) {
      // the default
    }
    return DEFAULT_MIN_AGE_MILLIS;
  }

  /** The {@code max-size} line of {@code base/config}, or null. */
  public static String configured(Path base) {
    try {
      for (String line : Files.readAllLines(base.resolve("config"), StandardCharsets.UTF_8))
        if (line.startsWith("max-size ")) return line.substring(9).trim();
    } catch (IOException e) {
      // none
    }
    return null;
  }

  public static void configure(Path base, String size) throws IOException {
    parseSize(size);
    Files.createDirectories(base);
    dev.jwin.io.AtomicFile.write(base.resolve("config"), ("max-size " + size.trim() + "\n").getBytes(StandardCharsets.UTF_8),
        false);
  }

  /** Marks an entry (a file or directory) as used now, unless it was within the last minute. */
  public static void touch(Path entry, BasicFileAttributes a) {
    long now = System.currentTimeMillis();
    if (now - a.lastModifiedTime().toMillis() < TOUCH_MILLIS) return;
    try {
      Files.setLastModifiedTime(entry, FileTime.fromMillis(now));
    } catch (IOException e) {
      // read-only cache: its entries age, only costs a rebuild after eviction
    }
  }

  /** What one eviction pass found and did. */
  public record Result(long bytesBefore, long bytesAfter, int evicted) {}

  private record Item(Path path, long bytes, long lastUse) {}

  /**
   * Counts the entries (each a file or directory in {@code entries}) and removes the least recently used until they
   * take at most 90% of {@code max}; null when another process is evicting already. {@code tmp} receives entries
   * on their way out.
   */
  public static synchronized Result evict(Path lockFile, List<Path> entries, Path tmp, long max, long minAgeMillis)
      throws IOException {
    Files.createDirectories(lockFile.getParent());
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = ch.tryLock();
      if (lock == null) return null;
      Files.createDirectories(tmp);
      removeTrash(tmp);
      List<Item> items = new ArrayList<>();
      long total = 0;
      for (Path e : entries) {
        long size = size(e);
        if (size < 0) continue;
        long used;
        try {
          used = Files.getLastModifiedTime(e).toMillis();
        } catch (IOException x) {
          continue;
        }
        items.add(new Item(e, size, used));
        total += size;
      }
      long before = total;
      int evicted = 0;
      if (total > max) {
        items.sort(Comparator.comparingLong(Item::lastUse).thenComparing(i -> i.path().toString()));
        long now = System.currentTimeMillis();
        long goal = max / 10 * 9;
        for (Item i : items) {
          if (total <= goal) break;
          if (now - i.lastUse() < minAgeMillis) break;
          Path trash = tmp.resolve("trash-" + i.path().getFileName() + "-" + System.nanoTime());
          try {
            Files.move(i.path(), trash, StandardCopyOption.ATOMIC_MOVE);
          } catch (NoSuchFileException e) {
            continue; // gone already
          }
          deleteQuietly(trash);
          total -= i.bytes();
          evicted++;
        }
      }
      return new Result(before, total, evicted);
    }
  }

  /**
   * Adds a run's hits, misses and added bytes to the counters of the cache under {@code base} ({@code cc/stats})
   * and, when the counted bytes exceed {@code max} (or were never counted), evicts the least recently used of
   * {@link #entries}. Every process that adds to the cache ends with this: {@code jwin cc} and {@code jwin libc}.
   */
  public static void account(Path base, long hits, long misses, long added, long max, long minAgeMillis)
      throws IOException {
    Path cc = base.resolve("cc");
    CacheStats stats = new CacheStats(cc);
    boolean counted = Files.exists(cc.resolve("stats"));
    Map<String, Long> now = stats.add(Map.of(CacheStats.HITS, hits, CacheStats.MISSES, misses, CacheStats.BYTES,
        added), null);
    if (counted && now.get(CacheStats.BYTES) <= max) return;
    Result r = evict(cc.resolve("evict.lock"), entries(base), cc.resolve("tmp"), max, minAgeMillis);
    if (r != null) stats.add(Map.of(CacheStats.EVICTIONS, (long) r.evicted()), r.bytesAfter());
  }

  /**
   * Everything jwin keeps under the cache directory {@code base}, as entries evicted whole: the compile cache's
   * objects, link results and libraries ({@code cc/v1}), its manifests, no-op records (Java's and the launcher's)
   * and clang's search lists, the runtime builds and downloaded sources of {@link Cache} ({@code entries/}), and
   * staging directories a killed process left (older than a day).
   */
  static List<Path> entries(Path base) throws IOException {
    List<Path> all = new ArrayList<>();
    Path cc = base.resolve("cc");
    for (Path dir : List.of(cc.resolve("v1"), cc.resolve("noop"), base.resolve("entries"))) list(dir, true, all);
    for (Path dir : List.of(cc.resolve("manifests"), cc.resolve("noop-sh"), cc.resolve("search"))) {
      list(dir, false, all);
    }
    long dayAgo = System.currentTimeMillis() - 86_400_000;
    for (Path dir : List.of(cc.resolve("tmp"), base.resolve("tmp"))) {
      List<Path> left = new ArrayList<>();
      list(dir, false, left);
      for (Path p : left) {
        try {
          if (!p.getFileName().toString().startsWith("trash-") && Files.getLastModifiedTime(p).toMillis() < dayAgo)
            all.add(p);
        } catch (IOException e) {
          // gone
        }
      }
    }
    return all;
  }

  /** The entries of {@code dir} (of its two-letter subdirectories when {@code fanned}), but files being written. */
  private static void list(Path dir, boolean fanned, List<Path> out) throws IOException {
    if (!Files.isDirectory(dir)) return;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (fanned && Files.isDirectory(p)) {
          try (Stream<Path> t = Files.list(p)) {
            t.forEach(out::add);
          }
        } else if (!p.getFileName().toString().endsWith(".tmp")) {
          out.add(p);
        }
      }
    }
  }

  /** Bytes in a file or directory tree; -1 when it went away meanwhile. */
  private static long size(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      long n = 0;
      for (Path f : (Iterable<Path>) s::iterator) {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        if (a.isRegularFile()) n += a.size();
      }
      return n;
    } catch (IOException | java.io.UncheckedIOException e) {
      return -1;
    }
  }

  /** Entries on their way out that a killed process left behind. */
  private static void removeTrash(Path tmp) throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      for (Path p : (Iterable<Path>) s::iterator)
        if (p.getFileName().toString().startsWith("trash-")) deleteQuietly(p);
    }
  }

  private static void deleteQuietly(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        try {
          Files.deleteIfExists(f);
        } catch (IOException e) {
          // someone else is deleting it too
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // gone
    }
  }
}
