package dev.jwin.res;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.coff.Le;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .res} file: the 32-byte empty entry that marks it, then one entry per resource (header with
 * type, name, language and versions, then the data), each header and data block padded to 4 bytes.
 */
public final class ResFile {
  private ResFile() {}

  /** The smallest header: sizes, ordinal type and name, and the fixed tail. */
  static final int MIN_HEADER_SIZE = 32;

  /** A resource type or name: an ordinal ({@code name == null}) or a UTF-16 string. */
  public record Id(String name, int id) {
    public static Id of(int id) { return new Id(null, id & 0xffff); }

    public static Id of(String name) { return new Id(name, 0); }

    public boolean isName() { return name != null; }

    @Override public String toString() { return isName() ? "\"" + name + "\"" : "ID " + id; }
  }

  /** One resource, its data a slice of the file it came from. */
  public record Entry(Id type, Id name, int language, long dataVersion, int memoryFlags, long version,
                      long characteristics, Bytes data) {
    public Entry(Id type, Id name, int language, byte[] data) {
      this(type, name, language, 0, 0x30, 0, 0, Bytes.of(data));
    }
  }

  /** Reads every entry after the empty one. */
  public static List<Entry> read(String file, Bytes s) {
    long size = s.byteSize();
    if (size < 32) throw new CorruptInputException(file, "too small to be a resource file");
    List<Entry> out = new ArrayList<>();
    long p = 32;
    while (p < size) {
      long start = p;
      need(file, s, start, p, 8);
      long dataSize = Le.u32(s, p);
      long headerSize = Le.u32(s, p + 4);
      if (headerSize < MIN_HEADER_SIZE) throw new CorruptInputException(file, "header size too small (entry at offset " + start + ")");
      p += 8;
      long[] cursor = {p};
      Id type = readId(file, s, start, cursor);
      Id name = readId(file, s, start, cursor);
      p = align4(cursor[0]);
      need(file, s, start, p, 16);
      long dataVersion = Le.u32(s, p);
      int memoryFlags = Le.u16(s, p + 4);
      int language = Le.u16(s, p + 6);
      long version = Le.u32(s, p + 8);
      long characteristics = Le.u32(s, p + 12);
      p += 16;
      need(file, s, start, p, dataSize);
      out.add(new Entry(type, name, language, dataVersion, memoryFlags, version, characteristics, s.asSlice(p, dataSize)));
      p = Math.min(size, align4(p + dataSize));
    }
    return out;
  }

  private static void need(String file, Bytes s, long entry, long p, long n) {
    if (p + n > s.byteSize())
      throw new CorruptInputException(file, "resource entry at offset " + entry + " extends past the end of the file");
  }

  private static Id readId(String file, Bytes s, long entry, long[] cursor) {
    long p = cursor[0];
    need(file, s, entry, p, 2);
    if (Le.u16(s, p) == 0xffff) {
      need(file, s, entry, p, 4);
      cursor[0] = p + 4;
      return Id.of(Le.u16(s, p + 2));
    }
    StringBuilder b = new StringBuilder();
    while (true) {
      need(file, s, entry, p, 2);
      int c = Le.u16(s, p);
      p += 2;
      if (c == 0) break;
      b.append((char) c);
    }
    cursor[0] = p;
    return Id.of(b.toString());
  }

  static long align4(long v) { return (v + 3) & ~3L; }

  /** Writes a {@code .res} file: the empty entry, then the entries in order. */
  public static byte[] write(List<Entry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] empty = new byte[32];
    empty[4] = 0x20;
    empty[8] = empty[9] = empty[12] = empty[13] = (byte) 0xff;
    out.writeBytes(empty);
    for (Entry e : entries) {
      ByteArrayOutputStream h = new ByteArrayOutputStream();
      writeId(h, e.type());
      writeId(h, e.name());
      while (h.size() % 4 != 0) h.write(0);
      byte[] ids = h.toByteArray();
      long dataSize = e.data().byteSize();
      byte[] head = new byte[8 + ids.length + 16];
      Bytes hs = Bytes.of(head);
      Le.put32(hs, 0, dataSize);
      Le.put32(hs, 4, head.length);
      System.arraycopy(ids, 0, head, 8, ids.length);
      long t = 8 + ids.length;
      Le.put32(hs, t, e.dataVersion());
      Le.put16(hs, t + 4, e.memoryFlags());
      Le.put16(hs, t + 6, e.language());
      Le.put32(hs, t + 8, e.version());
      Le.put32(hs, t + 12, e.characteristics());
      out.writeBytes(head);
      out.writeBytes(e.data().toArray());
      while (out.size() % 4 != 0) out.write(0);
    }
    return out.toByteArray();
  }

  private static void writeId(ByteArrayOutputStream h, Id id) {
    if (!id.isName()) {
      h.write(0xff);
      h.write(0xff);
      h.write(id.id() & 0xff);
      h.write(id.id() >>> 8);
      return;
    }
    for (int i = 0; i < id.name().length(); i++) {
      char c = id.name().charAt(i);
      h.write(c & 0xff);
      h.write(c >>> 8);
    }
    h.write(0);
    h.write(0);
  }
}
