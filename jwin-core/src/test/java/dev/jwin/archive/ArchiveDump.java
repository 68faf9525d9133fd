package dev.jwin.archive;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads an ar archive back for tests: raw member headers, bodies and both symbol indexes. */
record ArchiveDump(List<Raw> raw, List<Index> gnuIndex, List<Index> coffIndex, int[] coffMemberOffsets) {
  /** One member as stored: header text, body, offset of its header. */
  record Raw(String header, byte[] body, int offset) {
    String nameField() {
      return header.substring(0, 16).stripTrailing();
    }

    String sizeField() {
      return header.substring(48, 58).stripTrailing();
    }
  }

  /** A symbol and the header offset of the member defining it. */
  record Index(String symbol, int memberOffset) {}

  static ArchiveDump read(byte[] a) {
    if (!new String(a, 0, 8, StandardCharsets.ISO_8859_1).equals("!<arch>\n")) {
      throw new AssertionError("no archive magic");
    }
    List<Raw> raw = new ArrayList<>();
    int at = 8;
    while (at < a.length) {
      String header = new String(a, at, 60, StandardCharsets.ISO_8859_1);
      if (!header.endsWith("`\n")) {
        throw new AssertionError("bad header at " + at);
      }
      int size = Integer.parseInt(header.substring(48, 58).strip());
      raw.add(new Raw(header, Arrays.copyOfRange(a, at + 60, at + 60 + size), at));
      at += 60 + size;
      if ((size & 1) != 0) {
        if (a[at] != '\n') {
          throw new AssertionError("odd member not padded with \\n at " + at);
        }
        at++;
      }
    }
    List<Index> gnu = new ArrayList<>();
    List<Index> coff = new ArrayList<>();
    int[] offsets = new int[0];
    int linkerMembers = 0;
    for (Raw r : raw) {
      if (!r.nameField().equals("/")) {
        continue;
      }
      if (linkerMembers++ == 0) {
        ByteBuffer b = ByteBuffer.wrap(r.body()).order(ByteOrder.BIG_ENDIAN);
        int n = b.getInt();
        int[] memberOffsets = new int[n];
        for (int i = 0; i < n; i++) {
          memberOffsets[i] = b.getInt();
        }
        for (int i = 0; i < n; i++) {
          gnu.add(new Index(cString(b), memberOffsets[i]));
        }
      } else {
        ByteBuffer b = ByteBuffer.wrap(r.body()).order(ByteOrder.LITTLE_ENDIAN);
        offsets = new int[b.getInt()];
        for (int i = 0; i < offsets.length; i++) {
          offsets[i] = b.getInt();
        }
        int n = b.getInt();
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
          indices[i] = b.getShort() & 0xFFFF;
        }
        for (int i = 0; i < n; i++) {
          coff.add(new Index(cString(b), offsets[indices[i] - 1]));
        }
      }
    }
    return new ArchiveDump(raw, gnu, coff, offsets);
  }

  /** Members other than the linker members and the long-name table. */
  List<Raw> members() {
    return raw.stream().filter(r -> !r.nameField().equals("/") && !r.nameField().equals("//")).toList();
  }

  private static String cString(ByteBuffer b) {
    int start = b.position();
    while (b.get() != 0) {
      // scan to NUL
    }
    return new String(b.array(), start, b.position() - start - 1, StandardCharsets.ISO_8859_1);
  }
}
