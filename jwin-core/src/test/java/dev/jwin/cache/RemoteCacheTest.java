package dev.jwin.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwin.testkit.RemoteServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote record's encoding and the remote cache's settings (servers: dev.jwin.cc.RemoteCacheE2eTest). */
class RemoteCacheTest {
  @TempDir Path tmp;

  private static final String H1 = "a".repeat(64);
  private static final String H2 = "0123456789abcdef".repeat(4);

  @Test
  void recordsRoundTripAsActionResultMessages() throws IOException {
    RemoteRecord r = new RemoteRecord(List.of(new RemoteRecord.File("out.obj", H1, 1234, false),
        new RemoteRecord.File("lib/libx.a", H2, 300_000_000_000L, true)));
    byte[] data = r.encode();
    assertThat(RemoteRecord.decode(data)).isEqualTo(r);
    // ActionResult.output_files (2) -> OutputFile.path (1) "out.obj", by hand from the protobuf wire format.
    assertThat(HexFormat.of().formatHex(data, 0, 11)).isEqualTo("12" + hex(data[1]) + "0a07"
        + HexFormat.of().formatHex("out.obj".getBytes(StandardCharsets.US_ASCII)));
    // Fields jwin does not write (exit_code = 4, an execution_metadata message = 9) are skipped.
    byte[] withOthers = concat(new byte[] {0x20, 0x00, 0x4a, 0x02, 0x08, 0x01}, data);
    assertThat(RemoteRecord.decode(withOthers)).isEqualTo(r);
    assertThat(RemoteRecord.decode(new byte[0]).files()).isEmpty();
  }

  @Test
  void recordsThatCouldEscapeTheEntryOrAreDamagedAreRejected() {
    for (String bad : List.of("../x", "/etc/passwd", "a/../../b", "a//b", "a\\b", ".", ""))
      assertThatThrownBy(() -> RemoteRecord.decode(new RemoteRecord(List.of(new RemoteRecord.File(bad, H1, 1,
          false))).encode())).as(bad).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> RemoteRecord.decode(new RemoteRecord(List.of(new RemoteRecord.File("x", "ABC", 1,
        false))).encode())).isInstanceOf(IOException.class);
    byte[] good = new RemoteRecord(List.of(new RemoteRecord.File("x", H1, 1, false))).encode();
    for (int n = 1; n < good.length; n++) {
      byte[] cut = java.util.Arrays.copyOf(good, n);
      assertThatThrownBy(() -> RemoteRecord.decode(cut)).as("cut at " + n).isInstanceOf(IOException.class);
    }
  }

  @Test
  void settingComesFromTheOptionTheEnvironmentOrTheConfigFile() throws IOException {
    Path config = Files.createDirectories(tmp.resolve("xdg/jwin")).resolve("config");
    Files.writeString(config, "# jwin\nremote-cache = redis://127.0.0.1:1/3\n");
    Map<String, String> env = Map.of("XDG_CONFIG_HOME", tmp.resolve("xdg").toString());
    assertThat(RemoteCache.setting(env, null)).isEqualTo("redis://127.0.0.1:1/3");
    assertThat(RemoteCache.setting(Map.of("XDG_CONFIG_HOME", env.get("XDG_CONFIG_HOME"), "JWIN_REMOTE_CACHE",
        "http://127.0.0.1:2/"), null)).isEqualTo("http://127.0.0.1:2/");
    assertThat(RemoteCache.setting(Map.of("XDG_CONFIG_HOME", env.get("XDG_CONFIG_HOME"), "JWIN_REMOTE_CACHE",
        "off"), null)).isNull();
    assertThat(RemoteCache.setting(env, "http://127.0.0.1:3/")).isEqualTo("http://127.0.0.1:3/");
    assertThat(RemoteCache.setting(Map.of("XDG_CONFIG_HOME", tmp.resolve("none").toString()), null)).isNull();
  }

  @Test
  void aBadSettingIsOneWarningAndNoRemoteCacheAndCredentialsAreNeverShown() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(b, true, StandardCharsets.UTF_8);
    Map<String, String> env = Map.of("JWIN_CACHE_DIR", tmp.toString());
    assertThat(RemoteCache.open(env, "ftp://user:secret@127.0.0.1/x", err)).isNull();
    assertThat(RemoteCache.open(env, "http://127.0.0.1:1/?layout=tree", err)).isNull();
    assertThat(RemoteCache.open(env, "redis://127.0.0.1:1/zero", err)).isNull();
    assertThat(RemoteCache.open(env, "http://127.0.0.1:1/?timout=3", err)).isNull();
    String text = b.toString(StandardCharsets.UTF_8);
    assertThat(text.lines()).hasSize(4).allMatch(l -> l.startsWith("jwin: warning: remote cache setting"));
    assertThat(text).doesNotContain("secret").contains("unsupported scheme", "unknown layout", "database number",
        "unknown parameter 'timout'");

    RemoteCache http = RemoteCache.open(env, "https://me:secret@127.0.0.1:8443/cache?read-only&layout=subdirs", err);
    assertThat(http.describe()).isEqualTo("https://127.0.0.1:8443/cache (read-only)");
    http.close();
    RemoteCache redis = RemoteCache.open(Map.of("JWIN_CACHE_DIR", tmp.toString(), "JWIN_REMOTE_CACHE",
        "rediss://:secret@127.0.0.1/4?ttl=60&prefix=ci:"), null, err);
    assertThat(redis.describe()).isEqualTo("rediss://127.0.0.1:6379/4 (read-write)");
    redis.close();
  }

  @Test
  void layoutsPlaceRecordsAndBlobsWhereTheirServersExpectThem() {
    HttpStore bazel = new HttpStore("http://h:1/c/", HttpStore.Layout.BAZEL, null, java.time.Duration.ofSeconds(1));
    assertThat(bazel.recordUri(H1)).hasToString("http://h:1/c/ac/" + H1);
    assertThat(bazel.blobUri(H2)).hasToString("http://h:1/c/cas/" + H2);
    HttpStore flat = new HttpStore("http://h:1", HttpStore.Layout.FLAT, null, java.time.Duration.ofSeconds(1));
    assertThat(flat.recordUri(H1)).hasToString("http://h:1/" + H1);
    assertThat(flat.blobUri(H2)).hasToString("http://h:1/" + H2 + ".cas");
    HttpStore sub = new HttpStore("http://h:1", HttpStore.Layout.SUBDIRS, null, java.time.Duration.ofSeconds(1));
    assertThat(sub.recordUri(H1)).hasToString("http://h:1/aa/" + H1.substring(2));
    assertThat(sub.blobUri(H2)).hasToString("http://h:1/01/" + H2.substring(2) + ".cas");
  }

  @Test
  void cacheEntriesTravelWithTheirManifestAndAreUsedOnlyWhereTheInputsMatch() throws Exception {
    try (RemoteServers servers = new RemoteServers(tmp.resolve("servers"))) {
      String url = servers.redis().url(0);
      Path input = tmp.resolve("input.txt");
      Files.writeString(input, "hello");
      AtomicInteger runs = new AtomicInteger();
      Cache.Work<IOException> work = dir -> {
        runs.incrementAndGet();
        Files.writeString(dir.resolve("out.txt"), Files.readString(input).toUpperCase());
        Path tool = Files.createDirectories(dir.resolve("bin")).resolve("tool");
        Files.writeString(tool, "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Cache.Built.of(List.of(input));
      };
      String key = new CacheKey("test").add("n", "1").hex();
      PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

      RemoteCache ra = RemoteCache.parse(url, Map.of(), tmp.resolve("a"), err);
      assertThat(new Cache(tmp.resolve("a"), ra).get(key, "test one", work).built()).isTrue();
      ra.close(); // waits for the upload
      assertThat(ra.stats().uploads()).isEqualTo(1);

      RemoteCache rb = RemoteCache.parse(url, Map.of(), tmp.resolve("b"), err);
      Cache b = new Cache(tmp.resolve("b"), rb);
      Cache.Entry e = b.get(key, "test one", work);
      assertThat(e.built()).isFalse();
      assertThat(runs).hasValue(1);
      assertThat(e.dir().resolve("out.txt")).hasContent("HELLO");
      assertThat(e.dir().resolve("bin/tool")).isExecutable();
      assertThat(b.lookup(key)).isPresent(); // the manifest was stamped again for this machine
      assertThat(b.verify()).isEmpty();
      rb.close();
      assertThat(rb.stats().hits()).isEqualTo(1);
      assertThat(rb.stats().uploads()).isZero();

      // Another machine whose input differs: the server's entry is not for it.
      Files.writeString(input, "world");
      RemoteCache rc = RemoteCache.parse(url, Map.of(), tmp.resolve("c"), err);
      Cache.Entry c = new Cache(tmp.resolve("c"), rc).get(key, "test one", work);
      rc.close();
      assertThat(c.built()).isTrue();
      assertThat(c.dir().resolve("out.txt")).hasContent("WORLD");
      assertThat(runs).hasValue(2);
    }
  }

  @Test
  void anEntryBuiltFromAnotherEntryBringsItAlong() throws Exception {
    try (RemoteServers servers = new RemoteServers(tmp.resolve("servers"))) {
      String url = servers.redis().url(0);
      PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      Path root = tmp.resolve("cache"); // machine B has its cache at the same path, as CI machines do
      String innerKey = new CacheKey("test").add("n", "inner").hex();
      String outerKey = new CacheKey("test").add("n", "outer").hex();
      AtomicInteger runs = new AtomicInteger();
      for (int machine = 0; machine < 2; machine++) {
        Cache.deleteTree(root);
        RemoteCache remote = RemoteCache.parse(url, Map.of(), root, err);
        Cache cache = new Cache(root, remote);
        Cache.Entry outer = cache.get(outerKey, "outer", dir -> {
          runs.incrementAndGet();
          Cache.Entry inner = cache.get(innerKey, "inner", d -> {
            runs.incrementAndGet();
            Files.writeString(d.resolve("header.h"), "int x;\n");
            return Cache.Built.of(List.of());
          });
          Path header = inner.dir().resolve("header.h");
          Files.writeString(dir.resolve("lib.a"), Files.readString(header).repeat(2));
          return Cache.Built.of(List.of(header));
        });
        remote.close();
        assertThat(outer.dir().resolve("lib.a")).hasContent("int x;\nint x;\n");
        assertThat(cache.lookup(innerKey)).isPresent();
        assertThat(cache.lookup(outerKey)).isPresent();
        assertThat(remote.stats().hits()).isEqualTo(machine == 0 ? 0 : 2);
      }
      assertThat(runs).as("work done on machine A only").hasValue(2);
    }
  }

  private static String hex(byte b) {
    return HexFormat.of().toHexDigits(b);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
