package dev.jwin.cache;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A server that holds cache entries for many machines: records (an entry's key to the list of its files and
 * their content hashes) and blobs (file contents, addressed by their SHA-256). Implementations are thread-safe
 * and open no connection before the first call. An {@link IOException} means the server failed; {@link
 * Rejected} that it refused one entry (too large) and is otherwise fine.
 */
interface RemoteStore extends AutoCloseable {
  /** Records are small; a longer answer is not a record jwin wrote. */
  int MAX_RECORD = 4 << 20;

  /** The record stored under {@code key}, or null when there is none. */
  byte[] getRecord(String key) throws IOException;

  void putRecord(String key, byte[] record) throws IOException;

  boolean hasBlob(String sha256) throws IOException;

  /**
   * Streams the blob into {@code dest} (a new file); false when the server has none. An answer longer than
   * {@code size} is cut off (the caller then sees the hash mismatch).
   */
  boolean getBlob(String sha256, long size, Path dest) throws IOException;

  /** Streams {@code file} (of {@code size} bytes, hashing to {@code sha256}) to the server. */
  void putBlob(String sha256, Path file, long size) throws IOException;

  /** The server's address for messages: no credentials. */
  String describe();

  @Override
  void close();

  /** The server answered with content that cannot be what was asked for: that entry is built locally. */
  final class Corrupt extends IOException {
    Corrupt(String message) {
      super(message);
    }
  }

  /** The server refused one entry (HTTP 413): that entry stays local, the server stays in use. */
  final class Rejected extends IOException {
    Rejected(String message) {
      super(message);
    }
  }
}
