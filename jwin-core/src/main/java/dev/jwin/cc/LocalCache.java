package dev.jwin.cc;

import dev.jwin.cache.CacheStats;
import dev.jwin.cache.Eviction;
import dev.jwin.cache.RemoteCache;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A minimal content-addressed directory cache: {@code $JWIN_CACHE_DIR/cc/v1/ab/abcdef...}, entries
 * published by an atomic rename from a staging directory on the same file system. Two processes
 * that make the same entry race harmlessly: both produce the same bytes and the first rename wins. The entries are
 * kept under a size limit by least-recently-used eviction ({@link Eviction}); hits, misses and evictions are
 * counted in {@code stats} ({@link CacheStats}) for {@code jwin cache info}. With a {@link RemoteCache}, a local
 * miss is looked for on the server (checked, then published here) and every entry published here is sent to it in
 * the background.
 */
final class LocalCache implements ArtifactCache {
  private final Path root;
  private final Path entries;
  private final Path tmp;
  private final long maxSize;
  private final long minAgeMillis;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong added = new AtomicLong();
  private final RemoteCache remote;

  private LocalCache(Path root, long maxSize, long minAgeMillis, RemoteCache remote) {
    this.root = root;
    this.remote = remote;
    this.entries = root.resolve("v1");
    this.tmp = root.resolve("tmp");
    this.maxSize = maxSize;
    this.minAgeMillis = minAgeMillis;
  }

  static LocalCache open(Map<String, String> env, RemoteCache remote, Path cwd) throws IOException {
    String dir = env.get("JWIN_CACHE_DIR");
    Path base;
    if (dir != null && !dir.isEmpty()) base = cwd.resolve(dir);
    else if (env.get("XDG_CACHE_HOME") != null) base = cwd.resolve(env.get("XDG_CACHE_HOME")).resolve("jwin");
    else base = Path.of(System.getProperty("user.home"), ".cache", "jwin");
    Path root = base.toAbsolutePath().resolve("cc");
    Files.createDirectories(root.resolve("v1"));
    Files.createDirectories(root.resolve("tmp"));
    return new LocalCache(root, Eviction.maxSize(base.toAbsolutePath(), env), Eviction.minAgeMillis(env), remote);
  }

  private Path entry(String key) {
    return entries.resolve(key.substring(0, 2)).resolve(key);
  }

  @Override
  public Path lookup(String key) {
    Path p = entry(key);
    try {
      Eviction.touch(p, Files.readAttributes(p, BasicFileAttributes.class));
      return p;
    } catch (IOException e) {
      return remote == null ? null : fromRemote(key);
    }
  }

  /** The entry from the remote cache, published here; null when the server has none (or no usable one). */
  private Path fromRemote(String key) {
    Path stage = null;
    try {
      stage = stagingDir();
      return remote.fetch(key, stage) ? move(key, stage) : null;
    } catch (IOException e) {
      return null; // the local cache is failing: the caller's own publish reports it
    } finally {
      deleteTree(stage);
    }
  }

  @Override
  public byte[] remoteRecord(String key) {
    if (remote == null) return null;
    Path stage = null;
    try {
      stage = stagingDir();
      return remote.fetch(key, stage) ? Files.readAllBytes(stage.resolve(RECORD)) : null;
    } catch (IOException e) {
      return null;
    } finally {
      deleteTree(stage);
    }
  }

  @Override
  public void shareRecord(String key, byte[] record) {
    if (remote == null) return;
    try {
      Path stage = stagingDir();
      Files.write(stage.resolve(RECORD), record);
      remote.upload(key, stage, true);
    } catch (IOException e) {
      // only the other machines miss it
    }
  }

  /** The file name a record travels under. */
  private static final String RECORD = "record";

  @Override
  public void used(Path file) {
    try {
      Eviction.touch(file, Files.readAttributes(file, BasicFileAttributes.class));
    } catch (IOException e) {
      // gone: nothing to keep
    }
  }

  /** Counts {@link #finish} left for {@link #flushStatistics}, by cache directory. */
  private record Pending(long hits, long misses, long added, long maxSize, long minAgeMillis) {}

  private static final Map<Path, Pending> PENDING = new java.util.concurrent.ConcurrentHashMap<>();
  private static volatile boolean batched;

  /** From now on {@link #finish} leaves its counts to {@link #flushStatistics} (a jwin server's many commands). */
  static void batchStatistics() {
    batched = true;
  }

  /** Adds the counts left by {@link #finish} to each cache's statistics, and evicts as it would have. */
  static void flushStatistics() {
    for (Path base : PENDING.keySet()) {
      Pending p = PENDING.remove(base);
      if (p == null) continue;
      try {
        Eviction.account(base, p.hits, p.misses, p.added, p.maxSize, p.minAgeMillis);
      } catch (IOException e) {
        // counted no more: statistics only
      }
    }
  }

  @Override
  public void counted(boolean hit) {
    (hit ? hits : misses).incrementAndGet();
  }

  /**
   * Adds this run's hits, misses and bytes to the counters and, when the cache now takes more than the limit,
   * evicts the least recently used ({@link Eviction#account}). Failures are ignored: counting and eviction never
   * fail a build.
   */
  @Override
  public void finish() {
    if (remote != null) remote.close();
    if (hits.get() == 0 && misses.get() == 0 && added.get() == 0) return;
    if (batched) {
      PENDING.merge(root.getParent(), new Pending(hits.getAndSet(0), misses.getAndSet(0), added.getAndSet(0), maxSize,
          minAgeMillis), (a, b) -> new Pending(a.hits + b.hits, a.misses + b.misses, a.added + b.added, b.maxSize,
          b.minAgeMillis));
      return;
    }
    try {
      Eviction.account(root.getParent(), hits.getAndSet(0), misses.getAndSet(0), added.getAndSet(0), maxSize,
          minAgeMillis);
    } catch (IOException e) {
      // counted next time
    }
  }

  @Override
  public Path publish(String key, Path staged) throws IOException {
    Path target = move(key, staged);
    if (remote != null) remote.upload(key, target, false);
    return target;
  }

  private Path move(String key, Path staged) throws IOException {
    Path target = entry(key);
    Files.createDirectories(target.getParent());
    long size = 0;
    try (Stream<Path> s = Files.walk(staged)) {
      for (Path f : (Iterable<Path>) s::iterator) if (Files.isRegularFile(f)) size += Files.size(f);
    }
    try {
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      added.addAndGet(size);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      deleteTree(staged); // someone else published the same entry first
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cache directory " + root + " cannot rename atomically", e);
    } catch (FileSystemException e) {
      // rename(2) onto a directory with files says ENOTEMPTY, which Java reports only as this
      if (!Files.isDirectory(target)) throw e;
      deleteTree(staged);
    }
    return target;
  }

  @Override
  public Path stagingDir() throws IOException {
    return Files.createTempDirectory(tmp, "stage");
  }

  @Override
  public Path root() {
    return root;
  }

  static void deleteTree(Path p) {
    if (p == null || !Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(q -> {
        try {
          Files.deleteIfExists(q);
        } catch (IOException ignored) {
          // best effort: a leftover staging file only costs disk space
        }
      });
    } catch (IOException ignored) {
      // same
    }
  }
}
