package dev.jwin.res;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.CoffObject;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.coff.Le;
import dev.jwin.coff.Machine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resources merged from {@code .res} files and resource sections into the type / name / language tree
 * of a PE resource directory (spec 6.9). Named children sort before ordinals, names by code point,
 * ordinals ascending; the data keeps the order it was added in. Two resources with the same type, name
 * and language are reported in {@link #duplicates}, the first one kept.
 */
public final class ResourceTree {
  /** A directory (type, name) or, with {@code dataIndex >= 0}, a leaf naming one resource. */
  static final class Node {
    final Map<String, Node> named = new TreeMap<>(CODE_POINT_ORDER);
    final Map<Long, Node> ids = new TreeMap<>();
    /** Index of this node's name in {@link #strings}, for named children. */
    int stringIndex;
    int dataIndex = -1;
    int origin;

    boolean isData() { return dataIndex >= 0; }

    int entryCount() { return named.size() + ids.size(); }

    /** Bytes of this subtree: the directory table and its entries, or the data entry of a leaf. */
    long treeSize() {
      long size = entryCount() * 8L;
      if (isData()) return size + 16;
      size += 16;
      for (Node c : named.values()) size += c.treeSize();
      for (Node c : ids.values()) size += c.treeSize();
      return size;
    }

    void shiftDataIndexDown(int removed) {
      if (isData()) {
        if (dataIndex >= removed) dataIndex--;
        return;
      }
      for (Node c : named.values()) c.shiftDataIndexDown(removed);
      for (Node c : ids.values()) c.shiftDataIndexDown(removed);
    }
  }

  /** UTF-8 byte order, which is code point order. */
  static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
    int i = 0, j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i), cb = b.codePointAt(j);
      if (ca != cb) return Integer.compare(ca, cb);
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  };

  final Node root = new Node();
  /** Directory strings in the order they were first seen. */
  final List<String> strings = new ArrayList<>();
  /** Resource data in the order it was added. */
  final List<Bytes> data = new ArrayList<>();
  private final List<String> origins = new ArrayList<>();
  private final boolean mingw;
  /** "duplicate resource: ..." messages, in lld's words. */
  public final List<String> duplicates = new ArrayList<>();

  /** With {@code mingw}, a second language-0 manifest (GCC's default one) is not a duplicate. */
  public ResourceTree(boolean mingw) { this.mingw = mingw; }

  public boolean isEmpty() { return data.isEmpty(); }

  private Node child(Node parent, ResFile.Id id) {
    return id.isName() ? named(parent, id.name()) : parent.ids.computeIfAbsent((long) id.id(), k -> new Node());
  }

  private Node named(Node parent, String name) {
    return parent.named.computeIfAbsent(name, k -> {
      Node n = new Node();
      n.stringIndex = strings.size();
      strings.add(name);
      return n;
    });
  }

  /** Adds a leaf for {@code language} under {@code parent}; null if one is there already. */
  private Node leaf(Node parent, long language, int origin, Bytes bytes) {
    if (parent.ids.containsKey(language)) return null;
    Node n = new Node();
    n.dataIndex = data.size();
    n.origin = origin;
    parent.ids.put(language, n);
    data.add(bytes);
    return n;
  }

  /** Adds the entries of one {@code .res} file. */
  public void addRes(String file, List<ResFile.Entry> entries) {
    if (entries.isEmpty()) return;
    int origin = origins.size();
    origins.add(file);
    for (ResFile.Entry e : entries) {
      Node name = child(child(root, e.type()), e.name());
      if (leaf(name, e.language(), origin, e.data()) != null) continue;
      if (ignoredDuplicate(e.type().isName() ? -1 : e.type().id(), e.name().isName() ? -1 : e.name().id(), e.language())) continue;
      String type = e.type().isName() ? e.type().toString() : typeName(e.type().id());
      duplicates.add("duplicate resource: type " + type + "/name " + e.name() + "/language " + e.language()
          + ", in " + origins.get(name.ids.get((long) e.language()).origin) + " and in " + file);
    }
  }

  /**
   * Adds the tree of a resource section ({@code .rsrc} or {@code .rsrc$01}) of an object; each data
   * entry's address is a relocation against a symbol in the section that holds the bytes.
   */
  public void addSection(String file, CoffObject coff, int section) {
    int origin = origins.size();
    origins.add(file);
    Bytes s = coff.sectionData(section);
    TreeMap<Long, Long> relocs = new TreeMap<>(); // entry offset -> relocation offset in the file
    long r = coff.relocationsStart(section);
    for (long i = 0, n = coff.relocationCount(section); i < n; i++, r += CoffObject.RELOCATION_SIZE)
      relocs.putIfAbsent(CoffObject.relocVirtualAddress(coff.data, r), r);
    new SectionReader(file, coff, s, relocs, origin).walk(root, 0, new ArrayList<>(), 0);
  }

  private final class SectionReader {
    final String file;
    final CoffObject coff;
    final Bytes s;
    final TreeMap<Long, Long> relocs;
    final int origin;

    SectionReader(String file, CoffObject coff, Bytes s, TreeMap<Long, Long> relocs, int origin) {
      this.file = file;
      this.coff = coff;
      this.s = s;
      this.relocs = relocs;
      this.origin = origin;
    }

    void need(long off, long n) {
      if (off < 0 || off + n > s.byteSize())
        throw new CorruptInputException(file, "resource directory at offset " + off + " extends past the end of its section");
    }

    /** {@code context}: the names (String) or ordinals (Long) of the directories above {@code node}. */
    private final java.util.Set<Long> seenTables = new java.util.HashSet<>();

    void walk(Node node, long table, List<Object> context, int depth) {
      if (depth > 32) throw new CorruptInputException(file, "resource directory nests too deeply");
      // Each table once: a loop or a shared table would make the walk endless or exponential.
      if (!seenTables.add(table)) throw new CorruptInputException(file, "resource directory table at offset " + table + " is referenced twice");
      need(table, 16);
      int nameCount = Le.u16(s, table + 12), idCount = Le.u16(s, table + 14);
      for (int i = 0; i < nameCount + idCount; i++) {
        long e = table + 16 + 8L * i;
        need(e, 8);
        long ident = Le.u32(s, e), target = Le.u32(s, e + 4);
        if ((target & 0x80000000L) != 0) {
          Node child;
          if (i < nameCount) {
            long off = ident & 0x7fffffffL;
            need(off, 2);
            int len = Le.u16(s, off);
            need(off + 2, 2L * len);
            char[] cs = new char[len];
            for (int k = 0; k < len; k++) cs[k] = (char) Le.u16(s, off + 2 + 2L * k);
            String name = new String(cs);
            child = named(node, name);
            context.add(name);
          } else {
            child = node.ids.computeIfAbsent(ident, k -> new Node());
            context.add(ident);
          }
          walk(child, target & 0x7fffffffL, context, depth + 1);
          context.removeLast();
          continue;
        }
        if (nameCount > 0) throw new CorruptInputException(file, "unexpected string key for data object");
        need(target, 16);
        if (leaf(node, ident, origin, contents(target)) != null) continue;
        if (context.size() == 2 && ignoredDuplicate(ordinal(context.get(0)), ordinal(context.get(1)), ident)) continue;
        StringBuilder m = new StringBuilder("duplicate resource:");
        if (!context.isEmpty())
          m.append(" type ").append(context.get(0) instanceof Long t ? typeName(t) : "\"" + context.get(0) + "\"");
        if (context.size() >= 2)
          m.append("/name ").append(context.get(1) instanceof Long n ? "ID " + n : "\"" + context.get(1) + "\"");
        m.append("/language ").append(ident);
        m.append(", in ").append(origins.get(node.ids.get(ident).origin)).append(" and in ").append(file);
        duplicates.add(m.toString());
      }
    }

    /** The resource bytes a data entry points at, through the relocation on its address field. */
    Bytes contents(long entry) {
      long rva = Le.u32(s, entry), size = Le.u32(s, entry + 4);
      Long r = relocs.get(entry);
      if (r == null) throw new CorruptInputException(file, "no relocation found for DataRVA");
      int type = CoffObject.relocType(coff.data, r);
      if (type != addr32nb(coff.machine)) throw new CorruptInputException(file, "unexpected relocation type");
      int sym = CoffObject.relocSymbol(coff.data, r);
      if (sym < 0 || sym >= coff.numberOfSymbols) throw new CorruptInputException(file, "relocation symbol index out of range");
      int sec = coff.symbolSectionNumber(sym);
      if (sec <= 0 || sec > coff.numberOfSections) throw new CorruptInputException(file, "resource data symbol has no section");
      Bytes d = coff.sectionData(sec - 1);
      long off = rva + coff.symbolValue(sym);
      if (off + size > d.byteSize()) throw new CorruptInputException(file, "data outside of section");
      return d.asSlice(off, size);
    }
  }

  private static long ordinal(Object key) { return key instanceof Long id ? id : -1; }

  /** mingw: a duplicate language-0 manifest with ID 1 is GCC's default manifest, not an error. */
  private boolean ignoredDuplicate(long type, long name, long language) {
    return mingw && type == 24 && name == 1 && language == 0;
  }

  /**
   * mingw: drops the language-0 manifest (GCC's default) when another manifest with ID 1 exists, and
   * reports two manifests with other languages.
   */
  public void cleanUpManifests() {
    Node type = root.ids.get(24L);
    if (type == null) return;
    Node name = type.ids.get(1L);
    if (name == null || name.ids.size() <= 1) return;
    Node zero = name.ids.get(0L);
    if (zero != null && zero.isData()) {
      name.ids.remove(0L);
      data.remove(zero.dataIndex);
      root.shiftDataIndexDown(zero.dataIndex);
      if (name.ids.size() <= 1) return;
    }
    Map.Entry<Long, Node> first = ((TreeMap<Long, Node>) name.ids).firstEntry();
    Map.Entry<Long, Node> last = ((TreeMap<Long, Node>) name.ids).lastEntry();
    duplicates.add("duplicate non-default manifests with languages " + first.getKey() + " in " + origins.get(first.getValue().origin)
        + " and " + last.getKey() + " in " + origins.get(last.getValue().origin));
  }

  static int addr32nb(int machine) {
    Machine m = Machine.of(machine);
    return (m == null ? Machine.AMD64 : m).addr32nb;
  }

  /** How lld names a resource type in its messages. */
  static String typeName(long type) {
    String n = switch ((int) type) {
      case 1 -> "CURSOR";
      case 2 -> "BITMAP";
      case 3 -> "ICON";
      case 4 -> "MENU";
      case 5 -> "DIALOG";
      case 6 -> "STRINGTABLE";
      case 7 -> "FONTDIR";
      case 8 -> "FONT";
      case 9 -> "ACCELERATOR";
      case 10 -> "RCDATA";
      case 11 -> "MESSAGETABLE";
      case 12 -> "GROUP_CURSOR";
      case 14 -> "GROUP_ICON";
      case 16 -> "VERSIONINFO";
      case 17 -> "DLGINCLUDE";
      case 19 -> "PLUGPLAY";
      case 20 -> "VXD";
      case 21 -> "ANICURSOR";
      case 22 -> "ANIICON";
      case 23 -> "HTML";
      case 24 -> "MANIFEST";
      default -> null;
    };
    return n == null || type > 24 ? "ID " + type : n + " (ID " + type + ")";
  }
}
