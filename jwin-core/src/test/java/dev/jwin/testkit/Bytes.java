package dev.jwin.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Little-endian byte helpers for building section contents and patching files. */
public final class Bytes {
  private Bytes() {}

  /** Parses hex like {@code "48 8b 05 00 00 00 00 c3"} (spaces and newlines ignored). */
  public static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
  }

  public static byte[] zeros(int n) {
    return new byte[n];
  }

  public static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }

  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Each value as 8 little-endian bytes. */
  public static byte[] u64s(long... values) {
    byte[] b = new byte[values.length * 8];
    for (int i = 0; i < values.length; i++) {
      putU64(b, i * 8, values[i]);
    }
    return b;
  }

  /** Each value as 4 little-endian bytes. */
  public static byte[] u32s(long... values) {
    byte[] b = new byte[values.length * 4];
    for (int i = 0; i < values.length; i++) {
      putU32(b, i * 4, values[i]);
    }
    return b;
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  public static void putU16(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
  }

  public static void putU32(byte[] b, int off, long v) {
    for (int i = 0; i < 4; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  public static void putU64(byte[] b, int off, long v) {
    for (int i = 0; i < 8; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  public static void putU32BE(byte[] b, int off, long v) {
    for (int i = 0; i < 4; i++) {
      b[off + i] = (byte) (v >>> (8 * (3 - i)));
    }
  }

  public static int u8(byte[] b, int off) {
    return b[off] & 0xff;
  }

  public static int u16(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
  }

  public static long u32(byte[] b, int off) {
    return (long) (u16(b, off) | u16(b, off + 2) << 16) & 0xffffffffL;
  }

  public static long u64(byte[] b, int off) {
    return u32(b, off) | u32(b, off + 4) << 32;
  }

  public static int i32(byte[] b, int off) {
    return (int) u32(b, off);
  }

  public static long u32BE(byte[] b, int off) {
    return ((long) (b[off] & 0xff) << 24) | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
  }

  /** Copy of the first {@code length} bytes. */
  public static byte[] truncate(byte[] b, int length) {
    return java.util.Arrays.copyOf(b, length);
  }

  /** Growable little-endian writer. */
  public static final class Writer {
    private byte[] buf = new byte[256];
    private int size;

    public int size() {
      return size;
    }

    private void ensure(int extra) {
      if (size + extra > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
      }
    }

    public Writer u8(int v) {
      ensure(1);
      buf[size++] = (byte) v;
      return this;
    }

    public Writer u16(int v) {
      ensure(2);
      putU16(buf, size, v);
      size += 2;
      return this;
    }

    public Writer u32(long v) {
      ensure(4);
      putU32(buf, size, v);
      size += 4;
      return this;
    }

    public Writer u32BE(long v) {
      ensure(4);
      putU32BE(buf, size, v);
      size += 4;
      return this;
    }

    public Writer u64(long v) {
      ensure(8);
      putU64(buf, size, v);
      size += 8;
      return this;
    }

    public Writer bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
      return this;
    }

    /** Writes s's bytes into a field of exactly {@code width} bytes, zero padded. */
    public Writer fixed(byte[] s, int width) {
      ensure(width);
      System.arraycopy(s, 0, buf, size, Math.min(width, s.length));
      size += width;
      return this;
    }

    public Writer zeros(int n) {
      ensure(n);
      size += n;
      return this;
    }

    public Writer padTo(int alignment, int fill) {
      while (size % alignment != 0) {
        u8(fill);
      }
      return this;
    }

    public byte[] toByteArray() {
      return java.util.Arrays.copyOf(buf, size);
    }
  }
}
