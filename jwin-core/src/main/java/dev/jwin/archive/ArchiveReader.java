package dev.jwin.archive;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.coff.FileKind;
import dev.jwin.coff.Le;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A view of an {@code ar} archive (GNU/System V layout as written by GNU ar, llvm-ar, llvm-lib and
 * lib.exe). Only the symbol index is decoded up front; members are slices of the archive's bytes.
 */
public final class ArchiveReader {
  public static final int HEADER_SIZE = 60;

  public final String path;
  public final Bytes data;
  private static final long[] NO_TABLE = {-1, 0};
  private volatile long[] longNames;

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
    this.location = location;
    this.thin = FileKind.identify(data) == FileKind.THIN_ARCHIVE;
  }

  /** A member: its header offset, its name, its contents and the offset of the next header. */
  public record Member(long headerOffset, String name, Bytes data, long nextOffset) {}

  /** Header at {@code off}: returns the member, checking that it lies inside the archive. */
  public Member memberAt(long off) {
    long size = data.byteSize();
    if (off < 8 || off + HEADER_SIZE > size)
      throw new CorruptInputException(path, "archive member header at offset " + off + " extends past the end of the file");
    if (Le.u8(data, off + 58) != '`' || Le.u8(data, off + 59) != '\n')
      throw new CorruptInputException(path, "archive member header at offset " + off + " is malformed");
    String sizeField = Le.string(data, off + 48, 10).trim();
    long len;
    try {
      len = Long.parseLong(sizeField);
    } catch (NumberFormatException e) {
      throw new CorruptInputException(path, "archive member at offset " + off + " has a malformed size '" + sizeField + "'");
    }
    String raw = Le.string(data, off, 16);
    String name = decodeName(raw, off);
    if (thin && !isIndexOrNameTable(name)) {
      if (len < 0) throw new CorruptInputException(path, "archive member at offset " + off + " has a negative size");
      return new Member(off, name, external(name, len), off + HEADER_SIZE);
    }
    if (len < 0 || off + HEADER_SIZE + len > size)
      throw new CorruptInputException(path, "archive member at offset " + off + " (" + len + " bytes) extends past the end of the file");
    long end = off + HEADER_SIZE + len;
    return new Member(off, name, data.asSlice(off + HEADER_SIZE, len), end + (end & 1));
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

  private String decodeName(String raw, long off) {
    String r = raw.stripTrailing();
    if (r.equals("/") || r.equals("//") || r.equals("/SYM64/")) return r;
    if (r.startsWith("/") && r.length() > 1 && Character.isDigit(r.charAt(1))) {
      long idx;
      try {
        idx = Long.parseLong(r.substring(1).trim());
      } catch (NumberFormatException e) {
        throw new CorruptInputException(path, "archive member at offset " + off + " has a malformed name '" + r + "'");
      }
      long[] table = longNameTable();
      long longNamesStart = table[0], longNamesSize = table[1];
      if (longNamesStart < 0 || idx >= longNamesSize)
        throw new CorruptInputException(path, "archive member at offset " + off + " names long-name offset " + idx + " outside the name table");
      long p = longNamesStart + idx, end = longNamesStart + longNamesSize, q = p;
      while (q < end && Le.u8(data, q) != '\n' && Le.u8(data, q) != 0) q++;
      if (q == end)
        throw new CorruptInputException(path, "archive member at offset " + off + " has long name offset " + idx
            + " whose name is not terminated in the name table");
      String n = Le.string(data, p, (int) (q - p));
      return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
    }
    return r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
  }

  /**
   * The "//" member's [offset, size], or null when there is none; found once (it precedes all real
   * members) and shared by the threads that read members in parallel. Reads raw names only.
   */
  private long[] longNameTable() {
    long[] t = longNames;
    if (t != null) return t;
    synchronized (this) {
      if (longNames != null) return longNames;
      t = NO_TABLE;
      for (long off = 8; off + HEADER_SIZE <= data.byteSize(); ) {
        String raw = Le.string(data, off, 16).stripTrailing();
        if (!raw.equals("/") && !raw.equals("//") && !raw.equals("/SYM64/")) break;
        Member m = memberAt(off);
        if (raw.equals("//")) {
          t = new long[] {off + HEADER_SIZE, m.data().byteSize()};
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
    for (long off = 8; off < data.byteSize(); ) {
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
