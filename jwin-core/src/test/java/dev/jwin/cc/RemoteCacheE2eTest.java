package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.RemoteServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote cache against real servers (nginx with WebDAV PUT, redis-server) and misbehaving ones. Each "machine" is
 * a jwin with its own cache directory, building the same three-file program in the same project directory; clang-14
 * runs through one wrapper (the same compiler identity on every machine) that logs each run to the machine's file.
 * Machine A builds and uploads; machine B, with an empty cache, must get everything from the server: no clang run,
 * the same bytes.
 */
class RemoteCacheE2eTest {
  @TempDir Path dir;
  private Path project;
  private Path wrapperDir;

  @BeforeEach
  void setUp() throws IOException {
    JwinInstall.requireTools("clang-14");
    project = Files.createDirectories(dir.resolve("project"));
    Files.writeString(project.resolve("common.h"), "#pragma once\n#include <stdio.h>\nint f(int);\nint g(int);\n");
    Files.writeString(project.resolve("f.c"), "#include \"common.h\"\nint f(int x) { return x * 6; }\n");
    Files.writeString(project.resolve("g.c"), "#include \"common.h\"\nint g(int x) { return f(x) + 1; }\n");
    Files.writeString(project.resolve("main.c"),
        "#include \"common.h\"\nint main(void) { printf(\"%d\\n\", g(7)); return 0; }\n");
    wrapperDir = Files.createDirectories(dir.resolve("bin"));
    Path wrapper = wrapperDir.resolve("clang-14");
    Files.writeString(wrapper, "#!/bin/sh\necho \"$*\" >>\"$JWIN_TEST_CLANG_LOG\"\nexec '"
        + JwinInstall.onPath("clang-14").toRealPath() + "' \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** One machine: its jwin (cache under {@code root/cache}), its clang log, its output. */
  private record Machine(String name, JwinInstall jwin, Path clangLog, Path output) {
    /** Every clang run (compiles, and the search-list probe {@code clang -E -v}). */
    long clangRuns() throws IOException {
      return Files.exists(clangLog) ? Files.readAllLines(clangLog).size() : 0;
    }

    long clangCompiles() throws IOException {
      return Files.exists(clangLog) ? Files.readAllLines(clangLog).stream().filter(l -> l.contains(" -c ")).count() : 0;
    }

    String cacheInfo() throws IOException, InterruptedException {
      return jwin.runOk(jwin.root, Duration.ofMinutes(1), jwin.root.resolve("jwin").toString(), "cache", "info")
          .output();
    }
  }

  private Machine machine(String name, String remote) throws IOException {
    JwinInstall j = JwinInstall.create(dir.resolve("machine-" + name));
    j.env.put("PATH", wrapperDir + ":" + System.getenv("PATH"));
    j.env.put("XDG_CONFIG_HOME", dir.resolve("no-config").toString());
    j.env.put("JWIN_REMOTE_CACHE", remote);
    Path log = j.root.resolve("clang.log");
    j.env.put("JWIN_TEST_CLANG_LOG", log.toString());
    Files.createDirectories(project.resolve(name));
    return new Machine(name, j, log, project.resolve(name).resolve("p.exe"));
  }

  /** Builds the program; returns what jwin printed (warnings). The build must succeed. */
  private String build(Machine m) throws IOException, InterruptedException {
    List<String> cmd = List.of(m.jwin().root.resolve("jwin").toString(), "cc", "main.c", "f.c", "g.c", "-o",
        m.name() + "/p.exe");
    String out = m.jwin().run(project, Duration.ofMinutes(2), cmd).ok(cmd).output();
    assertThat(m.output()).isNotEmptyFile();
    return out;
  }

  private static List<String> warnings(String output) {
    return output.lines().filter(l -> l.startsWith("jwin: warning: remote cache")).toList();
  }

  /** A builds and uploads, B gets every object and the link from the server and runs no clang. */
  private Machine machineBGetsEverything(String url) throws Exception {
    Machine a = machine("a", url);
    assertThat(build(a)).isEmpty();
    assertThat(a.clangCompiles()).isEqualTo(3);
    Machine b = machine("b", url);
    assertThat(build(b)).isEmpty();
    assertThat(b.clangRuns()).as("clang runs on machine B").isZero();
    assertThat(Files.readAllBytes(b.output())).isEqualTo(Files.readAllBytes(a.output()));
    assertThat(b.cacheInfo()).contains("remote (all runs): 7 hits, 0 misses"); // 3 manifests, 3 objects, 1 link
    return b;
  }

  @Test
  void bazelLayoutOnWebDavServesMachineBAndLocalHitsStayLocal() throws Exception {
    try (RemoteServers servers = new RemoteServers(dir)) {
      RemoteServers.Nginx nginx = servers.nginx("nginx", "");
      Machine b = machineBGetsEverything(nginx.url());
      assertThat(nginx.root().resolve("ac")).isDirectory();
      assertThat(nginx.root().resolve("cas")).isDirectory();
      long puts = nginx.count("PUT");
      long requests = Files.readAllLines(nginx.accessLog()).size();
      assertThat(puts).as("PUTs from machine A").isPositive();
      // Machine B again, the program removed: everything from its local cache, nothing asked of the server.
      Files.delete(b.output());
      assertThat(build(b)).isEmpty();
      assertThat(Files.readAllLines(nginx.accessLog())).hasSize((int) requests);
    }
  }

  @Test
  void flatAndSubdirectoryLayouts() throws Exception {
    try (RemoteServers servers = new RemoteServers(dir)) {
      RemoteServers.Nginx nginx = servers.nginx("nginx", "");
      machineBGetsEverything(nginx.url() + "/flat/?layout=flat");
      try (Stream<Path> s = Files.list(nginx.root().resolve("flat"))) {
        assertThat(s.map(p -> p.getFileName().toString()).toList()).isNotEmpty()
            .allMatch(n -> n.matches("[0-9a-f]{64}(\\.cas)?")).anyMatch(n -> n.endsWith(".cas"));
      }
      Cache.deleteTree(dir.resolve("machine-a"));
      Cache.deleteTree(dir.resolve("machine-b"));
      machineBGetsEverything(nginx.url() + "/sub?layout=subdirs");
      try (Stream<Path> s = Files.walk(nginx.root().resolve("sub"))) {
        assertThat(s.filter(Files::isRegularFile).map(p -> nginx.root().resolve("sub").relativize(p).toString())
            .toList()).isNotEmpty().allMatch(n -> n.matches("[0-9a-f]{2}/[0-9a-f]{62}(\\.cas)?"));
      }
    }
  }

  @Test
  void redisWithPrefixAndTtlAndReadOnlyModeUploadsNothing() throws Exception {
    try (RemoteServers servers = new RemoteServers(dir)) {
      RemoteServers.Redis redis = servers.redis();
      Machine ci = machine("ci", redis.url(3) + "?read-only&prefix=ci:");
      assertThat(build(ci)).isEmpty();
      assertThat(redis.cli("-n", "3", "DBSIZE")).isEqualTo("0");
      assertThat(ci.cacheInfo()).contains("(read-only)", "0 hits, 4 misses", "0.0 MiB up (0 entries)"); // 3 manifests, 1 link

      machineBGetsEverything(redis.url(3) + "?prefix=ci:&ttl=3600");
      List<String> keys = redis.cli("-n", "3", "--scan").lines().toList();
      assertThat(keys).isNotEmpty().allMatch(k -> k.startsWith("ci:ac:") || k.startsWith("ci:cas:"));
      assertThat(Long.parseLong(redis.cli("-n", "3", "TTL", keys.getFirst()))).isBetween(1L, 3600L);
      assertThat(redis.cli("-n", "0", "DBSIZE")).isEqualTo("0");
    }
  }

  @Test
  void aCorruptBlobIsDetectedIgnoredAndRebuiltLocally() throws Exception {
    try (RemoteServers servers = new RemoteServers(dir)) {
      RemoteServers.Nginx nginx = servers.nginx("nginx", "");
      Machine a = machine("a", nginx.url());
      build(a);
      // The largest blob is the program: the server now serves other bytes of the same length for it.
      Path exe;
      try (Stream<Path> s = Files.list(nginx.root().resolve("cas"))) {
        exe = s.max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
      }
      byte[] bytes = Files.readAllBytes(exe);
      bytes[bytes.length / 2] ^= 1;
      Files.write(exe, bytes);
      Machine b = machine("b", nginx.url());
      List<String> w = warnings(build(b));
      assertThat(w).hasSize(1);
      assertThat(w.getFirst()).contains("does not have that hash", "ignored, building locally");
      assertThat(b.clangRuns()).isZero(); // the objects were fine; only the link ran again
      assertThat(Files.readAllBytes(b.output())).isEqualTo(Files.readAllBytes(a.output()));
      assertThat(b.cacheInfo()).contains("6 hits, 0 misses", "1 corrupt");
    }
  }

  @Test
  void aServerDownAtStartIsOneWarning() throws Exception {
    Machine a = machine("a", "http://127.0.0.1:" + RemoteServers.freePort() + "/");
    List<String> w = warnings(build(a));
    assertThat(w).hasSize(1);
    assertThat(w.getFirst()).contains("continuing without it");
    assertThat(a.clangCompiles()).isEqualTo(3);
    Machine r = machine("r", "redis://127.0.0.1:" + RemoteServers.freePort() + "/0");
    assertThat(warnings(build(r))).hasSize(1);
    assertThat(r.cacheInfo()).containsPattern("[1-9] errors"); // a request on each compile thread, at most
  }

  @Test
  void aStallingServerTimesOutAndTheBuildContinues() throws Exception {
    try (RemoteServers servers = new RemoteServers(dir)) {
      int port = servers.silent();
      Machine a = machine("a", "http://127.0.0.1:" + port + "/?timeout=1");
      long t = System.nanoTime();
      List<String> w = warnings(build(a));
      assertThat(w).hasSize(1);
      assertThat(w.getFirst()).contains("no answer within 1 s", "continuing without it");
      Machine r = machine("r", "redis://127.0.0.1:" + port + "/0?timeout=1");
      w = warnings(build(r));
      assertThat(w).hasSize(1);
      assertThat(w.getFirst()).contains("no answer within 1.0 s", "continuing without it");
      assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(60));
    }
  }

  @Test
  void http500And413() throws Exception {
    try (RemoteServers servers = new RemoteServers(dir)) {
      RemoteServers.Nginx failing = servers.nginx("failing", "    location / { return 500; }");
      Machine a = machine("a", failing.url());
      List<String> w = warnings(build(a));
      assertThat(w).hasSize(1);
      assertThat(w.getFirst()).contains("HTTP 500 for GET /ac/", "continuing without it");
      assertThat(failing.count("GET")).isBetween(1L, 2L); // one per compile thread (JWIN_JOBS=2), then no more

      // Bodies over 4 KiB refused: the small entries are shared, the program is not, and the server stays in use.
      RemoteServers.Nginx small = servers.nginx("small", "    client_max_body_size 4k;");
      Machine c = machine("c", small.url());
      w = warnings(build(c));
      assertThat(w).hasSize(1);
      assertThat(w.getFirst()).contains("HTTP 413", "such entries stay local");
      Machine d = machine("d", small.url());
      assertThat(warnings(build(d))).hasSize(1).allMatch(l -> l.contains("HTTP 413")); // the program, refused again
      assertThat(d.clangRuns()).isZero();
      assertThat(Files.readAllBytes(d.output())).isEqualTo(Files.readAllBytes(c.output()));
      assertThat(d.cacheInfo()).contains("6 hits, 1 misses");
    }
  }

  @Test
  void aServerKilledDuringAnUploadEndsTheUploadsNotTheBuild() throws Exception {
    try (RemoteServers servers = new RemoteServers(dir)) {
      Machine a = machine("a", "http://127.0.0.1:" + servers.diesDuringUpload() + "/?timeout=5");
      long t = System.nanoTime();
      List<String> w = warnings(build(a));
      assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(60));
      assertThat(w).hasSize(1);
      assertThat(w.getFirst()).contains("continuing without it");
      assertThat(a.cacheInfo()).contains("0 hits, ").containsPattern("\\(0 entries\\), [1-9] errors");
    }
  }

  @Test
  void concurrentBuildsWriteTheSameKeys() throws Exception {
    try (RemoteServers servers = new RemoteServers(dir)) {
      RemoteServers.Nginx nginx = servers.nginx("nginx", "");
      Machine a1 = machine("a1", nginx.url());
      Machine a2 = machine("a2", nginx.url());
      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> quietly(a1));
      CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> quietly(a2));
      assertThat(first.get()).isEmpty();
      assertThat(second.get()).isEmpty();
      Machine b = machine("b", nginx.url());
      assertThat(build(b)).isEmpty();
      assertThat(b.clangRuns()).isZero();
      assertThat(Files.readAllBytes(b.output())).isEqualTo(Files.readAllBytes(a1.output()))
          .isEqualTo(Files.readAllBytes(a2.output()));
    }
  }

  private String quietly(Machine m) {
    try {
      return build(m);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Test-side tree removal. */
  private static final class Cache {
    static void deleteTree(Path p) throws IOException {
      try (Stream<Path> s = Files.walk(p)) {
        for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
      }
    }
  }
}
