package dev.jwin.coff;

import java.nio.charset.StandardCharsets;

/** Little-endian field accessors over {@link Bytes} and arrays: every on-disk PE/COFF field goes through here. */
public final class Le {
  private Le() {}

  public static int u8(Bytes s, long off) { return s.a[s.at(off, 1)] & 0xff; }
  public static int u16(Bytes s, long off) { return u16(s.a, s.at(off, 2)); }
  public static short i16(Bytes s, long off) { return (short) u16(s.a, s.at(off, 2)); }
  public static int i32(Bytes s, long off) { return i32(s.a, s.at(off, 4)); }
  public static long u32(Bytes s, long off) { return i32(s.a, s.at(off, 4)) & 0xffffffffL; }
  public static long u64(Bytes s, long off) { return u64(s.a, s.at(off, 8)); }
  public static long be32(Bytes s, long off) { return Integer.reverseBytes(i32(s.a, s.at(off, 4))) & 0xffffffffL; }
  public static long be64(Bytes s, long off) { return Long.reverseBytes(u64(s.a, s.at(off, 8))); }

  // The same fields in a plain array.
  public static int u8(byte[] b, int off) { return b[off] & 0xff; }
  public static int u16(byte[] b, int off) { return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8; }
  public static short i16(byte[] b, int off) { return (short) u16(b, off); }
  public static int i32(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | b[off + 3] << 24;
  }
  public static long u32(byte[] b, int off) { return i32(b, off) & 0xffffffffL; }
  public static long u64(byte[] b, int off) { return u32(b, off) | (long) i32(b, off + 4) << 32; }

  /** Bytes [from, from + len) of {@code s}, copied out. */
  public static byte[] copy(Bytes s, long from, int len) {
    int i = s.at(from, len);
    return java.util.Arrays.copyOfRange(s.a, i, i + len);
  }

  public static void put8(Bytes s, long off, int v) { s.a[s.at(off, 1)] = (byte) v; }
  public static void put16(Bytes s, long off, int v) { put16(s.a, s.at(off, 2), v); }
  public static void put32(Bytes s, long off, long v) { put32(s.a, s.at(off, 4), (int) v); }
  public static void put64(Bytes s, long off, long v) {
    int i = s.at(off, 8);
    put32(s.a, i, (int) v);
    put32(s.a, i + 4, (int) (v >>> 32));
  }

  public static void put16(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
  }

  public static void put32(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }

  public static void add16(Bytes s, long off, long v) { put16(s, off, u16(s, off) + (int) v); }
  public static void add32(Bytes s, long off, long v) { put32(s, off, u32(s, off) + v); }
  public static void add64(Bytes s, long off, long v) { put64(s, off, u64(s, off) + v); }

  /** A NUL-terminated (or length-bounded) Latin-1/UTF-8 string of at most {@code max} bytes. */
  public static String cstring(Bytes s, long off, long max) {
    long end = off;
    long limit = Math.min(s.byteSize(), off + max);
    while (end < limit && s.get(end) != 0) end++;
    return string(s, off, (int) (end - off));
  }

  /** Index of the first NUL at or after {@code off}, or -1 if there is none before the end. */
  public static long findNul(Bytes s, long off) {
    for (long i = off; i < s.len; i++) if (s.a[s.off + (int) i] == 0) return i;
    return -1;
  }

  public static String string(Bytes s, long off, int len) {
    return new String(s.a, s.at(off, len), len, StandardCharsets.UTF_8);
  }

  public static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
