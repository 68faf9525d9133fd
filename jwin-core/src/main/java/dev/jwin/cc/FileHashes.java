package dev.jwin.cc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * SHA-256 of files, remembered between runs by path and {@link Stat} so that a rebuild with nothing changed reads no
 * file contents. The memory is a small text file in the cache, rewritten atomically when it changed. Each line keeps
 * the day the file was last hashed or found unchanged; the memory keeps at most {@link #LIMIT} files, dropping those
 * unused longest first, and forgets files unused for {@link #FORGET_DAYS} days.
 */
final class FileHashes {
  /**
   * What tells a version of a file from another without reading it: size, modification time, change time and
   * inode. The change time is the one no program can set: an edit that keeps the size and puts the old
   * modification time back ({@code cp -p}, {@code tar}, {@code rsync -t}) or a file renamed over another still
   * differs. What remains is the racy case, a file changed twice within one tick of the file system's clock: files
   * modified in the last two seconds are never remembered.
   */
  record Stat(long size, long mtimeNanos, long ctimeNanos, long inode) {
    static Stat of(Path file) throws IOException {
      Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino");
      return new Stat((Long) a.get("size"), nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")),
          (Long) a.get("ino"));
    }

    private static long nanos(Object time) {
      return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }

    /** One token: size/mtime/ctime/inode. */
    String token() {
      return size + "/" + mtimeNanos + "/" + ctimeNanos + "/" + inode;
    }
  }

  /** The most files remembered. */
  static final int LIMIT = 20_000;
  /** Days after which an unused file is forgotten. */
  static final long FORGET_DAYS = 30;

  private record Stamp(String stat, String sha, long day) {}

  private final Path store;
  private final Map<String, Stamp> known = new ConcurrentHashMap<>();
  private final Map<String, String> thisRun = new ConcurrentHashMap<>();
  private final java.util.Set<String> absent = ConcurrentHashMap.newKeySet();
  private volatile boolean dirty;
  private final long today;
  private final int limit;

  FileHashes(Path store) {
    this(store, System.currentTimeMillis() / 86_400_000, LIMIT);
  }

  /** The memory in {@code store}, as used on day {@code today} (days since 1970), keeping at most {@code limit}. */
  FileHashes(Path store, long today, int limit) {
    this.store = store;
    this.today = today;
    this.limit = limit;
    try {
      for (String line : Files.readAllLines(store, StandardCharsets.UTF_8)) {
        String[] f = line.split(" ", 4);
        if (f.length == 4) known.put(f[3], new Stamp(f[0], f[1], Long.parseLong(f[2])));
      }
    } catch (IOException | NumberFormatException e) {
      // no memory yet, or a damaged one: start afresh
    }
  }

  /** The hex SHA-256 of the file's contents; throws NoSuchFileException when it is missing. */
  String hash(Path file) throws IOException {
    String key = file.toAbsolutePath().normalize().toString();
    String done = thisRun.get(key);
    if (done != null) return done;
    Stat stat = Stat.of(file);
    Stamp s = known.get(key);
    String sha;
    // A file modified within the last two seconds might change again within the same clock tick.
    if (s != null && s.stat.equals(stat.token())) {
      sha = s.sha;
      if (s.day != today) {
        known.put(key, new Stamp(s.stat, sha, today));
        dirty = true;
      }
    } else {
      sha = digest(file);
      if (System.currentTimeMillis() - stat.mtimeNanos() / 1_000_000 > 2000) {
        known.put(key, new Stamp(stat.token(), sha, today));
        dirty = true;
      }
    }
    thisRun.put(key, sha);
    return sha;
  }

  /** Records that this run relied on {@code file} not existing (a place searched before the one used). */
  void absent(Path file) {
    absent.add(file.toAbsolutePath().normalize().toString());
  }

  /** The files recorded with {@link #absent}. */
  java.util.Set<String> absent() {
    return absent;
  }

  /** Every file hashed (or found unchanged) in this run, by absolute path. */
  java.util.Set<String> seen() {
    return thisRun.keySet();
  }

  static String digest(Path file) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Hex SHA-256 of a text: the cache key of a work description. */
  static String key(String description) {
    return HexFormat.of().formatHex(sha256().digest(description.getBytes(StandardCharsets.UTF_8)));
  }

  /** Writes the memory back when it learned something; failures only cost time on the next run. */
  void save() {
    if (!dirty) return;
    List<Map.Entry<String, Stamp>> kept = new ArrayList<>();
    for (Map.Entry<String, Stamp> e : known.entrySet())
      if (today - e.getValue().day < FORGET_DAYS) kept.add(e);
    if (kept.size() > limit) {
      kept.sort(Map.Entry.<String, Stamp>comparingByValue(java.util.Comparator.comparingLong(Stamp::day).reversed())
          .thenComparing(Map.Entry.comparingByKey()));
      kept = kept.subList(0, limit);
    }
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, Stamp> e : kept)
      lines.add(e.getValue().stat + " " + e.getValue().sha + " " + e.getValue().day + " " + e.getKey());
    try {
      dev.jwin.io.AtomicFile.write(store, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), false);
    } catch (IOException e) {
      // ignored: see above
    }
  }

  static boolean isMissing(IOException e) {
    return e instanceof NoSuchFileException;
  }
}
