package dev.jwin.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The export table of a DLL, structurally: the DLL name and ordinal base ({@code llvm-objdump -p}) and
 * each entry of {@code llvm-readobj --coff-exports} with its ordinal, name, and what its RVA points at:
 * the output section and the public symbols at that address, taken from the link's {@code -map} file.
 * The offset in the section is kept for information only, since the two linkers may order a
 * section's contents differently.
 */
record ExportTable(String dllName, long ordinalBase, List<Entry> entries) {

  record Entry(long ordinal, String name, long rva, String section, long offset, TreeSet<String> symbols) {
    /** What is compared: ordinal, name, section and the symbols at the address. */
    String key() {
      if (rva == 0) return "ordinal " + ordinal + " (unused)";
      return "ordinal " + ordinal + " " + (name.isEmpty() ? "(no name)" : name) + " -> " + section + " "
          + (symbols.isEmpty() ? "(no public symbol at this address)" : String.join(",", symbols));
    }

    String describe() {
      return key() + (rva == 0 ? "" : String.format("   [rva 0x%x, %s+0x%x]", rva, section, offset));
    }
  }

  static final Pattern PUBLIC = Pattern.compile("^\\s*[0-9a-fA-F]{4}:[0-9a-fA-F]{8}\\s+(\\S+)\\s+([0-9a-fA-F]{16})\\b.*$");
  static final Pattern LOAD_ADDRESS = Pattern.compile("Preferred load address is ([0-9a-fA-F]+)");

  /** Reads the export table of {@code dll}; {@code map} is the map file of its link. */
  static ExportTable of(Path dll, Path map) {
    Path dir = dll.getParent();
    String base = dll.getFileName().toString();
    Proc.Result ro = Proc.check(List.of(Tools.READOBJ, "--sections", "--coff-exports", dll.toString()), dir,
        base + ".exports", Duration.ofSeconds(60));
    Proc.Result od = Proc.check(List.of(DllTools.OBJDUMP, "-p", dll.toString()), dir, base + ".objdump-p",
        Duration.ofSeconds(60));

    ImageSummary.Node root = ImageSummary.parseTree(ro.stdoutText());
    record Sec(String name, long va, long size) {}
    List<Sec> sections = new ArrayList<>();
    ImageSummary.Node secs = root.child("Sections");
    if (secs != null)
      for (ImageSummary.Node s : secs.childrenNamed("Section")) {
        String name = s.prop("Name");
        name = name == null ? "?" : name.split(" ")[0];
        sections.add(new Sec(name, ImageSummary.num(s.prop("VirtualAddress")),
            Math.max(ImageSummary.num(s.prop("VirtualSize")), ImageSummary.num(s.prop("RawDataSize")))));
      }

    String text = od.stdoutText();
    Matcher dn = Pattern.compile("(?m)^\\s*DLL name:\\s*(\\S*)").matcher(text);
    Matcher ob = Pattern.compile("(?m)^\\s*Ordinal base:\\s*(\\d+)").matcher(text);
    String dllName = dn.find() ? dn.group(1) : "(no export table)";
    long ordinalBase = ob.find() ? Long.parseLong(ob.group(1)) : -1;

    Map<Long, TreeSet<String>> symbolsAt = publics(map);
    List<Entry> entries = new ArrayList<>();
    for (ImageSummary.Node e : root.childrenNamed("Export")) {
      long rva = ImageSummary.num(e.prop("RVA"));
      String name = e.prop("Name") == null ? "" : e.prop("Name");
      String section = "(outside any section)";
      long offset = rva;
      for (Sec s : sections)
        if (rva >= s.va() && rva < s.va() + s.size()) {
          section = s.name();
          offset = rva - s.va();
        }
      entries.add(new Entry(ImageSummary.num(e.prop("Ordinal")), name, rva, section, offset,
          symbolsAt.getOrDefault(rva, new TreeSet<>())));
    }
    ExportTable t = new ExportTable(dllName, ordinalBase, entries);
    Proc.write(dll.resolveSibling(base + ".exports.txt"), t.describe());
    return t;
  }

  /** RVA to the public symbols at it, from a link.exe-style map (lld-link and jwin write the same format). */
  static Map<Long, TreeSet<String>> publics(Path map) {
    List<String> lines;
    try {
      lines = Files.readAllLines(map);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read map file " + map, e);
    }
    long imageBase = -1;
    boolean inPublics = false;
    Map<Long, TreeSet<String>> out = new TreeMap<>();
    for (String l : lines) {
      Matcher m = LOAD_ADDRESS.matcher(l);
      if (imageBase < 0 && m.find()) imageBase = Long.parseUnsignedLong(m.group(1), 16);
      if (l.contains("Publics by Value")) {
        inPublics = true;
        continue;
      }
      if (!inPublics) continue;
      Matcher p = PUBLIC.matcher(l);
      if (!p.matches()) continue;
      String name = p.group(1);
      if (name.startsWith(".")) continue; // .refptr.*, .weak.*: artificial
      long va = Long.parseUnsignedLong(p.group(2), 16);
      if (va == 0) continue;
      out.computeIfAbsent(va - Math.max(imageBase, 0), k -> new TreeSet<>()).add(name);
    }
    if (imageBase < 0) throw new AssertionError("no 'Preferred load address' in map file " + map);
    return out;
  }

  List<String> keys() {
    List<String> k = new ArrayList<>();
    k.add("DLL name " + dllName);
    k.add("ordinal base " + ordinalBase);
    for (Entry e : entries) k.add(e.key());
    return k;
  }

  String describe() {
    StringBuilder b = new StringBuilder("DLL name " + dllName + "\nordinal base " + ordinalBase + "\n");
    for (Entry e : entries) b.append(e.describe()).append('\n');
    return b.toString();
  }

  /**
   * The differences, as readable lines; empty when the tables agree. Exports only one table has are
   * listed by name first; then the entries that differ otherwise (ordinal, section, target).
   */
  List<String> diff(ExportTable other, String thisName, String otherName) {
    List<String> d = new ArrayList<>();
    if (!dllName.equals(other.dllName)) d.add("DLL name: " + thisName + " " + dllName + ", " + otherName + " " + other.dllName);
    if (ordinalBase != other.ordinalBase)
      d.add("ordinal base: " + thisName + " " + ordinalBase + ", " + otherName + " " + other.ordinalBase);
    TreeSet<String> namesA = names();
    TreeSet<String> namesB = other.names();
    TreeSet<String> onlyA = new TreeSet<>(namesA);
    onlyA.removeAll(namesB);
    TreeSet<String> onlyB = new TreeSet<>(namesB);
    onlyB.removeAll(namesA);
    if (!onlyA.isEmpty()) d.add("exported by name only by " + thisName + ": " + String.join(", ", onlyA));
    if (!onlyB.isEmpty()) d.add("exported by name only by " + otherName + ": " + String.join(", ", onlyB));
    if (!d.isEmpty() && !(onlyA.isEmpty() && onlyB.isEmpty())) return d; // ordinals shift; the rest follows
    List<String> a = keys();
    List<String> b = other.keys();
    TreeSet<String> kA = new TreeSet<>(a);
    kA.removeAll(b);
    TreeSet<String> kB = new TreeSet<>(b);
    kB.removeAll(a);
    for (String s : kA) d.add("only " + thisName + ": " + s);
    for (String s : kB) d.add("only " + otherName + ": " + s);
    if (d.isEmpty() && !a.equals(b)) d.add("same entries in a different order:\n      " + thisName + ": " + a
        + "\n      " + otherName + ": " + b);
    return d;
  }

  private TreeSet<String> names() {
    TreeSet<String> n = new TreeSet<>();
    for (Entry e : entries) if (!e.name().isEmpty()) n.add(e.name());
    return n;
  }
}
