package dev.jwin.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The record a remote cache keeps under an entry's key: the entry's files, each with its path, size and
 * SHA-256, encoded as a Remote Execution API {@code ActionResult} protobuf message ({@code output_files} = 2;
 * {@code OutputFile}: {@code path} = 1, {@code digest} = 2, {@code is_executable} = 4; {@code Digest}: {@code
 * hash} = 1, {@code size_bytes} = 2), so that bazel-remote, which checks what is stored under {@code /ac/},
 * accepts it. The file contents themselves are blobs under their hashes.
 */
record RemoteRecord(List<File> files) {
  RemoteRecord {
    files = List.copyOf(files);
  }

  /** One file of an entry; {@code path} is relative, '/'-separated. */
  record File(String path, String sha256, long size, boolean executable) {}

  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (File f : files) {
      ByteArrayOutputStream digest = new ByteArrayOutputStream();
      bytes(digest, 1, f.sha256().getBytes(StandardCharsets.US_ASCII));
      tag(digest, 2, 0);
      varint(digest, f.size());
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      bytes(file, 1, f.path().getBytes(StandardCharsets.UTF_8));
      bytes(file, 2, digest.toByteArray());
      if (f.executable()) {
        tag(file, 4, 0);
        varint(file, 1);
      }
      bytes(out, 2, file.toByteArray());
    }
    return out.toByteArray();
  }

  /**
   * Decodes a record; other fields of an {@code ActionResult} are skipped. A malformed message, a path that
   * could leave the entry directory, or a hash that is not 64 lowercase hex digits is an IOException.
   */
  static RemoteRecord decode(byte[] data) throws IOException {
    List<File> files = new ArrayList<>();
    Reader r = new Reader(data, 0, data.length);
    while (r.more()) {
      long tag = r.varint();
      if (tag == (2 << 3 | 2)) {
        files.add(file(r.sub()));
      } else {
        r.skip((int) (tag & 7));
      }
    }
    return new RemoteRecord(files);
  }

  private static File file(Reader r) throws IOException {
    String path = null;
    String hash = null;
    long size = -1;
    boolean exec = false;
    while (r.more()) {
      long tag = r.varint();
      if (tag == (1 << 3 | 2)) {
        path = r.string();
      } else if (tag == (2 << 3 | 2)) {
        Reader d = r.sub();
        while (d.more()) {
          long t = d.varint();
          if (t == (1 << 3 | 2)) {
            hash = d.string();
          } else if (t == (2 << 3)) {
            size = d.varint();
          } else {
            d.skip((int) (t & 7));
          }
        }
      } else if (tag == (4 << 3)) {
        exec = r.varint() != 0;
      } else {
        r.skip((int) (tag & 7));
      }
    }
    if (path == null || !safePath(path)) {
      throw new IOException("record names an unsafe path: " + path);
    }
    if (hash == null || !hash.matches("[0-9a-f]{64}") || size < 0) {
      throw new IOException("record has no valid digest for " + path);
    }
    return new File(path, hash, size, exec);
  }

  /** Relative, no empty, "." or ".." component, no backslash or NUL: it cannot leave the entry directory. */
  static boolean safePath(String p) {
    if (p.isEmpty() || p.startsWith("/") || p.indexOf('\\') >= 0 || p.indexOf('\0') >= 0) {
      return false;
    }
    for (String part : p.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static void tag(ByteArrayOutputStream out, int field, int wireType) {
    varint(out, (long) field << 3 | wireType);
  }

  private static void bytes(ByteArrayOutputStream out, int field, byte[] b) {
    tag(out, field, 2);
    varint(out, b.length);
    out.writeBytes(b);
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** A bounds-checked view of part of a message. */
  private static final class Reader {
    private final byte[] b;
    private int pos;
    private final int end;

    Reader(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    long varint() throws IOException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new IOException("truncated record");
        }
        int x = b[pos++];
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw new IOException("malformed record");
    }

    Reader sub() throws IOException {
      long n = varint();
      if (n < 0 || n > end - pos) {
        throw new IOException("truncated record");
      }
      Reader r = new Reader(b, pos, pos + (int) n);
      pos += (int) n;
      return r;
    }

    String string() throws IOException {
      Reader s = sub();
      return new String(b, s.pos, s.end - s.pos, StandardCharsets.UTF_8);
    }

    void skip(int wireType) throws IOException {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> sub();
        case 5 -> advance(4);
        default -> throw new IOException("malformed record (wire type " + wireType + ")");
      }
    }

    private void advance(int n) throws IOException {
      if (n > end - pos) {
        throw new IOException("truncated record");
      }
      pos += n;
    }
  }
}
