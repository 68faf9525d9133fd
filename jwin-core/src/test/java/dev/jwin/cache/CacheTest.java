package dev.jwin.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheTest {
  @TempDir Path tmp;

  @Test
  void keysDescribeTheWorkCompletely() throws IOException {
    Path f = tmp.resolve("in.c");
    Files.writeString(f, "x");
    String a = new CacheKey("cc").add("args", List.of("-O2", "-c")).addFile("src", f).hex();
    assertThat(new CacheKey("cc").add("args", List.of("-O2", "-c")).addFile("src", f).hex()).isEqualTo(a).hasSize(64);
    assertThat(new CacheKey("cc").add("args", List.of("-O2 -c")).addFile("src", f).hex()).isNotEqualTo(a);
    Files.writeString(f, "y");
    assertThat(new CacheKey("cc").add("args", List.of("-O2", "-c")).addFile("src", f).hex()).isNotEqualTo(a);
  }

  @Test
  void buildsOncePublishesAndRebuildsWhenAnInputChanges() throws IOException {
    Cache cache = new Cache(tmp.resolve("cache"));
    Path input = tmp.resolve("input.txt");
    Files.writeString(input, "hello");
    AtomicInteger runs = new AtomicInteger();
    Cache.Work<IOException> work = dir -> {
      runs.incrementAndGet();
      Files.writeString(dir.resolve("out.txt"), Files.readString(input).toUpperCase());
      return Cache.Built.of(List.of(input));
    };
    String key = new CacheKey("test").add("n", "1").hex();
    Cache.Entry e = cache.get(key, "test one", work);
    assertThat(e.built()).isTrue();
    assertThat(e.dir()).isEqualTo(cache.entryDir(key));
    assertThat(e.dir().resolve("out.txt")).hasContent("HELLO");
    assertThat(cache.get(key, "test one", work).built()).isFalse();
    assertThat(runs).hasValue(1);

    // Same content, new mtime: checked by hash, still current.
    Files.setLastModifiedTime(input, FileTime.fromMillis(12345));
    assertThat(cache.lookup(key)).isPresent();
    Files.writeString(input, "world");
    assertThat(cache.lookup(key)).isEmpty();
    Cache.Entry again = cache.get(key, "test one", work);
    assertThat(again.found()).contains(Manifest.Status.STALE);
    assertThat(again.dir().resolve("out.txt")).hasContent("WORLD");
    assertThat(runs).hasValue(2);
  }

  @Test
  void corruptEntriesAreDetectedAndRebuilt() throws IOException {
    Cache cache = new Cache(tmp.resolve("cache"));
    String key = new CacheKey("test").hex();
    Cache.Work<IOException> work = dir -> {
      Files.writeString(dir.resolve("out.txt"), "data");
      return Cache.Built.of(List.of());
    };
    Path dir = cache.get(key, "test", work).dir();
    Files.writeString(dir.resolve("out.txt"), "dat");
    assertThat(cache.lookup(key)).isEmpty();
    assertThat(cache.get(key, "test", work).found()).contains(Manifest.Status.CORRUPT);
    assertThat(dir.resolve("out.txt")).hasContent("data");
    Files.writeString(dir.resolve("manifest"), "jwin-cache-manifest 1\nkey " + key + "\n"); // truncated
    assertThat(cache.lookup(key)).isEmpty();
    assertThat(cache.get(key, "test", work).built()).isTrue();
    // verify rehashes content even when stat looks unchanged
    byte[] same = Files.readAllBytes(dir.resolve("out.txt"));
    FileTime t = Files.getLastModifiedTime(dir.resolve("out.txt"));
    same[0] = 'D';
    Files.write(dir.resolve("out.txt"), same);
    Files.setLastModifiedTime(dir.resolve("out.txt"), t);
    assertThat(cache.verify()).containsExactly("test");
    assertThat(cache.lookup(key)).isEmpty();
  }

  @Test
  void failedWorkLeavesNothingBehind() throws IOException {
    Cache cache = new Cache(tmp.resolve("cache"));
    String key = new CacheKey("fails").hex();
    assertThatThrownBy(() -> cache.get(key, "fails", dir -> {
      Files.writeString(dir.resolve("half.txt"), "x");
      throw new IOException("boom");
    })).hasMessage("boom");
    assertThat(cache.entryDir(key)).doesNotExist();
    try (var s = Files.list(cache.root().resolve("tmp"))) {
      assertThat(s.toList()).isEmpty();
    }
    assertThat(cache.info().entries()).isZero();
  }

  @Test
  void rootFromTheEnvironment() {
    assertThat(Cache.defaultRoot(java.util.Map.of("JWIN_CACHE_DIR", "/x/c"))).isEqualTo(Path.of("/x/c"));
    assertThat(Cache.defaultRoot(java.util.Map.of("XDG_CACHE_HOME", "/x"))).isEqualTo(Path.of("/x/jwin"));
    assertThat(Cache.defaultRoot(java.util.Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "jwin"));
  }

  /** Releasing a key's lock removes its file: locks/ holds only the locks of builds in progress. */
  @Test
  void locksLeaveNoFiles() throws Exception {
    Cache cache = new Cache(tmp.resolve("cache"));
    for (int i = 0; i < 20; i++) {
      String key = new CacheKey("test").add("n", "" + i).hex();
      cache.get(key, "test " + i, dir -> {
        Files.writeString(dir.resolve("out.txt"), "x");
        return Cache.Built.of(List.of());
      });
    }
    assertThat(tmp.resolve("cache/locks")).isEmptyDirectory();
  }

  /**
   * A lock file a killed build left, live (unmarked) or dead (marked by a release killed before it unlinked it),
   * does not block the key: the next build takes the lock and removes the file.
   */
  @Test
  void lockFilesOfKilledBuildsAreReusedAndRemoved() throws Exception {
    Cache cache = new Cache(tmp.resolve("cache"));
    Path locks = Files.createDirectories(tmp.resolve("cache/locks"));
    String live = new CacheKey("test").add("n", "live").hex();
    String dead = new CacheKey("test").add("n", "dead").hex();
    Files.write(locks.resolve(live + ".lock"), new byte[0]);
    Files.writeString(locks.resolve(dead + ".lock"), "4242 123456789 1");
    for (String key : List.of(live, dead)) {
      assertThat(cache.get(key, "test", dir -> {
        Files.writeString(dir.resolve("out.txt"), key);
        return Cache.Built.of(List.of());
      }).dir().resolve("out.txt")).hasContent(key);
    }
    assertThat(locks).isEmptyDirectory();
  }

  /** Threads racing for one key while its lock files come and go build it once, and leave no lock file. */
  @Test
  void concurrentBuildsOfOneKeyRunTheWorkOnce() throws Exception {
    Cache cache = new Cache(tmp.resolve("cache"));
    AtomicInteger runs = new AtomicInteger();
    for (int round = 0; round < 10; round++) {
      String key = new CacheKey("test").add("round", "" + round).hex();
      List<Thread> threads = new java.util.ArrayList<>();
      java.util.concurrent.ConcurrentLinkedQueue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
      for (int t = 0; t < 6; t++) {
        threads.add(Thread.ofPlatform().start(() -> {
          try {
            cache.get(key, "race", dir -> {
              runs.incrementAndGet();
              Thread.sleep(5);
              Files.writeString(dir.resolve("out.txt"), "x");
              return Cache.Built.of(List.of());
            });
          } catch (Throwable e) {
            failures.add(e);
          }
        }));
      }
      for (Thread t : threads) t.join();
      assertThat(failures).isEmpty();
    }
    assertThat(runs).hasValue(10);
    assertThat(tmp.resolve("cache/locks")).isEmptyDirectory();
  }

  /** {@code jwin libc} ends with {@link Cache#finish}: its bytes are counted and the cache is kept under its limit. */
  @Test
  void finishEvictsWhenTheCacheIsOverItsLimit() throws Exception {
    Path base = tmp.resolve("cache");
    Cache cache = new Cache(base);
    List<Path> dirs = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int n = i;
      dirs.add(cache.get(new CacheKey("test").add("n", "" + i).hex(), "runtime " + i, dir -> {
        Files.write(dir.resolve("lib.a"), new byte[40 * 1024]);
        return Cache.Built.of(List.of());
      }).dir());
      Files.setLastModifiedTime(dirs.get(i), FileTime.fromMillis(System.currentTimeMillis() - (10 - n) * 60_000L));
    }
    cache.finish(java.util.Map.of("JWIN_CACHE_MAX_SIZE", "100k", "JWIN_CACHE_EVICT_AGE", "0"));
    assertThat(dirs.get(0)).doesNotExist();
    assertThat(dirs.get(1)).doesNotExist();
    assertThat(dirs.get(3)).exists();
    java.util.Map<String, Long> stats = new CacheStats(base.resolve("cc")).read();
    assertThat(stats.get(CacheStats.EVICTIONS)).isEqualTo(2);
    assertThat(stats.get(CacheStats.BYTES)).isLessThanOrEqualTo(90 * 1024L);
  }
}
