package dev.jwin.archive;

import dev.jwin.coff.CorruptInputException;
import dev.jwin.coff.Le;

import java.lang.foreign.MemorySegment;

/**
 * A view of an {@code ar} archive (GNU/System V layout as written by GNU ar, llvm-ar, llvm-lib and
 * lib.exe). Only the symbol index is decoded up front; members are slices of the mapped archive.
 */
public final class ArchiveReader {
  public static final int HEADER_SIZE = 60;

  public final String path;
  public final MemorySegment data;
  private static final long[] NO_TABLE = {-1, 0};
  private volatile long[] longNames;

  public ArchiveReader(String path, MemorySegment data) {
    this.path = path;
    this.data = data;
  }

  /** A member: its header offset, its name and its contents. */
  public record Member(long headerOffset, String name, MemorySegment data) {}

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
    if (len < 0 || off + HEADER_SIZE + len > size)
      throw new CorruptInputException(path, "archive member at offset " + off + " (" + len + " bytes) extends past the end of the file");
    String raw = Le.string(data, off, 16);
    return new Member(off, decodeName(raw, off), data.asSlice(off + HEADER_SIZE, len));
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
    long end = m.headerOffset + HEADER_SIZE + m.data.byteSize();
    return end + (end & 1);
  }

  /** Calls {@code sink} with each (symbol, member header offset) pair of the archive's symbol index. */
  public void forEachSymbol(SymbolSink sink) {
    if (data.byteSize() == 8) return; // empty archive
    Member first = memberAt(8);
    boolean is64 = first.name.equals("/SYM64/");
    if (!first.name.equals("/") && !is64)
      throw new CorruptInputException(path, "archive has no symbol index; run 'llvm-ranlib' or 'jwin lib' on it");
    MemorySegment d = first.data;
    int w = is64 ? 8 : 4;
    if (d.byteSize() < w) throw new CorruptInputException(path, "truncated archive symbol index");
    long count = is64 ? Le.be64(d, 0) : Le.be32(d, 0);
    if (count < 0 || w + count * w > d.byteSize())
      throw new CorruptInputException(path, "archive symbol index claims " + count + " symbols but is only " + d.byteSize() + " bytes");
    long names = w + count * w;
    // One bulk copy of the name region, then plain byte scanning: this runs for every archive.
    byte[] strings = new byte[(int) (d.byteSize() - names)];
    MemorySegment.copy(d, java.lang.foreign.ValueLayout.JAVA_BYTE, names, strings, 0, strings.length);
    int p = 0;
    for (long i = 0; i < count; i++) {
      long off = is64 ? Le.be64(d, w + i * w) : Le.be32(d, w + i * w);
      int nul = p;
      while (nul < strings.length && strings[nul] != 0) nul++;
      if (nul >= strings.length) throw new CorruptInputException(path, "truncated archive symbol index (symbol " + i + " of " + count + ")");
      sink.accept(new String(strings, p, nul - p, java.nio.charset.StandardCharsets.ISO_8859_1), off);
      p = nul + 1;
    }
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
