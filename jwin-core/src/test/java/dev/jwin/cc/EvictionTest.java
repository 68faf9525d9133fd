package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.cache.CacheCommand;
import dev.jwin.cache.CacheStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compile cache's size limit: least recently used entries go first, counters add up, kills leave no damage. */
class EvictionTest {
  @TempDir Path dir;

  private Map<String, String> env(String maxSize, String minAge) {
    Map<String, String> env = new HashMap<>();
    env.put("JWIN_CACHE_DIR", dir.resolve("cache").toString());
    env.put("PATH", System.getenv("PATH"));
    env.put("JWIN_CACHE_MAX_SIZE", maxSize);
    env.put("JWIN_CACHE_EVICT_AGE", minAge);
    return env;
  }

  @Test
  void leastRecentlyUsedGoFirst() throws Exception {
    LocalCache cache = LocalCache.open(env("1M", "0"), null, java.nio.file.Path.of(""));
    long now = System.currentTimeMillis();
    List<Path> entries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Path stage = cache.stagingDir();
      Files.write(stage.resolve("out.o"), new byte[200 * 1024]);
      Path e = cache.publish(FileHashes.key("entry " + i), stage);
      Files.setLastModifiedTime(e, FileTime.fromMillis(now - (20 - i) * 60_000L)); // entry 0 the oldest
      entries.add(e);
    }
    assertThat(cache.lookup(FileHashes.key("entry 0"))).isNotNull(); // used now: the most recent
    cache.counted(true);
    cache.finish();
    // 2000 KiB down to at most 90% of 1 MiB: four entries stay, the one just used among them.
    for (int i = 0; i < 10; i++)
      assertThat(Files.exists(entries.get(i))).as("entry " + i).isEqualTo(i == 0 || i >= 7);
    Map<String, Long> stats = new CacheStats(dir.resolve("cache/cc")).read();
    assertThat(stats).containsEntry(CacheStats.EVICTIONS, 6L).containsEntry(CacheStats.HITS, 1L)
        .containsEntry(CacheStats.BYTES, 4L * 200 * 1024);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(CacheCommand.main(new String[] {"info"}, env("1M", "0"), new PrintStream(out, true), System.err))
        .isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("compile cache: 0.8 MiB of 1.0 MiB; hits 1, misses 0, "
        + "evictions 6");
    assertThat(CacheCommand.main(new String[] {"clean"}, env("1M", "0"), new PrintStream(out, true), System.err))
        .isEqualTo(0);
    assertThat(dir.resolve("cache/cc")).doesNotExist();
  }

  @Test
  void maxSizeIsConfigured() {
    Map<String, String> env = env("", "0");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(CacheCommand.main(new String[] {"max-size", "2G"}, env, new PrintStream(out, true), System.err))
        .isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("max-size: 2147483648 bytes\n");
    env.put("JWIN_CACHE_MAX_SIZE", "64k");
    out.reset();
    CacheCommand.main(new String[] {"max-size"}, env, new PrintStream(out, true), System.err);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("max-size: 65536 bytes\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(CacheCommand.main(new String[] {"max-size", "lots"}, env, System.out, new PrintStream(err, true)))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("jwin: error: not a size: 'lots'");
  }

  private void sources(int n) throws Exception {
    for (int i = 0; i < n; i++)
      Files.writeString(dir.resolve("s" + i + ".c"), "int f" + i + "(int x) { return x * " + (i + 3) + "; }\n");
  }

  /** What a compile from an empty cache makes of each source. */
  private Map<Integer, byte[]> clean(int n) throws Exception {
    Map<String, String> env = env("5G", "300");
    env.put("JWIN_CACHE_DIR", dir.resolve("clean-cache").toString());
    Map<Integer, byte[]> objects = new HashMap<>();
    for (int i = 0; i < n; i++) {
      InProcessCc.Run r = InProcessCc.run(dir, env, List.of("-c", "@D/s" + i + ".c", "-o", "@D/clean.o"));
      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(0);
      objects.put(i, Files.readAllBytes(dir.resolve("clean.o")));
    }
    return objects;
  }

  @Test
  void concurrentBuildsShareALimitedCache() throws Exception {
    int n = 12;
    sources(n);
    Map<Integer, byte[]> expected = clean(n);
    Map<String, String> env = env("4k", "300");
    int threads = 4;
    int rounds = 3;
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(pool.submit(() -> {
          for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < n; i++) {
              String out = "@D/t" + id + ".o";
              InProcessCc.Run run = InProcessCc.run(dir, env, List.of("-c", "@D/s" + i + ".c", "-o", out));
              assertThat(run.exitCode()).as(run.stderr()).isEqualTo(0);
              assertThat(Files.readAllBytes(dir.resolve("t" + id + ".o"))).isEqualTo(expected.get(i));
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) f.get();
    }
    Map<String, Long> stats = new CacheStats(dir.resolve("cache/cc")).read();
    assertThat(stats.get(CacheStats.HITS) + stats.get(CacheStats.MISSES)).isEqualTo((long) threads * rounds * n);
    // Everything was used within the protected minutes: nothing evicted yet. Once they age, the limit holds.
    assertThat(stats.get(CacheStats.EVICTIONS)).isZero();
    try (Stream<Path> s = Files.walk(dir.resolve("cache/cc"))) {
      FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
      for (Path p : (Iterable<Path>) s::iterator) Files.setLastModifiedTime(p, old);
    }
    InProcessCc.Run run = InProcessCc.run(dir, env, List.of("-c", "@D/s0.c", "-o", "@D/last.o"));
    assertThat(run.exitCode()).isEqualTo(0);
    stats = new CacheStats(dir.resolve("cache/cc")).read();
    assertThat(stats.get(CacheStats.EVICTIONS)).isPositive();
    assertThat(stats.get(CacheStats.BYTES)).isLessThanOrEqualTo(4096);
  }

  /**
   * The limit covers everything jwin keeps: runtime builds (dev.jwin.cache.Cache entries, counted when built),
   * no-op records, clang's search lists, manifests, and staging directories a killed process left.
   */
  @Test
  void everyCacheIsUnderTheLimit() throws Exception {
    sources(2);
    Path base = dir.resolve("cache");
    dev.jwin.cache.Cache runtimes = new dev.jwin.cache.Cache(base);
    Path built = runtimes.get(FileHashes.key("a runtime"), "runtime", d -> {
      Files.write(d.resolve("libc.a"), new byte[300 * 1024]);
      return dev.jwin.cache.Cache.Built.of(List.of());
    }).dir();
    runtimes.finish(env("5G", "0"));
    assertThat(new CacheStats(base.resolve("cc")).read().get(CacheStats.BYTES)).isBetween(300 * 1024L, 301 * 1024L);
    InProcessCc.Run run = InProcessCc.run(dir, env("5G", "0"), List.of("-c", "@D/s0.c", "-o", "@D/a.o"));
    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(0);
    Path noop = Files.createDirectories(base.resolve("cc/noop/ab")).resolve("ab01");
    Files.write(noop, new byte[50 * 1024]);
    Path shell = Files.createDirectories(base.resolve("cc/noop-sh")).resolve("123-45");
    Files.write(shell, new byte[50 * 1024]);
    Path left = Files.createDirectories(base.resolve("cc/tmp/stage123"));
    Files.write(left.resolve("out.o"), new byte[100 * 1024]);
    try (Stream<Path> s = Files.walk(base)) {
      FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 2 * 86_400_000L);
      for (Path p : (Iterable<Path>) s::iterator) Files.setLastModifiedTime(p, old);
    }
    run = InProcessCc.run(dir, env("64k", "0"), List.of("-c", "@D/s1.c", "-o", "@D/b.o"));
    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(0);
    for (Path p : List.of(built, noop, shell, left)) assertThat(p).as("evicted").doesNotExist();
    assertThat(base.resolve("cc/search")).isEmptyDirectory();
    assertThat(new CacheStats(base.resolve("cc")).read().get(CacheStats.BYTES)).isLessThanOrEqualTo(64 * 1024L);
  }

  /** Builds killed at random moments (while compiling, publishing, counting or evicting) leave a usable cache. */
  @Test
  void killedBuildsLeaveNoDamage() throws Exception {
    int n = 6;
    sources(n);
    Map<Integer, byte[]> expected = clean(n);
    JwinInstall jwin = JwinInstall.create(dir.resolve("jwin"));
    jwin.env.put("JWIN_CACHE_MAX_SIZE", "3k");
    jwin.env.put("JWIN_CACHE_EVICT_AGE", "0");
    String cc = jwin.root.resolve("jwin-cc").toString();
    Random random = new Random(15);
    for (int k = 0; k < 12; k++) {
      int i = random.nextInt(n);
      ProcessBuilder pb = new ProcessBuilder(cc, "-c", "s" + i + ".c", "-o", "k.o").directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().putAll(jwin.env);
      Process p = pb.start();
      Thread.sleep(100 + random.nextInt(700));
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly(); // SIGKILL
      p.waitFor();
    }
    for (int i = 0; i < n; i++) {
      jwin.runOk(dir, Duration.ofMinutes(1), cc, "-c", "s" + i + ".c", "-o", "after.o");
      assertThat(Files.readAllBytes(dir.resolve("after.o"))).as("s" + i).isEqualTo(expected.get(i));
    }
    Map<String, Long> stats = new CacheStats(jwin.root.resolve("cache/cc")).read();
    assertThat(stats.get(CacheStats.MISSES)).isPositive();
    assertThat(stats.get(CacheStats.BYTES)).isLessThanOrEqualTo(3072);
    try (Stream<Path> s = Files.list(jwin.root.resolve("cache/cc/tmp"))) {
      assertThat(s.filter(p -> p.getFileName().toString().startsWith("trash-")).toList()).isEmpty();
    }
  }
}
