package dev.jwin.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a manifest records about one file: its path, size, modification time, inode and content
 * hash. An unchanged file is recognised by {@code stat} alone; only when size, time or inode
 * differ is its content hashed again.
 */
public record FileStamp(String path, long size, long mtimeNanos, long inode, String sha256) {
  /** Stats and hashes {@code file}. */
  public static FileStamp of(Path file) throws IOException {
    Stat s = stat(file);
    return new FileStamp(file.toString(), s.size, s.mtimeNanos, s.inode, hash(file));
  }

  /** Size, time and inode of a file. */
  record Stat(long size, long mtimeNanos, long inode) {}

  static Stat stat(Path file) throws IOException {
    // One stat call: the basic view's file key is "(dev=..,ino=N)" on Unix; the named "unix:ino"
    // attribute (a map per call, several times slower) is the fallback.
    BasicFileAttributes b = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    long mtime = b.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    Object key = b.fileKey();
    String k = key == null ? "" : key.toString();
    int ino = k.indexOf("ino=");
    int end = k.indexOf(')', ino);
    if (ino >= 0 && end > ino + 4) {
      try {
        return new Stat(b.size(), mtime, Long.parseLong(k, ino + 4, end, 10));
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    Map<String, Object> a = Files.readAttributes(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    return new Stat(b.size(), mtime, (Long) a.get("ino"));
  }

  /** Whether the file at {@link #path} still has this content: by stat when possible, else by hash. */
  public boolean isCurrent(Path base) {
    Path file = base == null ? Path.of(path) : base.resolve(path);
    try {
      Stat s = stat(file);
      if (s.size != size) {
        return false;
      }
      if (s.mtimeNanos == mtimeNanos && s.inode == inode) {
        return true;
      }
      return hash(file).equals(sha256);
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the content still hashes to {@link #sha256} (ignores stat). */
  public boolean contentMatches(Path base) {
    Path file = base == null ? Path.of(path) : base.resolve(path);
    try {
      return hash(file).equals(sha256);
    } catch (IOException e) {
      return false;
    }
  }

  /** SHA-256 of a file's content, in hex. */
  public static String hash(Path file) throws IOException {
    MessageDigest d = CacheKey.sha256();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }
}
