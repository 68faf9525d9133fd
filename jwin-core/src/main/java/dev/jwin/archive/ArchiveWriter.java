package dev.jwin.archive;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code ar} archives in the System V/GNU layout that lld-link, link.exe, the LLVM tools
 * and GNU ld all read. Output is deterministic: timestamps, uid and gid are 0, mode is 644.
 *
 * <p>Layout: {@code !<arch>\n}, the first linker member {@code /} (big-endian symbol count,
 * member offsets, names), for {@link Format#COFF} the second linker member {@code /}
 * (little-endian, sorted names with 1-based member indices), the long-name member {@code //}
 * when needed, then the members, each padded to an even size with {@code \n}.
 */
public final class ArchiveWriter {
  private ArchiveWriter() {}

  /** GNU: one symbol table, duplicates kept; COFF: both linker members, first definition wins. */
  public enum Format { GNU, COFF }

  /**
   * One member: its name (without the trailing '/'), its bytes and the symbols it defines, in
   * the order they should appear in the index.
   */
  public record Member(String name, byte[] data, List<String> symbols) {
    public Member {
      symbols = List.copyOf(symbols);
    }

    /** A member whose symbols are read from its bytes (COFF object or short import). */
    public static Member of(String name, byte[] data) {
      return new Member(name, data, symbolsOf(data));
    }
  }

  static final byte[] MAGIC = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_SIZE = 60;

  // COFF symbol storage classes and section numbers (PE/COFF spec 5.4).
  private static final int IMAGE_SYM_CLASS_EXTERNAL = 2;
  private static final int IMAGE_SYM_CLASS_WEAK_EXTERNAL = 105;
  private static final int IMAGE_WEAK_EXTERN_SEARCH_ALIAS = 3;
  private static final byte[] BIGOBJ_CLASS_ID = {
    (byte) 0xC7, (byte) 0xA1, (byte) 0xBA, (byte) 0xD1, (byte) 0xEE, (byte) 0xBA, (byte) 0xA9, 0x4B,
    (byte) 0xAF, 0x20, (byte) 0xFA, (byte) 0xF6, 0x6A, (byte) 0xA4, (byte) 0xDC, (byte) 0xB8
  };

  /** Serializes the archive. */
  public static byte[] write(List<Member> members, Format format) {
    // Long names go to "//": GNU terminates them with "/\n", COFF with NUL. Equal names share one entry.
    ByteArrayOutputStream longNames = new ByteArrayOutputStream();
    Map<String, Integer> longNameOffsets = new HashMap<>();
    List<byte[]> headers = new ArrayList<>(members.size());
    for (Member m : members) {
      String field;
      if (m.name().length() < 16 && m.name().indexOf('/') < 0) {
        field = m.name() + "/";
      } else {
        Integer offset = longNameOffsets.get(m.name());
        if (offset == null) {
          offset = longNames.size();
          longNameOffsets.put(m.name(), offset);
          longNames.writeBytes(bytes(m.name()));
          longNames.writeBytes(format == Format.COFF ? new byte[] {0} : new byte[] {'/', '\n'});
        }
        field = "/" + offset;
      }
      headers.add(header(field, 0, 0, 0, 0644, m.data().length));
    }

    // Symbols: every definition for GNU; for COFF the first member defining a name owns it.
    List<byte[]> symbolNames = new ArrayList<>();
    List<Integer> symbolMembers = new ArrayList<>();
    TreeMap<byte[], Integer> sorted = new TreeMap<>(Arrays::compareUnsigned);
    for (int i = 0; i < members.size(); i++) {
      for (String s : members.get(i).symbols()) {
        byte[] name = bytes(s);
        if (format == Format.COFF && sorted.putIfAbsent(name, i) != null) {
          continue;
        }
        symbolNames.add(name);
        symbolMembers.add(i);
      }
    }

    int namesSize = 0;
    for (byte[] n : symbolNames) namesSize += n.length + 1;
    boolean writeIndex = format == Format.COFF || !symbolNames.isEmpty();
    int firstSize = even(4 + 4 * symbolNames.size() + namesSize);
    int secondSize = even(8 + 4 * members.size() + 2 * sorted.size() + namesSize);
    int longNamesSize = even(longNames.size());

    long offset = MAGIC.length;
    if (writeIndex) {
      offset += HEADER_SIZE + firstSize;
    }
    if (format == Format.COFF) {
      offset += HEADER_SIZE + secondSize;
    }
    if (longNames.size() > 0) {
      offset += HEADER_SIZE + longNamesSize;
    }
    long[] memberOffsets = new long[members.size()];
    for (int i = 0; i < members.size(); i++) {
      memberOffsets[i] = offset;
      offset += HEADER_SIZE + even(members.get(i).data().length);
    }
    if (offset > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("archive larger than 4 GiB");
    }

    ByteArrayOutputStream out = new ByteArrayOutputStream((int) offset);
    out.writeBytes(MAGIC);
    if (writeIndex) {
      ByteBuffer first = ByteBuffer.allocate(firstSize).order(ByteOrder.BIG_ENDIAN);
      first.putInt(symbolNames.size());
      for (int member : symbolMembers) {
        first.putInt((int) memberOffsets[member]);
      }
      symbolNames.forEach(n -> first.put(n).put((byte) 0));
      out.writeBytes(header("/", 0, 0, 0, 0, firstSize));
      out.writeBytes(first.array());
    }
    if (format == Format.COFF) {
      ByteBuffer second = ByteBuffer.allocate(secondSize).order(ByteOrder.LITTLE_ENDIAN);
      second.putInt(members.size());
      for (long o : memberOffsets) {
        second.putInt((int) o);
      }
      second.putInt(sorted.size());
      sorted.values().forEach(i -> second.putShort((short) (i + 1)));
      sorted.keySet().forEach(n -> second.put(n).put((byte) 0));
      out.writeBytes(header("/", 0, 0, 0, 0, secondSize));
      out.writeBytes(second.array());
    }
    if (longNames.size() > 0) {
      out.writeBytes(header("//", -1, -1, -1, -1, longNamesSize));
      out.writeBytes(longNames.toByteArray());
      pad(out, longNames.size());
    }
    for (int i = 0; i < members.size(); i++) {
      out.writeBytes(headers.get(i));
      out.writeBytes(members.get(i).data());
      pad(out, members.get(i).data().length);
    }
    return out.toByteArray();
  }

  /**
   * The symbols a member contributes to the index: for a short import, {@code __imp_name} and
   * (unless it is DATA) {@code name}; for a COFF object (regular or bigobj), its external
   * definitions, commons and alias weak externals in symbol-table order. Other data: none.
   */
  public static List<String> symbolsOf(byte[] data) {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    if (data.length >= 20 && b.getShort(0) == 0 && b.getShort(2) == (short) 0xFFFF) {
      if (b.getShort(4) == 0) {
        return shortImportSymbols(b);
      }
      if (data.length >= 56 && Arrays.equals(data, 12, 28, BIGOBJ_CLASS_ID, 0, 16)) {
        return objectSymbols(b, b.getInt(48), b.getInt(52), 20);
      }
      return List.of();
    }
    if (data.length < 20 || !isKnownMachine(b.getShort(0) & 0xFFFF)) {
      return List.of();
    }
    return objectSymbols(b, b.getInt(8), b.getInt(12), 18);
  }

  private static boolean isKnownMachine(int machine) {
    return machine == 0 || machine == 0x14c || machine == 0x8664 || machine == 0x1c4
        || machine == 0xaa64 || machine == 0xa641 || machine == 0xa64e || machine == 0x1c0;
  }

  private static List<String> shortImportSymbols(ByteBuffer b) {
    int end = 20;
    while (end < b.limit() && b.get(end) != 0) {
      end++;
    }
    String name = new String(b.array(), 20, end - 20, StandardCharsets.ISO_8859_1);
    boolean data = (b.getShort(18) & 3) == ImportLibraryWriter.ImportType.DATA.value;
    return data ? List.of("__imp_" + name) : List.of("__imp_" + name, name);
  }

  private static List<String> objectSymbols(ByteBuffer b, int pointerToSymbolTable, int numberOfSymbols, int recordSize) {
    List<String> out = new ArrayList<>();
    long stringTable = pointerToSymbolTable + (long) numberOfSymbols * recordSize;
    if (pointerToSymbolTable <= 0 || stringTable > b.limit()) {
      return out;
    }
    boolean bigobj = recordSize == 20;
    for (int i = 0; i < numberOfSymbols; i++) {
      int at = pointerToSymbolTable + i * recordSize;
      long value = Integer.toUnsignedLong(b.getInt(at + 8));
      int section = bigobj ? b.getInt(at + 12) : b.getShort(at + 12);
      int storageClass = b.get(at + recordSize - 2) & 0xFF;
      int aux = b.get(at + recordSize - 1) & 0xFF;
      boolean defined = storageClass == IMAGE_SYM_CLASS_EXTERNAL && (section != 0 || value != 0);
      boolean alias = storageClass == IMAGE_SYM_CLASS_WEAK_EXTERNAL && aux > 0
          && at + recordSize + 8 <= b.limit()
          && b.getInt(at + recordSize + 4) == IMAGE_WEAK_EXTERN_SEARCH_ALIAS;
      if (defined || alias) {
        out.add(symbolName(b, at, stringTable));
      }
      i += aux;
    }
    return out;
  }

  private static String symbolName(ByteBuffer b, int at, long stringTable) {
    byte[] a = b.array();
    int start;
    int limit;
    if (b.getInt(at) == 0) {
      start = (int) (stringTable + Integer.toUnsignedLong(b.getInt(at + 4)));
      limit = a.length;
    } else {
      start = at;
      limit = at + 8;
    }
    int end = start;
    while (end < limit && a[end] != 0) {
      end++;
    }
    return new String(a, start, end - start, StandardCharsets.ISO_8859_1);
  }

  // name[16] date[12] uid[6] gid[6] mode[8] size[10] "`\n"; a negative number leaves its field blank.
  private static byte[] header(String name, long date, int uid, int gid, int mode, long size) {
    StringBuilder h = new StringBuilder(HEADER_SIZE);
    field(h, name, 16);
    field(h, date < 0 ? "" : Long.toString(date), 12);
    field(h, uid < 0 ? "" : Integer.toString(uid), 6);
    field(h, gid < 0 ? "" : Integer.toString(gid), 6);
    field(h, mode < 0 ? "" : Integer.toOctalString(mode), 8);
    field(h, Long.toString(size), 10);
    h.append("`\n");
    return bytes(h.toString());
  }

  private static void field(StringBuilder h, String value, int width) {
    if (value.length() > width) {
      throw new IllegalArgumentException("archive header field too long: " + value);
    }
    h.append(value).repeat(' ', width - value.length());
  }

  private static int even(int n) {
    return n + (n & 1);
  }

  private static void pad(ByteArrayOutputStream out, int size) {
    if ((size & 1) != 0) {
      out.write('\n');
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
