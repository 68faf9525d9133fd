package dev.jwin.cache;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The remote layer under a local cache: entries missing locally are looked for on a server shared by many
 * machines, and entries built locally are sent there in the background.
 *
 * <p>An entry travels as a {@link RemoteRecord} (its files' paths, sizes and SHA-256) under its key, and each file
 * as a blob under its SHA-256. A download is checked against the record's hashes before the caller publishes it
 * locally; a blob that does not match is counted, reported once, and the entry is built locally instead. The first
 * failure of the server (refused connection, timeout, an HTTP error) prints one warning and turns the remote off
 * for the rest of the run, so a bad server costs at most one timeout. Uploads run on two background threads; when
 * the run ends, {@link #close} waits for them at most {@code wait} seconds (default 30) and abandons the rest.
 *
 * <p>Configured by one URL: {@code --remote-cache=URL} where a command has it, else {@code JWIN_REMOTE_CACHE}, else
 * {@code remote-cache = URL} in {@code $XDG_CONFIG_HOME/jwin/config} ({@code ~/.config/jwin/config}); {@code off}
 * or an empty value turns it off. See docs/remote-cache.md.
 */
public final class RemoteCache implements AutoCloseable {
  private final RemoteStore store;
  private final boolean readOnly;
  private final Duration wait;
  private final Path statsRoot;
  private final PrintStream err;
  private final AtomicBoolean off = new AtomicBoolean();
  private final AtomicBoolean corruptReported = new AtomicBoolean();
  private final AtomicBoolean rejectReported = new AtomicBoolean();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong bytesDown = new AtomicLong();
  private final AtomicLong bytesUp = new AtomicLong();
  private final AtomicLong uploads = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong corrupt = new AtomicLong();
  private ExecutorService uploader;

  RemoteCache(RemoteStore store, boolean readOnly, Duration wait, Path statsRoot, PrintStream err) {
    this.store = store;
    this.readOnly = readOnly;
    this.wait = wait;
    this.statsRoot = statsRoot;
    this.err = err;
  }

  /** The configured URL, or null when there is none (see the class comment for the order). */
  public static String setting(Map<String, String> env, String option) {
    String url = option != null ? option : env.get("JWIN_REMOTE_CACHE");
    if (url == null) {
      url = configFile(env);
    }
    url = url == null ? "" : url.strip();
    return url.isEmpty() || url.equals("off") ? null : url;
  }

  private static String configFile(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path file = xdg != null && !xdg.isEmpty() ? Path.of(xdg, "jwin", "config")
        : Path.of(System.getProperty("user.home"), ".config", "jwin", "config");
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (!line.strip().startsWith("#") && eq > 0 && line.substring(0, eq).strip().equals("remote-cache")) {
          return line.substring(eq + 1).strip();
        }
      }
    } catch (IOException e) {
      // no configuration file
    }
    return null;
  }

  /**
   * The remote cache the settings ask for, or null when none is set. A URL jwin cannot use is one warning and no
   * remote cache: a build never fails because of it. Nothing is sent before the first lookup.
   */
  public static RemoteCache open(Map<String, String> env, String option, PrintStream err) {
    String url = setting(env, option);
    if (url == null) {
      return null;
    }
    try {
      return parse(url, env, Cache.defaultRoot(env).toAbsolutePath(), err);
    } catch (IllegalArgumentException | URISyntaxException e) {
      warn(err, "remote cache setting '" + withoutCredentials(url) + "': " + e.getMessage()
          + "; building without it");
      return null;
    }
  }

  static RemoteCache parse(String url, Map<String, String> env, Path statsRoot, PrintStream err)
      throws URISyntaxException {
    URI uri = new URI(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("no host");
    }
    Map<String, String> q = query(uri.getRawQuery());
    boolean readOnly = q.containsKey("read-only") && !q.get("read-only").equals("false");
    Duration timeout = Duration.ofMillis((long) (seconds(q, "timeout", 10) * 1000));
    Duration wait = Duration.ofMillis((long) (seconds(q, "wait", 30) * 1000));
    String[] userInfo = credentials(uri, env);
    RemoteStore store = switch (scheme) {
      case "http", "https" -> {
        String layout = q.getOrDefault("layout", "bazel").toUpperCase(java.util.Locale.ROOT);
        HttpStore.Layout l;
        try {
          l = HttpStore.Layout.valueOf(layout);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("unknown layout '" + q.get("layout") + "' (bazel, flat or subdirs)");
        }
        String auth = env.get("JWIN_REMOTE_CACHE_TOKEN") != null ? "Bearer " + env.get("JWIN_REMOTE_CACHE_TOKEN")
            : userInfo[1] != null ? "Basic " + Base64.getEncoder().encodeToString(
                ((userInfo[0] == null ? "" : userInfo[0]) + ":" + userInfo[1]).getBytes(StandardCharsets.UTF_8))
            : null;
        String base = scheme + "://" + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
            + (uri.getRawPath() == null ? "" : uri.getRawPath());
        yield new HttpStore(base, l, auth, timeout);
      }
      case "redis", "rediss" -> {
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        int db;
        try {
          db = path.isEmpty() ? 0 : Integer.parseInt(path);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("the path must be a database number, not '" + path + "'");
        }
        long ttl = (long) seconds(q, "ttl", 0);
        yield new RedisStore(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), scheme.equals("rediss"), db,
            q.getOrDefault("prefix", "jwin:"), ttl, userInfo[0], userInfo[1], (int) timeout.toMillis());
      }
      default -> throw new IllegalArgumentException("unsupported scheme (http, https, redis or rediss)");
    };
    return new RemoteCache(store, readOnly, wait, statsRoot, err);
  }

  /** User and password: from the URL, else JWIN_REMOTE_CACHE_USER and JWIN_REMOTE_CACHE_PASSWORD. */
  private static String[] credentials(URI uri, Map<String, String> env) {
    String user = env.get("JWIN_REMOTE_CACHE_USER");
    String password = env.get("JWIN_REMOTE_CACHE_PASSWORD");
    if (uri.getUserInfo() != null) {
      String[] ui = uri.getUserInfo().split(":", 2);
      user = ui[0].isEmpty() ? null : ui[0];
      password = ui.length > 1 ? ui[1] : password;
    }
    return new String[] {user, password};
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null) {
      return q;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      if (!List.of("read-only", "layout", "prefix", "ttl", "timeout", "wait").contains(k)) {
        throw new IllegalArgumentException("unknown parameter '" + k + "'");
      }
      q.put(k, eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  private static double seconds(Map<String, String> q, String name, double dflt) {
    String v = q.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      double d = Double.parseDouble(v);
      if (d >= 0 && d < 1e6) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a number of seconds, not '" + v + "'");
  }

  private static String withoutCredentials(String url) {
    return url.replaceAll("//[^/@]*@", "//");
  }

  /** The server and mode, for messages and {@code jwin cache info} (never credentials). */
  public String describe() {
    return store.describe() + (readOnly ? " (read-only)" : " (read-write)");
  }

  /**
   * Downloads the entry {@code key} into the empty directory {@code dir}; true when every file arrived and matches
   * its hash (the caller then publishes the directory), false on a miss, a mismatch or a failing server.
   */
  public boolean fetch(String key, Path dir) {
    return fetch(key, dir, null, null);
  }

  /** A look at the first file of an entry, before the rest is downloaded; an IOException counts as false. */
  @FunctionalInterface
  interface Check {
    boolean test(Path dir) throws IOException;
  }

  /**
   * {@link #fetch(String, Path)}, where the file {@code first} (when the record names it) comes first and the
   * rest is downloaded only when {@code check} accepts it: a large entry is not fetched to be thrown away.
   */
  boolean fetch(String key, Path dir, String first, Check check) {
    if (off.get()) {
      return false;
    }
    try {
      byte[] data = store.getRecord(key);
      if (data == null) {
        misses.incrementAndGet();
        return false;
      }
      RemoteRecord record;
      try {
        record = RemoteRecord.decode(data);
      } catch (IOException e) {
        return corrupt("the record for " + key + " is unusable (" + e.getMessage() + ")");
      }
      long bytes = 0;
      List<RemoteRecord.File> files = new ArrayList<>(record.files());
      files.sort(java.util.Comparator.comparing(f -> !f.path().equals(first)));
      for (RemoteRecord.File f : files) {
        Path dest = dir.resolve(f.path());
        Files.createDirectories(dest.getParent());
        if (Files.exists(dest) || !store.getBlob(f.sha256(), f.size(), dest)) {
          misses.incrementAndGet(); // the server dropped a blob (or named it twice): build again
          return false;
        }
        if (Files.size(dest) != f.size() || !FileStamp.hash(dest).equals(f.sha256())) {
          return corrupt("the content served for " + f.sha256() + " does not have that hash");
        }
        if (f.executable()) {
          Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        bytes += f.size();
        if (check != null && f.path().equals(first) && !passes(check, dir)) {
          misses.incrementAndGet();
          return false;
        }
      }
      bytesDown.addAndGet(bytes);
      hits.incrementAndGet();
      return true;
    } catch (RemoteStore.Corrupt e) {
      return corrupt(e.getMessage());
    } catch (IOException e) {
      fail(e);
      return false;
    }
  }

  private static boolean passes(Check check, Path dir) {
    try {
      return check.test(dir);
    } catch (IOException e) {
      return false;
    }
  }

  private boolean corrupt(String what) {
    corrupt.incrementAndGet();
    if (corruptReported.compareAndSet(false, true)) {
      warn(err, "remote cache " + store.describe() + ": " + what + "; ignored, building locally");
    }
    return false;
  }

  /**
   * Sends the entry {@code key} (every regular file under {@code dir}, which must not change any more) in the
   * background; with {@code owned}, {@code dir} is deleted afterwards. Nothing happens in read-only mode.
   */
  public void upload(String key, Path dir, boolean owned) {
    if (readOnly || off.get()) {
      if (owned) {
        deleteQuietly(dir);
      }
      return;
    }
    synchronized (this) {
      if (uploader == null) {
        uploader = Executors.newFixedThreadPool(2, r -> {
          Thread t = new Thread(r, "remote-cache-upload");
          t.setDaemon(true);
          return t;
        });
      }
      uploader.execute(() -> {
        try {
          if (!off.get()) {
            send(key, dir);
          }
        } finally {
          if (owned) {
            deleteQuietly(dir);
          }
        }
      });
    }
  }

  /** Blobs first, the record last: a record on the server never names a blob that is not there yet. */
  private void send(String key, Path dir) {
    try {
      List<RemoteRecord.File> files = new ArrayList<>();
      List<Path> paths;
      try (Stream<Path> s = Files.walk(dir)) {
        paths = s.filter(Files::isRegularFile).sorted().toList();
      }
      long sent = 0;
      for (Path p : paths) {
        long size = Files.size(p);
        String sha = FileStamp.hash(p);
        files.add(new RemoteRecord.File(dir.relativize(p).toString().replace('\\', '/'), sha, size,
            Files.isExecutable(p)));
        if (!store.hasBlob(sha)) {
          store.putBlob(sha, p, size);
          sent += size;
        }
      }
      byte[] record = new RemoteRecord(files).encode();
      store.putRecord(key, record);
      bytesUp.addAndGet(sent + record.length);
      uploads.incrementAndGet();
    } catch (java.nio.file.NoSuchFileException e) {
      // the local entry was replaced meanwhile: its successor is sent when it is published
    } catch (RemoteStore.Rejected e) {
      errors.incrementAndGet();
      if (rejectReported.compareAndSet(false, true)) {
        warn(err, "remote cache " + store.describe() + ": " + e.getMessage() + "; such entries stay local");
      }
    } catch (IOException e) {
      fail(e);
    }
  }

  /** The first failure: one warning, then local-only for the rest of the run. */
  private void fail(IOException e) {
    errors.incrementAndGet();
    if (off.compareAndSet(false, true)) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      warn(err, "remote cache " + store.describe() + ": " + why + "; continuing without it");
    }
  }

  private static void warn(PrintStream err, String message) {
    synchronized (err) {
      err.println("jwin: warning: " + message);
      err.flush();
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      Cache.deleteTree(dir);
    } catch (IOException ignored) {
      // a leftover temporary directory only costs disk space
    }
  }

  /** This run's counts so far. */
  public RemoteStats stats() {
    return new RemoteStats(hits.get(), misses.get(), bytesDown.get(), bytesUp.get(), uploads.get(), errors.get(),
        corrupt.get());
  }

  /**
   * Waits for the uploads still queued or running, at most {@code wait}; then abandons the rest (the JVM may exit
   * under them: the server only ever sees whole blobs and records), and adds this run's counts to the totals.
   */
  @Override
  public void close() {
    ExecutorService u;
    synchronized (this) {
      u = uploader;
    }
    if (u != null) {
      u.shutdown();
      boolean done;
      try {
        done = u.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        done = false;
      }
      if (!done) {
        int left = u.shutdownNow().size();
        off.set(true);
        warn(err, "remote cache " + store.describe() + ": uploads not finished after " + wait.toSeconds()
            + " s abandoned (" + left + " more queued)");
      }
    }
    store.close();
    RemoteStats run = stats();
    if (!run.isEmpty()) {
      try {
        RemoteStats.add(statsRoot, run);
      } catch (IOException e) {
        // only the totals of `jwin cache info` miss this run
      }
    }
  }
}
