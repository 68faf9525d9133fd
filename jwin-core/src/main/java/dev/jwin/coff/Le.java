package dev.jwin.coff;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Little-endian field accessors over memory segments: every on-disk PE/COFF field goes through here. */
public final class Le {
  private Le() {}

  private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  public static int u8(MemorySegment s, long off) { return s.get(ValueLayout.JAVA_BYTE, off) & 0xff; }
  public static int u16(MemorySegment s, long off) { return s.get(U16, off) & 0xffff; }
  public static short i16(MemorySegment s, long off) { return s.get(U16, off); }
  public static int i32(MemorySegment s, long off) { return s.get(U32, off); }
  public static long u32(MemorySegment s, long off) { return s.get(U32, off) & 0xffffffffL; }
  public static long u64(MemorySegment s, long off) { return s.get(U64, off); }
  public static long be32(MemorySegment s, long off) { return s.get(BE32, off) & 0xffffffffL; }
  public static long be64(MemorySegment s, long off) { return s.get(BE64, off); }

  // The same fields in a byte[] copy: plain array reads, cheap from the first call on (no var handle to link).
  public static int u8(byte[] b, int off) { return b[off] & 0xff; }
  public static int u16(byte[] b, int off) { return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8; }
  public static short i16(byte[] b, int off) { return (short) u16(b, off); }
  public static int i32(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | b[off + 3] << 24;
  }
  public static long u32(byte[] b, int off) { return i32(b, off) & 0xffffffffL; }
  public static long u64(byte[] b, int off) { return u32(b, off) | (long) i32(b, off + 4) << 32; }

  /** Bytes [from, from + len) of {@code s}, copied out. */
  public static byte[] copy(MemorySegment s, long from, int len) {
    byte[] b = new byte[len];
    MemorySegment.copy(s, ValueLayout.JAVA_BYTE, from, b, 0, len);
    return b;
  }

  public static void put8(MemorySegment s, long off, int v) { s.set(ValueLayout.JAVA_BYTE, off, (byte) v); }
  public static void put16(MemorySegment s, long off, int v) { s.set(U16, off, (short) v); }
  public static void put32(MemorySegment s, long off, long v) { s.set(U32, off, (int) v); }
  public static void put64(MemorySegment s, long off, long v) { s.set(U64, off, v); }

  public static void add16(MemorySegment s, long off, long v) { put16(s, off, u16(s, off) + (int) v); }
  public static void add32(MemorySegment s, long off, long v) { put32(s, off, u32(s, off) + v); }
  public static void add64(MemorySegment s, long off, long v) { put64(s, off, u64(s, off) + v); }

  /** A NUL-terminated (or length-bounded) Latin-1/UTF-8 string of at most {@code max} bytes. */
  public static String cstring(MemorySegment s, long off, long max) {
    long end = off;
    long limit = Math.min(s.byteSize(), off + max);
    while (end < limit && s.get(ValueLayout.JAVA_BYTE, end) != 0) end++;
    return string(s, off, (int) (end - off));
  }

  /** Index of the first NUL at or after {@code off}, or -1 if there is none before the end. */
  public static long findNul(MemorySegment s, long off) {
    long size = s.byteSize();
    for (long i = off; i < size; i++) if (s.get(ValueLayout.JAVA_BYTE, i) == 0) return i;
    return -1;
  }

  public static String string(MemorySegment s, long off, int len) {
    return new String(copy(s, off, len), StandardCharsets.UTF_8);
  }

  public static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
