package dev.jwin.archive;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.coff.FileKind;
import dev.jwin.coff.Le;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A view of an {@code ar} archive (GNU/System V layout as written by GNU ar, llvm-ar, llvm-lib and
 * lib.exe). Only the symbol index is decoded up front. An archive given as bytes hands out members as slices of
 * them; one {@link #open opened} from its file reads each header and member as it is asked for, so a link reads
 * the index and the members it uses, not the whole library.
 */
public final class ArchiveReader implements java.io.Closeable {
  public static final int HEADER_SIZE = 60;

  public final String path;
  /** The whole archive, or null when it is read from {@link #file} as needed. */
  private final Bytes data;
  private final RandomAccessFile file;
  private final long size;
  private static final Bytes NO_TABLE = Bytes.EMPTY;
  private volatile Bytes longNames;

  /** A thin archive ("!<thin>"): members other than the index and name table live in their own files. */
  public final boolean thin;

  /** Where the archive is, to find a thin archive's members. */
  private final Path location;

  public ArchiveReader(String path, Bytes data) {
    this(path, data, Path.of(path));
  }

  public ArchiveReader(String path, Bytes data, Path location) {
    this.path = path;
    this.data = data;
    this.file = null;
    this.size = data.byteSize();
    this.location = location;
    this.thin = FileKind.identify(data) == FileKind.THIN_ARCHIVE;
  }

  private ArchiveReader(String path, RandomAccessFile file, Path location, long size, boolean thin) {
    this.path = path;
    this.data = null;
    this.file = file;
    this.size = size;
    this.location = location;
    this.thin = thin;
  }

  /**
   * The archive of {@code kind} ({@link FileKind#ARCHIVE} or {@link FileKind#THIN_ARCHIVE}) in {@code file}
   * ({@code location}), {@code size} bytes read as they are used. The reader owns the file: {@link #close} closes it.
   * Reads hold the file's lock (seek, then read), so threads may share the reader. A RandomAccessFile, not a
   * FileChannel: a member read costs half as much (no temporary direct buffer, fewer layers).
   */
  public static ArchiveReader open(String path, RandomAccessFile file, Path location, long size, FileKind kind) {
    return new ArchiveReader(path, file, location, size, kind == FileKind.THIN_ARCHIVE);
  }

  /** The archive's size in bytes. */
  public long size() { return size; }

  /** Bytes [off, off + len) of the archive, which the caller has checked lie inside it. */
  private Bytes bytes(long off, long len) {
    if (data != null) return data.asSlice(off, len);
    try {
      synchronized (file) {
        file.seek(off);
        return Bytes.read(file, len, location);
      }
    } catch (IOException e) {
      throw new CorruptInputException(path, "cannot read archive: " + e.getMessage());
    }
  }

  @Override public void close() throws IOException {
    if (file != null) file.close();
  }

  /** A member: its header offset, its name, its contents and the offset of the next header. */
  public record Member(long headerOffset, String name, Bytes data, long nextOffset) {}

  /** Header at {@code off}: returns the member, checking that it lies inside the archive. */
  public Member memberAt(long off) {
    return member(off, true);
  }

  /** Members up to this size come with their header in one read. */
  private static final int SMALL_MEMBER = 4096 - HEADER_SIZE;
  /** The read buffer of {@link #headerAndSmallData}, used under the file's lock. */
  private final byte[] chunk = new byte[HEADER_SIZE + SMALL_MEMBER];

  /**
   * The header at {@code off} and, if the member is small (as most a link loads are: import stubs), its contents after
   * it: one read instead of two, into a buffer the reader keeps, of which only what the member needs is copied out (a
   * link's JVM does not collect: what it allocates, it keeps).
   */
  private Bytes headerAndSmallData(long off) {
    int n = (int) Math.min(size - off, chunk.length);
    try {
      synchronized (file) {
        file.seek(off);
        Bytes.readFully(file, chunk, n, location);
        long len = decimal(Bytes.of(chunk), 48, 10);
        int take = len >= 0 && HEADER_SIZE + len <= n ? HEADER_SIZE + (int) len : HEADER_SIZE;
        return Bytes.of(java.util.Arrays.copyOf(chunk, take));
      }
    } catch (IOException e) {
      throw new CorruptInputException(path, "cannot read archive: " + e.getMessage());
    }
  }

  /**
   * The decimal number in {@code len} bytes of {@code h} from {@code at}, padded with spaces (as ar writes sizes),
   * read in place; -1 if the field holds anything else (a sign included: no size is negative).
   */
  private static long decimal(Bytes h, int at, int len) {
    int k = 0, end = len;
    while (k < end && Le.u8(h, at + k) <= ' ') k++; // blanks (or NULs) around the digits
    while (end > k && Le.u8(h, at + end - 1) <= ' ') end--;
    if (k == end) return -1;
    long v = 0;
    for (; k < end; k++) {
      int c = Le.u8(h, at + k);
      if (c < '0' || c > '9') return -1;
      v = 10 * v + (c - '0');
    }
    return v;
  }

  /**
   * {@link #memberAt}; without {@code withData} the member's contents are not read (its data is empty), for a
   * walk that only steps over it.
   */
  private Member member(long off, boolean withData) {
    if (off < 8 || off + HEADER_SIZE > size)
      throw new CorruptInputException(path, "archive member header at offset " + off + " extends past the end of the file");
    Bytes first = withData && data == null ? headerAndSmallData(off) : bytes(off, HEADER_SIZE);
    Bytes h = first.asSlice(0, HEADER_SIZE);
    if (Le.u8(h, 58) != '`' || Le.u8(h, 59) != '\n')
      throw new CorruptInputException(path, "archive member header at offset " + off + " is malformed");
    long len = decimal(h, 48, 10);
    if (len < 0)
      throw new CorruptInputException(path, "archive member at offset " + off + " has a malformed size '"
          + Le.string(h, 48, 10).trim() + "'");
    String name = decodeName(h, off);
    if (thin && !isIndexOrNameTable(name)) return new Member(off, name, external(name, len), off + HEADER_SIZE);
    if (off + HEADER_SIZE + len > size)
      throw new CorruptInputException(path, "archive member at offset " + off + " (" + len + " bytes) extends past the end of the file");
    long end = off + HEADER_SIZE + len;
    Bytes contents = !withData ? Bytes.EMPTY
        : HEADER_SIZE + len <= first.byteSize() ? first.asSlice(HEADER_SIZE, len) : bytes(off + HEADER_SIZE, len);
    return new Member(off, name, contents, end + (end & 1));
  }

  private static boolean isIndexOrNameTable(String name) {
    return name.equals("/") || name.equals("//") || name.equals("/SYM64/");
  }

  /** A thin archive's member: the file it names, relative to the archive's directory. */
  private Bytes external(String name, long size) {
    Path dir = location.toAbsolutePath().getParent();
    Path file = dir == null ? Path.of(name) : dir.resolve(name);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() != size)
        throw new CorruptInputException(path, "thin archive member " + name + " is " + ch.size()
            + " bytes, but the archive says " + size);
      return Bytes.read(ch, 0, size, file);
    } catch (IOException e) {
      throw new CorruptInputException(path, "cannot open thin archive member " + file + ": "
          + (e instanceof java.nio.file.NoSuchFileException ? "no such file or directory" : e.getMessage()));
    }
  }

  /**
   * The member name in header {@code h} (at {@code off}): GNU's "name/", a "/N" offset into the long-name table, or
   * one of the special names, read in place with one String made.
   */
  private String decodeName(Bytes h, long off) {
    int end = 16;
    while (end > 0 && Le.u8(h, end - 1) <= ' ') end--; // trailing blanks, as stripTrailing() (NULs too)
    if (end > 1 && Le.u8(h, 0) == '/' && Le.u8(h, 1) >= '0' && Le.u8(h, 1) <= '9') {
      long idx = 0;
      for (int k = 1; k < end; k++) {
        int c = Le.u8(h, k);
        if (c < '0' || c > '9' || idx > Integer.MAX_VALUE)
          throw new CorruptInputException(path, "archive member at offset " + off + " has a malformed name '"
              + Le.string(h, 0, end) + "'");
        idx = 10 * idx + (c - '0');
      }
      Bytes table = longNameTable();
      long tableEnd = table.byteSize();
      if (idx >= tableEnd)
        throw new CorruptInputException(path, "archive member at offset " + off + " names long-name offset " + idx + " outside the name table");
      long q = idx;
      while (q < tableEnd && Le.u8(table, q) != '\n' && Le.u8(table, q) != 0) q++;
      if (q == tableEnd)
        throw new CorruptInputException(path, "archive member at offset " + off + " has long name offset " + idx
            + " whose name is not terminated in the name table");
      if (q > idx && Le.u8(table, q - 1) == '/') q--;
      return Le.string(table, idx, (int) (q - idx));
    }
    // "/", "//" and "/SYM64/" are names as they stand; others end in GNU's "/" (if any).
    boolean special = end == 1 && Le.u8(h, 0) == '/' || end == 2 && Le.u8(h, 0) == '/' && Le.u8(h, 1) == '/'
        || end == 7 && Le.u8(h, 0) == '/' && Le.u8(h, 6) == '/' && Le.string(h, 0, 7).equals("/SYM64/");
    if (!special && end > 0 && Le.u8(h, end - 1) == '/') end--;
    return Le.string(h, 0, end);
  }

  /**
   * The "//" member's contents, or empty when there is none; found once (it precedes all real members) and
   * shared by the threads that read members in parallel. Reads raw names only.
   */
  private Bytes longNameTable() {
    Bytes t = longNames;
    if (t != null) return t;
    synchronized (this) {
      if (longNames != null) return longNames;
      t = NO_TABLE;
      for (long off = 8; off + HEADER_SIZE <= size; ) {
        String raw = Le.string(bytes(off, 16), 0, 16).stripTrailing();
        if (!raw.equals("/") && !raw.equals("//") && !raw.equals("/SYM64/")) break;
        // The symbol index before it is stepped over, not read again.
        Member m = member(off, raw.equals("//"));
        if (raw.equals("//")) {
          t = m.data();
          break;
        }
        off = next(m);
      }
      longNames = t;
      return t;
    }
  }

  /** Offset of the header following member {@code m} (members are 2-byte aligned). */
  public static long next(Member m) {
    return m.nextOffset;
  }

  /** The symbol index, as a hash table over its names (see {@link ArchiveIndex}). */
  public ArchiveIndex index() {
    return ArchiveIndex.read(this);
  }

  /** Calls {@code sink} with each (symbol, member header offset) pair of the archive's symbol index. */
  public void forEachSymbol(SymbolSink sink) {
    ArchiveIndex index = index();
    for (int i = 0; i < index.size(); i++) sink.accept(index.name(i), index.memberOffset(i));
    if (index.failure() != null) throw index.failure();
  }

  /** Calls {@code sink} with each regular member (skipping the symbol index and name table). */
  public void forEachMember(java.util.function.Consumer<Member> sink) {
    for (long off = 8; off < size; ) {
      Member m = memberAt(off);
      if (!m.name.equals("/") && !m.name.equals("//") && !m.name.equals("/SYM64/")) sink.accept(m);
      off = next(m);
    }
  }

  @FunctionalInterface
  public interface SymbolSink {
    void accept(String symbol, long memberOffset);
  }

}
