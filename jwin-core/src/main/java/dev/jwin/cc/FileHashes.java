package dev.jwin.cc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 of files, remembered between runs by (path, size, modification time) so that a rebuild
 * with nothing changed reads no file contents. The memory is a small text file in the cache,
 * rewritten atomically when it changed.
 */
final class FileHashes {
  private record Stamp(long size, long mtime, String sha) {}

  private final Path store;
  private final Map<String, Stamp> known = new ConcurrentHashMap<>();
  private final Map<String, String> thisRun = new ConcurrentHashMap<>();
  private final java.util.Set<String> absent = ConcurrentHashMap.newKeySet();
  private volatile boolean dirty;

  FileHashes(Path store) {
    this.store = store;
    try {
      for (String line : Files.readAllLines(store, StandardCharsets.UTF_8)) {
        String[] f = line.split(" ", 4);
        if (f.length == 4) known.put(f[3], new Stamp(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2]));
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
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
    long size = attrs.size();
    long mtime = attrs.lastModifiedTime().toMillis();
    Stamp s = known.get(key);
    String sha;
    // A file modified within the last two seconds might change again within the same clock tick.
    if (s != null && s.size == size && s.mtime == mtime) {
      sha = s.sha;
    } else {
      sha = digest(file);
      if (System.currentTimeMillis() - mtime > 2000) {
        known.put(key, new Stamp(size, mtime, sha));
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
    List<String> lines = new ArrayList<>();
    known.forEach((path, s) -> lines.add(s.size + " " + s.mtime + " " + s.sha + " " + path));
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
