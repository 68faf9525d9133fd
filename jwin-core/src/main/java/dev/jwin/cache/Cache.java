package dev.jwin.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A content-addressed store of build outputs, shared by every jwin process on the machine.
 *
 * <p>Layout under the root: {@code entries/ab/abcd...} holds one published entry (its files and
 * a {@link Manifest}); {@code tmp/} holds entries being built; {@code locks/} one lock file per key.
 * An entry is built in a temporary directory and renamed into place, so a killed build never
 * leaves a half entry; the per-key lock makes concurrent processes that want the same entry do
 * the work once. An entry whose inputs changed or whose outputs were damaged is rebuilt, never used.
 */
public final class Cache {
  private final Path root;
  private final RemoteCache remote;
  private final java.util.concurrent.atomic.AtomicLong added = new java.util.concurrent.atomic.AtomicLong();

  public Cache(Path root) {
    this(root, null);
  }

  /**
   * A cache with a remote layer (null for none): an entry missing here is looked for there first (used only when
   * its manifest's inputs match this machine's files), and an entry built here is sent there.
   */
  public Cache(Path root, RemoteCache remote) {
    this.root = root.toAbsolutePath().normalize();
    this.remote = remote;
  }

  /** {@code JWIN_CACHE_DIR}, else {@code $XDG_CACHE_HOME/jwin}, else {@code ~/.cache/jwin}. */
  public static Path defaultRoot(Map<String, String> env) {
    String dir = env.get("JWIN_CACHE_DIR");
    if (dir != null && !dir.isEmpty()) {
      return Path.of(dir);
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isEmpty()) {
      return Path.of(xdg, "jwin");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "jwin");
  }

  public Path root() {
    return root;
  }

  /** The work that fills a fresh entry directory; it returns the files it read. */
  @FunctionalInterface
  public interface Work<E extends Exception> {
    Built run(Path dir) throws IOException, E;
  }

  /**
   * What the work read, and whether the entry's files are recorded in its manifest (and so checked
   * on every use); large trees that are checked elsewhere may opt out.
   */
  public record Built(List<Path> inputs, boolean recordOutputs) {
    public Built {
      inputs = List.copyOf(inputs);
    }

    public static Built of(List<Path> inputs) {
      return new Built(inputs, true);
    }
  }

  /** A published entry; {@code built} tells whether this call did the work, {@code found} what was there before. */
  public record Entry(String key, Path dir, Manifest manifest, boolean built, Optional<Manifest.Status> found) {}

  /** The directory a key's entry lives in (whether or not it exists). */
  public Path entryDir(String key) {
    return root.resolve("entries").resolve(key.substring(0, 2)).resolve(key);
  }

  /** The entry for {@code key} when it is published and current (checked by stat). */
  public Optional<Entry> lookup(String key) {
    Path dir = entryDir(key);
    Manifest m = readManifest(dir);
    if (m != null && m.key().equals(key) && m.check(dir, false) == Manifest.Status.CURRENT) {
      try {
        Eviction.touch(dir, Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class));
      } catch (IOException e) {
        // evicted meanwhile: the caller's use fails and builds it again
      }
      return Optional.of(new Entry(key, dir, m, false, Optional.of(Manifest.Status.CURRENT)));
    }
    return Optional.empty();
  }

  /**
   * The current entry for {@code key}, doing {@code work} first when there is none (or the one
   * there is stale or corrupt). Processes asking for the same key at once build it once.
   */
  public <E extends Exception> Entry get(String key, String label, Work<E> work) throws IOException, E {
    Optional<Entry> hit = lookup(key);
    if (hit.isPresent()) {
      return hit.get();
    }
    try (KeyLock lock = lock(key)) {
      Path dir = entryDir(key);
      Manifest old = readManifest(dir);
      Optional<Manifest.Status> found = Optional.empty();
      if (old != null && old.key().equals(key)) {
        Manifest.Status s = old.check(dir, false);
        if (s == Manifest.Status.CURRENT) {
          return new Entry(key, dir, old, false, Optional.of(s)); // another process built it meanwhile
        }
        found = Optional.of(s);
      } else if (Files.exists(dir)) {
        found = Optional.of(Manifest.Status.CORRUPT);
      }
      removeLeftovers(key);
      Path tmp = Files.createDirectories(root.resolve("tmp")).resolve(key + "." + ProcessHandle.current().pid());
      deleteTree(tmp);
      Files.createDirectories(tmp);
      try {
        if (remote != null) {
          Manifest fetched = RemoteEntries.fetch(this, remote, key, tmp);
          if (fetched != null) {
            publish(tmp, dir);
            return new Entry(key, dir, fetched, false, found);
          }
          deleteTree(tmp);
          Files.createDirectories(tmp);
        }
        Built built = work.run(tmp);
        Manifest m = new Manifest(key, label, stamps(built.inputs()), built.recordOutputs() ? outputs(tmp) : List.of());
        Path manifestTmp = tmp.resolve(Manifest.FILE_NAME + ".tmp");
        Files.writeString(manifestTmp, m.format(), StandardCharsets.UTF_8);
        Files.move(manifestTmp, tmp.resolve(Manifest.FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        long bytes = bytes(tmp);
        publish(tmp, dir);
        added.addAndGet(bytes);
        if (remote != null) {
          remote.upload(key, dir, false);
        }
        return new Entry(key, dir, m, true, found);
      } finally {
        deleteTree(tmp);
      }
    }
  }

  /**
   * Counts the bytes this process added with the compile cache's (so the size limit sees runtime builds too) and
   * evicts the least recently used when the whole cache directory takes more than its limit
   * ({@code JWIN_CACHE_MAX_SIZE}, {@code jwin cache max-size}). Failures are ignored: they never fail a build.
   */
  public void finish(Map<String, String> env) {
    long bytes = added.getAndSet(0);
    if (bytes == 0) return;
    try {
      Eviction.account(root, 0, 0, bytes, Eviction.maxSize(root, env), Eviction.minAgeMillis(env));
    } catch (IOException e) {
      // counted next time
    }
  }

  /** Work for {@link #fetchRemote}: there is none, the entry comes from the remote cache or not at all. */
  private static final class NoWork extends Exception {
    NoWork() {
      super(null, null, false, false);
    }
  }

  /** Makes the entry {@code key} current here from the remote cache when it is not; whether it is now. */
  boolean fetchRemote(String key) throws IOException {
    try {
      get(key, "", dir -> {
        throw new NoWork();
      });
      return true;
    } catch (NoWork e) {
      return false;
    }
  }

  /** The key of the entry of this cache that holds {@code file}, or null when it is not in one. */
  String entryKeyOf(Path file) {
    Path entries = root.resolve("entries");
    Path f = file.toAbsolutePath().normalize();
    if (!f.startsWith(entries) || f.getNameCount() < entries.getNameCount() + 3) {
      return null;
    }
    String key = f.getName(entries.getNameCount() + 1).toString();
    return key.length() == 64 && key.startsWith(f.getName(entries.getNameCount()).toString()) ? key : null;
  }

  /** Renames a finished entry directory into place, replacing what was there. */
  private void publish(Path tmp, Path dir) throws IOException {
    if (Files.exists(dir)) {
      discard(dir);
    }
    Files.createDirectories(dir.getParent());
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
  }

  private static long bytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      long n = 0;
      for (Path f : (Iterable<Path>) files::iterator) if (Files.isRegularFile(f)) n += Files.size(f);
      return n;
    }
  }

  static List<FileStamp> stamps(List<Path> inputs) throws IOException {
    Map<String, FileStamp> byPath = new LinkedHashMap<>();
    for (Path p : inputs) {
      String abs = p.toAbsolutePath().normalize().toString();
      if (!byPath.containsKey(abs)) {
        byPath.put(abs, FileStamp.of(Path.of(abs)));
      }
    }
    List<FileStamp> list = new ArrayList<>(byPath.values());
    list.sort(Comparator.comparing(FileStamp::path));
    return list;
  }

  static List<FileStamp> outputs(Path dir) throws IOException {
    List<FileStamp> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        if (Files.isRegularFile(f) && !f.getFileName().toString().startsWith(Manifest.FILE_NAME)) {
          FileStamp s = FileStamp.of(f);
          out.add(new FileStamp(dir.relativize(f).toString(), s.size(), s.mtimeNanos(), s.inode(), s.sha256()));
        }
      }
    }
    return out;
  }

  static Manifest readManifest(Path dir) {
    try {
      return Manifest.read(dir.resolve(Manifest.FILE_NAME));
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * A held per-key lock. Releasing it removes the lock file, so {@code locks/} holds only the locks of builds in
   * progress (and of builds a kill interrupted, until the key is built again): the file, empty while live, is
   * first marked dead by writing a byte into it, then unlinked, then unlocked; a process that opened it meanwhile
   * and gets its lock next sees the mark and locks the file now at that path instead.
   */
  private record KeyLock(Path file, FileChannel channel) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        channel.write(ByteBuffer.wrap(new byte[] {'x'}), 0);
        Files.deleteIfExists(file);
      } finally {
        channel.close();
      }
    }
  }

  /**
   * Blocks until this process holds the key's lock; the OS releases it if the process dies. No other descriptor of a
   * lock file is ever opened (not even to set its time): closing one would drop this process's lock on it (POSIX
   * record locks).
   */
  private KeyLock lock(String key) throws IOException {
    Path file = Files.createDirectories(root.resolve("locks")).resolve(key + ".lock");
    while (true) {
      Object before = fileKey(file);
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        acquire(ch, file);
        if (ch.size() == 0) return new KeyLock(file, ch);
        // Dead. When the path named this same file before it was opened and still does, its release was killed
        // between marking and unlinking it, and only this process (holding its lock) may unlink it now.
        if (before != null && before.equals(fileKey(file))) Files.deleteIfExists(file);
        ch.close();
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    }
  }

  /** The file's identity (device and inode) by stat, or null when it is missing. */
  private static Object fileKey(Path file) {
    try {
      return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  private static void acquire(FileChannel ch, Path file) throws IOException {
    while (true) {
      try {
        ch.lock();
        return;
      } catch (OverlappingFileLockException e) {
        try {
          Thread.sleep(20); // held by another thread of this process
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the cache lock " + file);
        }
      }
    }
  }

  /**
   * Temporary directories left by builds that died: this key's (we hold its lock, so none is live)
   * and any other whose process ({@code <key>.<pid>}) no longer runs.
   */
  private void removeLeftovers(String key) throws IOException {
    Path tmp = root.resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        int dot = name.indexOf('.');
        if (dot != 64 || name.startsWith("trash.")) {
          continue;
        }
        boolean dead;
        try {
          dead = ProcessHandle.of(Long.parseLong(name.substring(dot + 1))).map(h -> !h.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
          dead = false;
        }
        if (name.startsWith(key + ".") || dead) {
          deleteTree(p);
        }
      }
    }
  }

  /** Moves an entry out of the way in one step (so no reader sees it half deleted), then deletes it. */
  private void discard(Path dir) throws IOException {
    Path trash = Files.createDirectories(root.resolve("tmp")).resolve("trash." + dir.getFileName() + "." + System.nanoTime());
    try {
      Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return;
    } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
      trash = dir;
    }
    deleteTree(trash);
  }

  /** Deletes a file tree; missing is fine. */
  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> {
        try {
          Files.deleteIfExists(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Entry counts and sizes, for {@code jwin cache info}. */
  public record Info(Path root, int entries, long bytes, int temporary, Map<String, Integer> byKind) {}

  public Info info() throws IOException {
    int entries = 0;
    long bytes = 0;
    Map<String, Integer> byKind = new java.util.TreeMap<>();
    Path e = root.resolve("entries");
    if (Files.isDirectory(e)) {
      try (Stream<Path> s = Files.walk(e)) {
        for (Path f : (Iterable<Path>) s::iterator) {
          if (Files.isRegularFile(f)) {
            bytes += Files.size(f);
            if (f.getFileName().toString().equals(Manifest.FILE_NAME)) {
              entries++;
              Manifest m = readManifest(f.getParent());
              String kind = m == null ? "(unreadable)" : m.label().split(" ", 2)[0];
              byKind.merge(kind, 1, Integer::sum);
            }
          }
        }
      }
    }
    int temporary = 0;
    Path t = root.resolve("tmp");
    if (Files.isDirectory(t)) {
      try (Stream<Path> s = Files.list(t)) {
        temporary = (int) s.count();
      }
    }
    return new Info(root, entries, bytes, temporary, byKind);
  }

  /** Removes every entry and temporary directory. */
  public void clean() throws IOException {
    deleteTree(root.resolve("entries"));
    deleteTree(root.resolve("tmp"));
  }

  /** Rehashes every output of every entry; returns the labels of the entries found corrupt (and removes them). */
  public List<String> verify() throws IOException {
    List<String> bad = new ArrayList<>();
    Path e = root.resolve("entries");
    if (!Files.isDirectory(e)) {
      return bad;
    }
    List<Path> dirs;
    try (Stream<Path> s = Files.walk(e, 2)) {
      dirs = s.filter(p -> p.getNameCount() == e.getNameCount() + 2 && Files.isDirectory(p)).sorted().toList();
    }
    for (Path dir : dirs) {
      Manifest m = readManifest(dir);
      if (m == null || m.check(dir, true) == Manifest.Status.CORRUPT) {
        bad.add(m == null ? dir.toString() : m.label());
        discard(dir);
      }
    }
    return bad;
  }
}
