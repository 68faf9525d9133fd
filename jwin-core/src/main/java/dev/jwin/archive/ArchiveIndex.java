package dev.jwin.archive;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.coff.Le;

import java.nio.charset.StandardCharsets;

/**
 * An archive's symbol index ("/" or "/SYM64/" member) as an open-addressing hash table over the name
 * bytes: a linker asks "which member defines NAME?" without an object or a String per entry. Names
 * compare as ISO-8859-1 text (one char per byte), so an entry's hash is {@link String#hashCode} of its
 * name and a lookup by String needs no encoding. Only the first entry of a name is found, as the first
 * entry is the one a linker uses.
 */
public final class ArchiveIndex {
  private static final ArchiveIndex EMPTY = new ArchiveIndex(new byte[0], new int[] {0}, new int[0], new int[1], 0,
      Bytes.of(new byte[0]), 4, null);

  /** The name region of the index: NUL-terminated names, one after another. */
  private final byte[] names;
  /** Entry i's name is names[start[i], start[i + 1] - 1). */
  private final int[] start;
  private final int[] hashes;
  /** Slot: entry + 1, or 0 for free. */
  private final int[] table;
  private final int count;
  private final Bytes offsets;
  private final int width;
  private final CorruptInputException failure;

  private ArchiveIndex(byte[] names, int[] start, int[] hashes, int[] table, int count, Bytes offsets, int width,
                       CorruptInputException failure) {
    this.names = names;
    this.start = start;
    this.hashes = hashes;
    this.table = table;
    this.count = count;
    this.offsets = offsets;
    this.width = width;
    this.failure = failure;
  }

  /**
   * Reads the index of {@code ar}. A malformed header throws; a truncated name list yields the entries
   * before the damage, with the problem in {@link #failure()}, since a linker has offered those already.
   */
  static ArchiveIndex read(ArchiveReader ar) {
    if (ar.size() == 8) return EMPTY; // empty archive
    ArchiveReader.Member first = ar.memberAt(8);
    boolean is64 = first.name().equals("/SYM64/");
    if (!first.name().equals("/") && !is64)
      throw new CorruptInputException(ar.path, "archive has no symbol index; run 'llvm-ranlib' or 'jwin lib' on it");
    Bytes d = first.data();
    int w = is64 ? 8 : 4;
    if (d.byteSize() < w) throw new CorruptInputException(ar.path, "truncated archive symbol index");
    long claimed = is64 ? Le.be64(d, 0) : Le.be32(d, 0);
    if (claimed < 0 || w + claimed * w > d.byteSize())
      throw new CorruptInputException(ar.path, "archive symbol index claims " + claimed + " symbols but is only "
          + d.byteSize() + " bytes");
    int total = (int) claimed;
    long namesAt = w + claimed * w;
    // One bulk copy of the name region, then plain byte scanning.
    byte[] b = Le.copy(d, namesAt, (int) (d.byteSize() - namesAt));
    Builder t = new Builder(b, total);
    CorruptInputException failure = null;
    int n = 0;
    // One call per entry: a small method is compiled after a few hundred calls, a loop body only much later.
    while (n < total && t.add(n)) n++;
    if (n < total)
      failure = new CorruptInputException(ar.path, "truncated archive symbol index (symbol " + n + " of " + claimed + ")");
    return new ArchiveIndex(b, t.start, t.hashes, t.table, n, d.asSlice(w, claimed * w), w, failure);
  }

  private static final class Builder {
    final byte[] names;
    final int[] start, hashes, table;

    Builder(byte[] names, int entries) {
      this.names = names;
      start = new int[entries + 1];
      hashes = new int[entries];
      table = new int[tableSize(entries)];
    }

    /** Adds entry {@code n}, whose name starts at start[n]; false if the name is not NUL-terminated. */
    boolean add(int n) {
      byte[] b = names;
      int from = start[n], q = from, h = 0;
      byte c;
      while (q < b.length && (c = b[q]) != 0) {
        h = 31 * h + (c & 0xff);
        q++;
      }
      if (q >= b.length) return false;
      start[n + 1] = q + 1;
      hashes[n] = h;
      int mask = table.length - 1, slot = slot(h, mask);
      for (int e; (e = table[slot]) != 0; slot = (slot + 1) & mask)
        if (hashes[e - 1] == h && sameName(b, start[e - 1], start[e] - 1, from, q)) return true;
      table[slot] = n + 1;
      return true;
    }
  }

  /** Whether names[a, aEnd) and names[b, bEnd) are the same bytes (a plain loop: names are short, and few compare). */
  private static boolean sameName(byte[] names, int a, int aEnd, int b, int bEnd) {
    if (aEnd - a != bEnd - b) return false;
    while (a < aEnd) if (names[a++] != names[b++]) return false;
    return true;
  }

  private static int tableSize(int entries) {
    return Integer.highestOneBit(Math.max(2, entries) * 2 - 1) << 1;
  }

  private static int slot(int hash, int mask) {
    return (hash * 0x9E3779B9 >>> 7) & mask;
  }

  /** Entries read (all of them unless {@link #failure()}). */
  public int size() { return count; }

  /** Why the index ends early, or null. */
  public CorruptInputException failure() { return failure; }

  /** The first entry named {@code name}, or -1. */
  public int find(String name) {
    int h = name.hashCode(), len = name.length(), mask = table.length - 1;
    for (int slot = slot(h, mask), e; (e = table[slot]) != 0; slot = (slot + 1) & mask) {
      e--;
      if (hashes[e] != h || start[e + 1] - 1 - start[e] != len) continue;
      int s = start[e];
      int k = 0;
      while (k < len && name.charAt(k) == (names[s + k] & 0xff)) k++;
      if (k == len) return e;
    }
    return -1;
  }

  /** Whether entry {@code e}'s name starts with {@code prefix}. */
  public boolean startsWith(int e, String prefix) {
    int s = start[e], len = prefix.length();
    if (start[e + 1] - 1 - s < len) return false;
    for (int k = 0; k < len; k++) if (prefix.charAt(k) != (names[s + k] & 0xff)) return false;
    return true;
  }

  public String name(int e) {
    return new String(names, start[e], start[e + 1] - 1 - start[e], StandardCharsets.ISO_8859_1);
  }

  /** The header offset of the member that defines entry {@code e}. */
  public long memberOffset(int e) {
    return width == 8 ? Le.be64(offsets, (long) e * 8) : Le.be32(offsets, (long) e * 4);
  }
}
