package dev.jwin.cc;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import dev.jwin.cache.RemoteCache;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A minimal content-addressed directory cache: {@code $JWIN_CACHE_DIR/cc/v1/ab/abcdef...}, entries
 * published by an atomic rename from a staging directory on the same file system. Two processes
 * that make the same entry race harmlessly: both produce the same bytes and the first rename wins.
 * With a {@link RemoteCache}, a local miss is looked for on the server (checked, then published here)
 * and every entry published here is sent to it in the background.
 */
final class LocalCache implements ArtifactCache {
  private final Path root;
  private final Path entries;
  private final Path tmp;
  private final RemoteCache remote;

  private LocalCache(Path root, RemoteCache remote) {
    this.root = root;
    this.remote = remote;
    this.entries = root.resolve("v1");
    this.tmp = root.resolve("tmp");
  }

  static LocalCache open(Map<String, String> env, RemoteCache remote) throws IOException {
    String dir = env.get("JWIN_CACHE_DIR");
    Path base;
    if (dir != null && !dir.isEmpty()) base = Path.of(dir);
    else if (env.get("XDG_CACHE_HOME") != null) base = Path.of(env.get("XDG_CACHE_HOME"), "jwin");
    else base = Path.of(System.getProperty("user.home"), ".cache", "jwin");
    Path root = base.toAbsolutePath().resolve("cc");
    Files.createDirectories(root.resolve("v1"));
    Files.createDirectories(root.resolve("tmp"));
    return new LocalCache(root, remote);
  }

  private Path entry(String key) {
    return entries.resolve(key.substring(0, 2)).resolve(key);
  }

  @Override
  public Path lookup(String key) {
    Path p = entry(key);
    if (Files.exists(p)) return p;
    if (remote == null) return null;
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
  public Path publish(String key, Path staged) throws IOException {
    Path target = move(key, staged);
    if (remote != null) remote.upload(key, target, false);
    return target;
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

  @Override
  public void close() {
    if (remote != null) remote.close();
  }

  private static final String RECORD = "record";

  private Path move(String key, Path staged) throws IOException {
    Path target = entry(key);
    Files.createDirectories(target.getParent());
    try {
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      deleteTree(staged); // someone else published the same entry first
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cache directory " + root + " cannot rename atomically", e);
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
