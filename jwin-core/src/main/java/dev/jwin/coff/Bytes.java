package dev.jwin.coff;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * A bounds-checked window on a {@code byte[]}: what every reader and writer of binary formats works on.
 *
 * <p>Inputs are read into heap arrays rather than mapped: a link is over in tens of milliseconds, and plain array
 * reads cost little from the first call on, in the interpreter too, where mapped memory goes through
 * {@code java.lang.foreign}, whose classes, var handles and method handles take longer to set up and to compile
 * than small inputs take to link.
 */
public final class Bytes {
  public static final Bytes EMPTY = new Bytes(new byte[0], 0, 0);

  final byte[] a;
  final int off;
  final int len;

  private Bytes(byte[] a, int off, int len) {
    this.a = a;
    this.off = off;
    this.len = len;
  }

  /** The whole array, not copied. */
  public static Bytes of(byte[] a) { return new Bytes(a, 0, a.length); }

  /** A new zero-filled buffer of {@code size} bytes. */
  public static Bytes allocate(long size) {
    if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("more than 2 GiB: " + size + " bytes");
    return of(new byte[(int) size]);
  }

  /** The whole file, read in one go. */
  public static Bytes read(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      return read(ch, 0, ch.size(), p);
    }
  }

  /** {@code size} bytes of {@code ch} from {@code pos}; fewer than that (a file that shrank) is an error. */
  public static Bytes read(FileChannel ch, long pos, long size, Path p) throws IOException {
    if (size > Integer.MAX_VALUE - 8) throw new IOException(p + ": file too large (" + size + " bytes)");
    byte[] a = new byte[(int) size];
    // A megabyte at a time, for the reason writeTo(RandomAccessFile) gives: a channel reads through native memory too.
    for (int done = 0; done < a.length; ) {
      ByteBuffer b = ByteBuffer.wrap(a, done, Math.min(CHUNK, a.length - done));
      while (b.hasRemaining()) {
        int n = ch.read(b, pos + done);
        if (n < 0) throw new IOException(p + ": file shrank while it was read");
        done += n;
      }
    }
    return of(a);
  }

  /** The first {@code size} bytes of {@code f}, read straight into the array; fewer than that is an error. */
  public static Bytes read(RandomAccessFile f, long size, Path p) throws IOException {
    return of(readArray(f, size, p));
  }

  /** {@link #read(RandomAccessFile, long, Path)}, as a plain array. */
  public static byte[] readArray(RandomAccessFile f, long size, Path p) throws IOException {
    if (size > Integer.MAX_VALUE - 8) throw new IOException(p + ": file too large (" + size + " bytes)");
    byte[] a = new byte[(int) size];
    readFully(f, a, a.length, p);
    return a;
  }

  /** Fills {@code a[0, n)} from {@code f}'s file pointer on; a file that ends before that ({@code p}) shrank. */
  public static void readFully(RandomAccessFile f, byte[] a, int n, Path p) throws IOException {
    for (int done = 0, r; done < n; done += r)
      if ((r = f.read(a, done, n - done)) < 0) throw new IOException(p + ": file shrank while it was read");
  }

  /**
   * Writes all bytes to {@code f} where its file pointer is, a megabyte at a time: each call copies through native
   * memory, and a small buffer is allocated and reused where one the size of a whole image would be allocated and
   * faulted in afresh.
   */
  public void writeTo(RandomAccessFile f) throws IOException {
    for (int done = 0; done < len; done += CHUNK) f.write(a, off + done, Math.min(CHUNK, len - done));
  }

  private static final int CHUNK = 1 << 20;

  public long byteSize() { return len; }

  /** Bytes [from, from + size): a view, not a copy. */
  public Bytes asSlice(long from, long size) {
    Objects.checkFromIndexSize(from, size, len);
    return new Bytes(a, off + (int) from, (int) size);
  }

  /** Bytes [from, end): a view, not a copy. */
  public Bytes asSlice(long from) {
    Objects.checkFromToIndex(from, len, len);
    return new Bytes(a, off + (int) from, len - (int) from);
  }

  /** Index in {@link #a} of byte {@code i}, after checking that {@code [i, i + n)} lies inside. */
  int at(long i, int n) {
    if (i < 0 || i > len - n) throw new IndexOutOfBoundsException("offset " + i + " + " + n + " outside 0.." + len);
    return off + (int) i;
  }

  public byte get(long i) { return a[at(i, 1)]; }

  public void set(long i, byte v) { a[at(i, 1)] = v; }

  public byte[] toArray() { return Arrays.copyOfRange(a, off, off + len); }

  public void fill(byte v) { Arrays.fill(a, off, off + len, v); }

  /** Sets bytes {@code [from, from + n)} to {@code v}, without a view of them. */
  public void fill(long from, long n, byte v) {
    Objects.checkFromIndexSize(from, n, len);
    Arrays.fill(a, off + (int) from, off + (int) (from + n), v);
  }

  /** Copies all of {@code src} to the start of this buffer. */
  public void copyFrom(Bytes src) { copy(src, 0, this, 0, src.len); }

  /** Index of the first byte that differs from {@code o}'s, or -1 if both hold the same bytes. */
  public long mismatch(Bytes o) { return Arrays.mismatch(a, off, off + len, o.a, o.off, o.off + o.len); }

  /** A {@link ByteBuffer} over the same bytes (big-endian, as every new buffer). */
  public ByteBuffer asByteBuffer() { return ByteBuffer.wrap(a, off, len).slice(); }

  public static void copy(Bytes src, long srcOff, Bytes dst, long dstOff, long n) {
    int k = (int) n;
    if (n != k) throw new IndexOutOfBoundsException("length " + n);
    System.arraycopy(src.a, src.at(srcOff, k), dst.a, dst.at(dstOff, k), k);
  }

  public static void copy(Bytes src, long srcOff, byte[] dst, int dstOff, int n) {
    System.arraycopy(src.a, src.at(srcOff, n), dst, dstOff, n);
  }

  public static void copy(byte[] src, int srcOff, Bytes dst, long dstOff, int n) {
    System.arraycopy(src, srcOff, dst.a, dst.at(dstOff, n), n);
  }
}
