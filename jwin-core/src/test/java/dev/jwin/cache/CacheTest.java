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
}
