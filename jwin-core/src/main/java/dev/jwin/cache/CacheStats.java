package dev.jwin.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters kept beside a cache directory ({@code stats}: hits, misses, evictions, and the bytes the entries take as
 * last counted plus what was added since). A process adds what it did once, at its end, under a lock; the file is
 * replaced by a rename, so a process killed at any moment loses at most its own counts, never the file.
 */
public final class CacheStats {
  public static final String HITS = "hits";
  public static final String MISSES = "misses";
  public static final String EVICTIONS = "evictions";
  public static final String BYTES = "bytes";

  private final Path file;

  public CacheStats(Path dir) {
    this.file = dir.resolve("stats");
  }

  /** The counters now (zero when none were kept yet). */
  public Map<String, Long> read() {
    Map<String, Long> m = new TreeMap<>();
    for (String k : new String[] {HITS, MISSES, EVICTIONS, BYTES}) m.put(k, 0L);
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int sp = line.indexOf(' ');
        if (sp > 0) m.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1)));
      }
    } catch (NoSuchFileException e) {
      // nothing counted yet
    } catch (IOException | NumberFormatException e) {
      // a damaged file starts again from zero
    }
    return m;
  }

  /** Adds {@code deltas} to the counters; with {@code bytes} non-null, the byte count is set to it first. */
  public Map<String, Long> add(Map<String, Long> deltas, Long bytes) throws IOException {
    Files.createDirectories(file.getParent());
    // The file lock keeps other processes out, the monitor other threads of this one (which the lock does not).
    synchronized (CacheStats.class) {
      return addLocked(deltas, bytes);
    }
  }

  private Map<String, Long> addLocked(Map<String, Long> deltas, Long bytes) throws IOException {
    try (FileChannel lock = FileChannel.open(file.resolveSibling("stats.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); var held = lock.lock()) {
      Map<String, Long> m = read();
      if (bytes != null) m.put(BYTES, bytes);
      deltas.forEach((k, v) -> m.merge(k, v, Long::sum));
      if (m.get(BYTES) < 0) m.put(BYTES, 0L);
      StringBuilder b = new StringBuilder();
      m.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
      dev.jwin.io.AtomicFile.write(file, b.toString().getBytes(StandardCharsets.UTF_8), false);
      return m;
    }
  }
}
