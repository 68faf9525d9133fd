package dev.jwin.res;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link ResourceTree} as a COFF object, laid out as cvtres does: {@code .rsrc$01} holds the
 * directory tables (breadth first), the data entries and the directory strings, with one address
 * relocation per data entry against a {@code $R} symbol; {@code .rsrc$02} holds the data, each piece
 * 8-byte aligned. The linker places both in {@code .rsrc}.
 */
public final class ResourceObject {
  private ResourceObject() {}

  private static final int HEADER = 20, SECTION = 40, SYMBOL = 18, RELOC = 10;

  public static byte[] write(ResourceTree tree, int machine, long timestamp) {
    int n = tree.data.size();
    long treeSize = tree.root.treeSize();
    long[] stringOffsets = new long[tree.strings.size()];
    long strings = 0;
    for (int i = 0; i < stringOffsets.length; i++) {
      stringOffsets[i] = treeSize + strings;
      strings += 2 + 2L * tree.strings.get(i).length();
    }
    long oneSize = treeSize + align(strings, 4);
    long oneOffset = HEADER + 2 * SECTION;
    long relocOffset = oneOffset + oneSize;
    long twoOffset = align(relocOffset + (long) n * RELOC, 8);
    long[] dataOffsets = new long[n];
    long twoSize = 0;
    for (int i = 0; i < n; i++) {
      dataOffsets[i] = twoSize;
      twoSize += align(tree.data.get(i).byteSize(), 8);
    }
    long symtab = align(twoOffset + twoSize, 8);
    long fileSize = symtab + (5L + n) * SYMBOL + 4;
    if (fileSize > Integer.MAX_VALUE) throw new IllegalArgumentException("resources too large: " + fileSize + " bytes");
    byte[] out = new byte[(int) fileSize];
    Bytes s = Bytes.of(out);

    Le.put16(s, 0, machine);
    Le.put16(s, 2, 2);
    Le.put32(s, 4, timestamp);
    Le.put32(s, 8, symtab);
    Le.put32(s, 12, n + 5);
    Le.put16(s, 18, 0x100); // IMAGE_FILE_32BIT_MACHINE, as cvtres sets it for every machine
    int chars = Coff.SCN_CNT_INITIALIZED_DATA | Coff.SCN_MEM_READ;
    sectionHeader(s, HEADER, ".rsrc$01", oneSize, oneOffset, relocOffset, n, chars);
    sectionHeader(s, HEADER + SECTION, ".rsrc$02", twoSize, twoOffset, 0, 0, chars);

    long[] entryOffsets = writeDirectory(tree, s, oneOffset, stringOffsets);
    long p = oneOffset + treeSize;
    for (String str : tree.strings) {
      Le.put16(s, p, str.length());
      for (int k = 0; k < str.length(); k++) Le.put16(s, p + 2 + 2L * k, str.charAt(k));
      p += 2 + 2L * str.length();
    }
    int relType = ResourceTree.addr32nb(machine);
    for (int i = 0; i < n; i++) {
      long r = relocOffset + (long) i * RELOC;
      Le.put32(s, r, entryOffsets[i]);
      Le.put32(s, r + 4, 5 + i);
      Le.put16(s, r + 8, relType);
    }
    for (int i = 0; i < n; i++) {
      Bytes d = tree.data.get(i);
      Bytes.copy(d, 0, s, twoOffset + dataOffsets[i], d.byteSize());
    }

    long y = symtab;
    y = symbol(s, y, "@feat.00", 0x11, -1, 0);
    y = symbol(s, y, ".rsrc$01", 0, 1, 1);
    Le.put32(s, y, oneSize);
    Le.put16(s, y + 4, n);
    y += SYMBOL;
    y = symbol(s, y, ".rsrc$02", 0, 2, 1);
    Le.put32(s, y, twoSize);
    y += SYMBOL;
    for (int i = 0; i < n; i++) y = symbol(s, y, dataSymbolName(i), dataOffsets[i], 2, 0);
    return out;
  }

  /** {@code $R} and six upper-case hex digits of {@code i} (cvtres's names; not String.format, costly at first use). */
  private static String dataSymbolName(int i) {
    String hex = Integer.toHexString(i & 0xffffff).toUpperCase(java.util.Locale.ROOT);
    return "$R" + "000000".substring(hex.length()) + hex;
  }

  /**
   * Writes the directory tables breadth first, then the data entries in the order the walk met them;
   * returns each resource's data entry offset in the section, by data index.
   */
  private static long[] writeDirectory(ResourceTree tree, Bytes s, long base, long[] stringOffsets) {
    ArrayDeque<ResourceTree.Node> queue = new ArrayDeque<>();
    queue.add(tree.root);
    long next = 16 + 8L * tree.root.entryCount();
    long p = 0;
    List<ResourceTree.Node> leaves = new ArrayList<>();
    while (!queue.isEmpty()) {
      ResourceTree.Node node = queue.poll();
      Le.put16(s, base + p + 12, node.named.size());
      Le.put16(s, base + p + 14, node.ids.size());
      p += 16;
      List<ResourceTree.Node> children = new ArrayList<>(node.named.values());
      children.addAll(node.ids.values());
      List<Long> keys = new ArrayList<>();
      for (ResourceTree.Node c : node.named.values()) keys.add(0x80000000L | stringOffsets[c.stringIndex]);
      keys.addAll(node.ids.keySet());
      for (int i = 0; i < children.size(); i++) {
        ResourceTree.Node c = children.get(i);
        Le.put32(s, base + p, keys.get(i));
        if (c.isData()) {
          Le.put32(s, base + p + 4, next);
          next += 16;
          leaves.add(c);
        } else {
          Le.put32(s, base + p + 4, 0x80000000L | next);
          next += 16 + 8L * c.entryCount();
          queue.add(c);
        }
        p += 8;
      }
    }
    long[] entryOffsets = new long[tree.data.size()];
    for (ResourceTree.Node leaf : leaves) {
      entryOffsets[leaf.dataIndex] = p;
      Le.put32(s, base + p + 4, tree.data.get(leaf.dataIndex).byteSize());
      p += 16;
    }
    return entryOffsets;
  }

  private static void sectionHeader(Bytes s, long h, String name, long size, long data, long relocs, int nrelocs, int chars) {
    byte[] b = name.getBytes(StandardCharsets.US_ASCII);
    Bytes.copy(Bytes.of(b), 0, s, h, b.length);
    Le.put32(s, h + 16, size);
    Le.put32(s, h + 20, data);
    Le.put32(s, h + 24, relocs);
    Le.put16(s, h + 32, nrelocs);
    Le.put32(s, h + 36, chars);
  }

  private static long symbol(Bytes s, long y, String name, long value, int section, int aux) {
    byte[] b = name.getBytes(StandardCharsets.US_ASCII);
    Bytes.copy(Bytes.of(b), 0, s, y, b.length);
    Le.put32(s, y + 8, value);
    Le.put16(s, y + 12, section);
    Le.put8(s, y + 16, 3); // IMAGE_SYM_CLASS_STATIC
    Le.put8(s, y + 17, aux);
    return y + SYMBOL;
  }

  private static long align(long v, long a) { return (v + a - 1) / a * a; }
}
