package dev.jwin.cc;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The store {@code jwin cc} keeps compiled objects, link results and generated import libraries in.
 * Keys are hex hashes of the full description of the work; a published entry never changes.
 * {@link LocalCache} is the stand-in until the shared {@code dev.jwin.cache} package lands; only
 * {@link #open} needs to change then.
 */
public interface ArtifactCache {
  /** The stored file or directory for {@code key}, or null when there is none. */
  Path lookup(String key);

  /** Moves {@code staged} (a file or directory from {@link #stagingDir}) into the cache under {@code key}. */
  Path publish(String key, Path staged) throws IOException;

  /** A fresh private directory on the cache's file system, for outputs to publish later. */
  Path stagingDir() throws IOException;

  /** {@link #stagingDir}, with a failure reported as the driver reports errors. */
  default Path stage() throws CcException {
    try {
      return stagingDir();
    } catch (IOException e) {
      throw new CcException("cannot use the cache directory " + root() + ": " + e.getMessage());
    }
  }

  /** Marks a file that belongs to the cache (a manifest) as used now, for least-recently-used eviction. */
  default void used(Path file) {}

  /** Counts a compile answered from the cache (hit) or made (miss). */
  default void counted(boolean hit) {}

  /**
   * At the end of a command: background uploads to the remote cache finished (or abandoned after a bounded wait),
   * counters saved, and the cache trimmed to its size limit if it grew past it.
   */
  default void finish() {}

  /** The cache's root, for files that remember things between runs (file hashes). */
  Path root();

  /**
   * A small record kept beside the entries under {@code key} (a compile's manifest), from the remote cache: null
   * when there is none or no remote cache. Locally such records live where their user keeps them.
   */
  default byte[] remoteRecord(String key) {
    return null;
  }

  /** Sends a record to the remote cache, when there is one (in the background). */
  default void shareRecord(String key, byte[] record) {}

  /** The cache under {@code JWIN_CACHE_DIR}, with the remote cache {@code JWIN_REMOTE_CACHE} names (if any). */
  static ArtifactCache open(java.util.Map<String, String> env, java.io.PrintStream err) throws IOException {
    return open(env, err, Path.of(""));
  }

  /** {@link #open(java.util.Map, java.io.PrintStream)} for a command run in {@code cwd}. */
  static ArtifactCache open(java.util.Map<String, String> env, java.io.PrintStream err, Path cwd) throws IOException {
    return LocalCache.open(env, dev.jwin.cache.RemoteCache.open(env, null, err), cwd);
  }
}
