package dev.jwin.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What matters structurally about a PE image, parsed from
 * {@code llvm-readobj --file-headers --sections --coff-imports --coff-basereloc --coff-load-config}.
 * Sizes and addresses are kept for information but are not compared.
 */
record ImageSummary(
    String machine,
    List<String> fileCharacteristics,
    String subsystem,
    List<String> dllCharacteristics,
    long imageBase,
    long entryRva,
    List<Section> sections,
    Map<String, long[]> dataDirectories,
    Map<String, TreeSet<String>> imports,
    Map<String, Integer> baseRelocsPerSection,
    TreeSet<String> baseRelocTypes,
    Map<String, String> guard) {

  record Section(String name, long virtualSize, long virtualAddress, long rawSize, String characteristics) {
    boolean contains(long rva) {
      long size = Math.max(virtualSize, rawSize);
      return rva >= virtualAddress && rva < virtualAddress + size;
    }
  }

  static final String[] READOBJ_FLAGS = {"--file-headers", "--sections", "--coff-imports", "--coff-basereloc",
      "--coff-load-config"};

  /** Runs llvm-readobj on {@code exe}, keeps its text in {@code <exe>.readobj.txt}, and parses it. */
  static ImageSummary of(Path exe) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Tools.READOBJ);
    cmd.addAll(List.of(READOBJ_FLAGS));
    cmd.add(exe.toString());
    String label = exe.getFileName() + ".readobj";
    Proc.Result r = Proc.check(cmd, exe.getParent(), label, Duration.ofSeconds(60));
    try {
      Files.move(exe.resolveSibling(label + ".stdout"), exe.resolveSibling(label + ".txt"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException ignored) {
      // the text is still in the .stdout file
    }
    return parse(r.stdoutText());
  }

  /** A node of llvm-readobj's indented output: {@code Key {}, {@code Key [ (flags)} or {@code Key: value}. */
  static final class Node {
    final String name;
    final String header;
    final List<Map.Entry<String, String>> props = new ArrayList<>();
    final List<Node> children = new ArrayList<>();
    final List<String> items = new ArrayList<>();

    Node(String name, String header) {
      this.name = name;
      this.header = header;
    }

    String prop(String key) {
      for (var e : props) if (e.getKey().equals(key)) return e.getValue();
      return null;
    }

    List<String> props(String key) {
      List<String> l = new ArrayList<>();
      for (var e : props) if (e.getKey().equals(key)) l.add(e.getValue());
      return l;
    }

    Node child(String n) {
      for (Node c : children) if (c.name.equals(n)) return c;
      return null;
    }

    List<Node> childrenNamed(String n) {
      return children.stream().filter(c -> c.name.equals(n)).toList();
    }
  }

  static Node parseTree(String text) {
    Node root = new Node("", "");
    Deque<Node> stack = new ArrayDeque<>();
    stack.push(root);
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty()) continue;
      if (line.equals("}") || line.equals("]")) {
        if (stack.size() > 1) stack.pop();
        continue;
      }
      if (line.endsWith("{") || line.matches(".*\\[( \\(.*\\))?$")) {
        int cut = line.endsWith("{") ? line.length() - 1 : line.lastIndexOf('[');
        String name = line.substring(0, cut).strip();
        String header = line.substring(cut + 1).strip();
        Node n = new Node(name, header);
        stack.peek().children.add(n);
        stack.push(n);
        continue;
      }
      int colon = line.indexOf(": ");
      if (colon > 0) {
        stack.peek().props.add(Map.entry(line.substring(0, colon), line.substring(colon + 2).strip()));
      } else if (line.endsWith(":")) {
        stack.peek().props.add(Map.entry(line.substring(0, line.length() - 1), ""));
      } else {
        stack.peek().items.add(line);
      }
    }
    return root;
  }

  static long num(String s) {
    if (s == null) return 0;
    s = s.strip();
    int sp = s.indexOf(' ');
    if (sp > 0) s = s.substring(0, sp);
    return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
  }

  /** The text of a flag line such as {@code IMAGE_FILE_EXECUTABLE_IMAGE (0x2)} without its value. */
  private static String flagName(String item) {
    int p = item.indexOf(" (");
    return p > 0 ? item.substring(0, p) : item;
  }

  static ImageSummary parse(String text) {
    Node root = parseTree(text);
    Node fh = Objects.requireNonNull(root.child("ImageFileHeader"), "no ImageFileHeader in readobj output");
    Node oh = Objects.requireNonNull(root.child("ImageOptionalHeader"), "no ImageOptionalHeader in readobj output");

    List<String> fileChars = new ArrayList<>();
    Node fc = fh.child("Characteristics");
    if (fc != null) fc.items.forEach(i -> fileChars.add(flagName(i)));
    List<String> dllChars = new ArrayList<>();
    Node dc = oh.child("Characteristics");
    if (dc != null) dc.items.forEach(i -> dllChars.add(flagName(i)));

    Map<String, long[]> dirs = new LinkedHashMap<>();
    Node dd = oh.child("DataDirectory");
    if (dd != null) {
      for (var e : dd.props) {
        String k = e.getKey();
        if (k.endsWith("RVA")) dirs.computeIfAbsent(k.substring(0, k.length() - 3), x -> new long[2])[0] = num(e.getValue());
        else if (k.endsWith("Size")) dirs.computeIfAbsent(k.substring(0, k.length() - 4), x -> new long[2])[1] = num(e.getValue());
      }
    }

    List<Section> sections = new ArrayList<>();
    Node secs = root.child("Sections");
    if (secs != null) {
      for (Node s : secs.childrenNamed("Section")) {
        String name = s.prop("Name");
        if (name != null && name.contains(" (")) name = name.substring(0, name.indexOf(" ("));
        Node ch = s.child("Characteristics");
        String chars = ch == null ? "" : ch.header.replaceAll("[()]", "").strip() + " " + String.join("|",
            ch.items.stream().map(ImageSummary::flagName).map(f -> f.replace("IMAGE_SCN_", "")).toList());
        sections.add(new Section(name, num(s.prop("VirtualSize")), num(s.prop("VirtualAddress")),
            num(s.prop("RawDataSize")), chars.strip()));
      }
    }

    Map<String, TreeSet<String>> imports = new TreeMap<>();
    for (Node imp : root.childrenNamed("Import")) {
      TreeSet<String> names = imports.computeIfAbsent(imp.prop("Name"), x -> new TreeSet<>());
      for (String sym : imp.props("Symbol")) {
        // "Name (hint)"; imports by ordinal print an empty name
        int p = sym.lastIndexOf(" (");
        names.add(p >= 0 ? sym.substring(0, p) : sym);
      }
    }
    // Delay-loaded DLLs (/delayload): each function is an Import block of its own.
    for (Node imp : root.childrenNamed("DelayImport")) {
      TreeSet<String> names = imports.computeIfAbsent("(delay-loaded) " + imp.prop("Name"), x -> new TreeSet<>());
      for (Node fn : imp.childrenNamed("Import")) {
        for (String sym : fn.props("Symbol")) names.add(sym);
      }
    }

    Map<String, Integer> relocs = new TreeMap<>();
    TreeSet<String> relocTypes = new TreeSet<>();
    Node br = root.child("BaseReloc");
    if (br != null) {
      for (Node e : br.childrenNamed("Entry")) {
        String type = e.prop("Type");
        if ("ABSOLUTE".equals(type)) continue; // padding
        relocTypes.add(type);
        long addr = num(e.prop("Address"));
        String where = "(outside any section)";
        for (Section s : sections) if (s.contains(addr)) where = s.name();
        relocs.merge(where, 1, Integer::sum);
      }
    }

    // Control-flow guard: the flags and the number of entries of each table of the load configuration.
    Map<String, String> guard = new TreeMap<>();
    Node lc = root.child("LoadConfig");
    if (lc != null)
      for (String k : List.of("GuardFlags", "GuardCFFunctionCount", "GuardAddressTakenIatEntryCount", "GuardLongJumpTargetCount"))
        if (lc.prop(k) != null) guard.put(k, lc.prop(k));

    String machine = fh.prop("Machine");
    return new ImageSummary(machine, fileChars, oh.prop("Subsystem"), dllChars, num(oh.prop("ImageBase")),
        num(oh.prop("AddressOfEntryPoint")), sections, dirs, imports, relocs, relocTypes, guard);
  }

  Section section(String name) {
    for (Section s : sections) if (s.name().equals(name)) return s;
    return null;
  }

  /** The entry point as {@code section+0xoffset}. */
  String entryLocation() {
    for (Section s : sections)
      if (s.contains(entryRva)) return s.name() + "+0x" + Long.toHexString(entryRva - s.virtualAddress());
    return "0x" + Long.toHexString(entryRva) + " (outside any section)";
  }

  TreeSet<String> presentDataDirectories() {
    TreeSet<String> t = new TreeSet<>();
    dataDirectories.forEach((k, v) -> {
      if (v[0] != 0 || v[1] != 0) t.add(k);
    });
    return t;
  }

  List<String> sectionLayout() {
    return sections.stream().map(s -> s.name() + " [" + s.characteristics() + "]").toList();
  }

  /**
   * Compares the parts that must agree between lld-link's image ({@code this}) and the other
   * linker's; returns a readable list of differences, empty when they agree.
   */
  List<String> diff(ImageSummary other, String thisName, String otherName) {
    List<String> d = new ArrayList<>();
    cmp(d, "machine", machine, other.machine, thisName, otherName);
    cmp(d, "file characteristics", fileCharacteristics, other.fileCharacteristics, thisName, otherName);
    cmp(d, "subsystem", subsystem, other.subsystem, thisName, otherName);
    cmp(d, "DLL characteristics", dllCharacteristics, other.dllCharacteristics, thisName, otherName);
    cmp(d, "image base", "0x" + Long.toHexString(imageBase), "0x" + Long.toHexString(other.imageBase), thisName, otherName);
    cmp(d, "entry point", entryLocation(), other.entryLocation(), thisName, otherName);
    listDiff(d, "sections (name [characteristics])", sectionLayout(), other.sectionLayout(), thisName, otherName);
    cmp(d, "data directories present", presentDataDirectories(), other.presentDataDirectories(), thisName, otherName);
    cmp(d, "imported DLLs", imports.keySet(), other.imports.keySet(), thisName, otherName);
    for (String dll : imports.keySet()) {
      TreeSet<String> mine = imports.get(dll);
      TreeSet<String> theirs = other.imports.get(dll);
      if (theirs == null || mine.equals(theirs)) continue;
      TreeSet<String> onlyMine = new TreeSet<>(mine);
      onlyMine.removeAll(theirs);
      TreeSet<String> onlyTheirs = new TreeSet<>(theirs);
      onlyTheirs.removeAll(mine);
      d.add("imports from " + dll + " differ: only in " + thisName + ": " + onlyMine + "; only in " + otherName + ": " + onlyTheirs);
    }
    cmp(d, "base relocation types", baseRelocTypes, other.baseRelocTypes, thisName, otherName);
    cmp(d, "base relocations per section", baseRelocsPerSection, other.baseRelocsPerSection, thisName, otherName);
    cmp(d, "control-flow guard (load configuration)", guard, other.guard, thisName, otherName);
    return d;
  }

  private static void cmp(List<String> d, String what, Object a, Object b, String an, String bn) {
    if (!Objects.equals(a, b)) d.add(what + " differ:\n      " + an + ": " + a + "\n      " + bn + ": " + b);
  }

  private static void listDiff(List<String> d, String what, List<String> a, List<String> b, String an, String bn) {
    if (a.equals(b)) return;
    StringBuilder sb = new StringBuilder(what + " differ:\n");
    int n = Math.max(a.size(), b.size());
    int w = Math.max(an.length(), a.stream().mapToInt(String::length).max().orElse(0));
    sb.append(String.format("      %-" + w + "s   %s%n", an, bn));
    for (int i = 0; i < n; i++) {
      String x = i < a.size() ? a.get(i) : "-";
      String y = i < b.size() ? b.get(i) : "-";
      sb.append(String.format("    %s %-" + w + "s   %s%n", x.equals(y) ? " " : "!", x, y));
    }
    d.add(sb.toString().stripTrailing());
  }

  /** A short human-readable summary, written next to the images for inspection. */
  String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("machine: ").append(machine).append('\n');
    sb.append("file characteristics: ").append(fileCharacteristics).append('\n');
    sb.append("subsystem: ").append(subsystem).append('\n');
    sb.append("DLL characteristics: ").append(dllCharacteristics).append('\n');
    sb.append("image base: 0x").append(Long.toHexString(imageBase)).append('\n');
    sb.append("entry point: ").append(entryLocation()).append('\n');
    sb.append("sections:\n");
    for (Section s : sections)
      sb.append(String.format("  %-16s va=0x%-8x vsize=0x%-8x raw=0x%-8x %s%n", s.name(), s.virtualAddress(),
          s.virtualSize(), s.rawSize(), s.characteristics()));
    sb.append("data directories present: ").append(presentDataDirectories()).append('\n');
    imports.forEach((k, v) -> sb.append("imports ").append(k).append(": ").append(v).append('\n'));
    sb.append("base relocations: ").append(baseRelocTypes).append(' ').append(baseRelocsPerSection).append('\n');
    if (!guard.isEmpty()) sb.append("control-flow guard: ").append(guard).append('\n');
    return sb.toString();
  }
}
