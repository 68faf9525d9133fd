package dev.jwin.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds a cache key: the SHA-256 of the full description of a piece of work (jwin version, tool
 * identities, target, flags, input contents). Every field is length-prefixed and named, so two
 * different descriptions can never hash the same bytes.
 */
public final class CacheKey {
  private final MessageDigest digest = sha256();

  public CacheKey(String kind) {
    add("kind", kind);
  }

  public CacheKey add(String name, String value) {
    field(name, value.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  public CacheKey add(String name, List<String> values) {
    add(name, Integer.toString(values.size()));
    for (String v : values) {
      add(name + "[]", v);
    }
    return this;
  }

  /** Adds a file's content (by its hash). */
  public CacheKey addFile(String name, Path file) throws IOException {
    return add(name, FileStamp.hash(file));
  }

  private void field(String name, byte[] value) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    digest.update(n);
    digest.update((byte) 0);
    digest.update(Long.toString(value.length).getBytes(StandardCharsets.US_ASCII));
    digest.update((byte) 0);
    digest.update(value);
  }

  /** The key: 64 lowercase hex digits. */
  public String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
