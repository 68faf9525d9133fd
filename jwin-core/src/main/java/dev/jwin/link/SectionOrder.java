package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Le;
import dev.jwin.io.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order of COMDAT sections within each group of equally named input sections, as lld-link orders them:
 * {@code /order:@file} lists COMDAT leader symbols, one a line, which go first in that order; otherwise a call
 * graph ({@code /call-graph-ordering-file:} lines "caller callee count", plus the objects' own
 * {@code .llvm.call-graph-profile} unless {@code /call-graph-profile-sort:no}) clusters callers with their hottest
 * callees (the C3 heuristic), the densest clusters first; {@code /print-symbol-order:} writes that order out.
 * Sections not named keep their input order after the ordered ones.
 */
final class SectionOrder {
  private SectionOrder() {}

  /** Largest cluster C3 builds, in bytes. */
  private static final long MAX_CLUSTER_SIZE = 1 << 20;
  /** How much sparser than its predecessor cluster a merged cluster may be. */
  private static final int MAX_DENSITY_DEGRADATION = 8;

  /** Priorities by COMDAT leader name (lower first, unnamed sections are 0); empty when nothing is ordered. */
  static Map<String, Integer> run(LinkContext ctx) {
    Config config = ctx.config;
    if (config.orderFile != null) return orderFile(ctx, config.orderFile);
    if (!config.callGraphProfileSort) return Map.of();
    Map<Edge, Long> profile = new LinkedHashMap<>();
    if (config.callGraphOrderingFile != null) callGraphFile(ctx, config.callGraphOrderingFile, profile);
    for (ObjectFile f : ctx.objects) objectProfile(ctx, f, profile);
    if (profile.isEmpty()) return Map.of();
    return callGraphOrder(ctx, profile);
  }

  /** Sorts a group of equally named input sections by priority, stably: equal priorities keep their input order. */
  static void sort(Map<String, Integer> order, List<Chunk> group) {
    if (!order.isEmpty()) group.sort(java.util.Comparator.comparingInt(c -> priority(order, c)));
  }

  private static int priority(Map<String, Integer> order, Chunk c) {
    return c instanceof SectionChunk s && s.leader != null ? order.getOrDefault(s.leader.name(), 0) : 0;
  }

  // ---- /order ----

  private static Map<String, Integer> orderFile(LinkContext ctx, String arg) {
    if (!arg.startsWith("@")) throw ctx.diag.fatal("malformed /order option: '@' missing");
    String path = arg.substring(1);
    java.util.Set<String> leaders = new java.util.HashSet<>();
    for (SectionChunk c : ctx.chunks) if (c.leader != null) leaders.add(c.leader.name());
    Map<String, Integer> order = new HashMap<>();
    boolean warn = !ctx.config.ignoredWarnings.contains(4037L);
    for (String line : lines(ctx, path)) {
      String s = Exports.symbolFor(line, ctx.machine, ctx.config.mingw);
      // A name listed twice takes the later place, as in lld-link.
      if (leaders.contains(s)) order.put(s, Integer.MIN_VALUE + order.size());
      else if (warn) ctx.diag.warn("/order:" + line + ": missing symbol: " + s + " [LNK4037]");
    }
    return order;
  }

  /** The file's lines, trimmed, without empty lines and {@code #} comments. */
  private static List<String> lines(LinkContext ctx, String path) {
    String text;
    try {
      text = Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw ctx.diag.fatal("could not open " + path + ": " + reason(e));
    }
    ctx.filesRead.add(Path.of(path));
    List<String> out = new ArrayList<>();
    for (String l : text.split("\n", -1)) {
      l = l.strip();
      if (!l.isEmpty() && l.charAt(0) != '#') out.add(l);
    }
    return out;
  }

  private static String reason(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException) return "No such file or directory";
    if (e instanceof java.nio.file.AccessDeniedException) return "Permission denied";
    return e instanceof IOException io ? Options.ioReason(io) : "invalid UTF-8 text";
  }

  // ---- call graph ----

  /** A caller's and a callee's section; edges keep the order in which they were first seen. */
  private record Edge(SectionChunk from, SectionChunk to) {}

  private static void addEdge(Map<Edge, Long> profile, SectionChunk from, SectionChunk to,
      long count) {
    profile.merge(new Edge(from, to), count, Long::sum);
  }

  private static void callGraphFile(LinkContext ctx, String path, Map<Edge, Long> profile) {
    Map<String, Symbol> byName = new HashMap<>();
    for (ObjectFile f : ctx.objects) for (Symbol s : f.symbols) if (s != null) byName.put(s.name(), s);
    boolean warn = !ctx.config.ignoredWarnings.contains(4037L);
    for (String line : lines(ctx, path)) {
      String[] fields = line.split(" ", -1);
      Long count = fields.length == 3 ? parseCount(fields[2]) : null;
      if (count == null) throw ctx.diag.fatal(path + ": parse error");
      SectionChunk from = section(ctx, path, byName, fields[0], warn);
      SectionChunk to = from == null ? null : section(ctx, path, byName, fields[1], warn);
      if (to != null) addEdge(profile, from, to, count);
    }
  }

  /** An unsigned number in C notation (0x hex, 0b binary, leading 0 octal), or null. */
  private static Long parseCount(String s) {
    int radix = 10, from = 0;
    if (s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) { radix = 16; from = 2; }
    else if (s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'b' || s.charAt(1) == 'B')) { radix = 2; from = 2; }
    else if (s.length() > 1 && s.charAt(0) == '0') { radix = 8; from = 1; }
    try {
      String digits = s.substring(from);
      return digits.isEmpty() || digits.charAt(0) == '+' || digits.charAt(0) == '-' ? null : Long.parseUnsignedLong(digits, radix);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static SectionChunk section(LinkContext ctx, String path, Map<String, Symbol> byName, String name, boolean warn) {
    Symbol s = byName.get(name);
    if (s == null) {
      if (warn) ctx.diag.warn(path + ": no such symbol: " + name);
      return null;
    }
    return s.isDefined() && s.chunk instanceof SectionChunk c ? c : null;
  }

  /** The object's {@code .llvm.call-graph-profile}: records of caller and callee symbol index (u32 each) and a u64 count. */
  private static void objectProfile(LinkContext ctx, ObjectFile f, Map<Edge, Long> profile) {
    if (f.callGraphSection < 0) return;
    Bytes table = f.coff.sectionData(f.callGraphSection);
    long n = table.byteSize();
    for (long p = 0; p < n; p += 16) {
      if (p + 8 > n) throw ctx.diag.fatal(f.name + ": Expected 32-bit integer");
      if (p + 16 > n) throw ctx.diag.fatal(f.name + ": Expected 64-bit integer");
      SectionChunk from = definedIn(f, Le.u32(table, p)), to = definedIn(f, Le.u32(table, p + 4));
      if (from != null && to != null) addEdge(profile, from, to, Le.u64(table, p + 8));
    }
  }

  private static SectionChunk definedIn(ObjectFile f, long index) {
    Symbol s = index < f.symbols.length ? f.symbols[(int) index] : null;
    return s != null && s.isDefined() && s.chunk instanceof SectionChunk c ? c : null;
  }

  /** The output section a chunk will land in: its name after the standard and /merge merges, and its characteristics. */
  private static String outputKey(LinkContext ctx, SectionChunk c) {
    String name = Writer.outputName(c.name());
    Map<String, String> merges = new HashMap<>(Map.of(".idata", ".rdata", ".didat", ".rdata", ".edata", ".rdata",
        ".xdata", ".rdata", ".bss", ".data"));
    merges.putAll(ctx.config.merges);
    for (int i = 0; i < 16 && merges.containsKey(name); i++) name = merges.get(name);
    return name + "/" + c.outputCharacteristics();
  }

  private static final class Cluster {
    int next, prev;
    long size, weight, initialWeight;
    int bestPred = -1;
    long bestPredWeight;

    Cluster(int index, long size) {
      next = prev = index;
      this.size = size;
    }

    double density() { return size == 0 ? 0 : (double) weight / size; }
  }

  /**
   * C3: each section joins the cluster of its heaviest caller unless that edge is rare (under a tenth of the
   * section's weight), the cluster would pass 1 MiB or become much sparser; clusters then go densest first.
   */
  private static Map<String, Integer> callGraphOrder(LinkContext ctx, Map<Edge, Long> profile) {
    List<SectionChunk> sections = new ArrayList<>();
    List<Cluster> clusters = new ArrayList<>();
    Map<SectionChunk, Integer> index = new IdentityHashMap<>();
    java.util.function.Function<SectionChunk, Integer> node = s -> index.computeIfAbsent(s, k -> {
      sections.add(k);
      clusters.add(new Cluster(clusters.size(), k.size));
      return clusters.size() - 1;
    });
    for (Map.Entry<Edge, Long> e : profile.entrySet()) {
      SectionChunk fromSec = e.getKey().from(), toSec = e.getKey().to();
      long weight = e.getValue();
      if (!outputKey(ctx, fromSec).equals(outputKey(ctx, toSec))) continue;
      int from = node.apply(fromSec), to = node.apply(toSec);
      Cluster toC = clusters.get(to);
      toC.weight += weight;
      if (from == to) continue;
      if (toC.bestPred == -1 || Long.compareUnsigned(toC.bestPredWeight, weight) < 0) {
        toC.bestPred = from;
        toC.bestPredWeight = weight;
      }
    }
    for (Cluster c : clusters) c.initialWeight = c.weight;
    int n = clusters.size();
    int[] leaders = new int[n];
    List<Integer> sorted = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaders[i] = i;
      sorted.add(i);
    }
    sorted.sort((a, b) -> Double.compare(clusters.get(b).density(), clusters.get(a).density()));
    for (int l : sorted) {
      Cluster c = clusters.get(l);
      if (c.bestPred == -1 || c.bestPredWeight * 10 <= c.initialWeight) continue;
      int predL = leader(leaders, c.bestPred);
      if (l == predL) continue;
      Cluster pred = clusters.get(predL);
      if (c.size + pred.size > MAX_CLUSTER_SIZE) continue;
      if ((double) (pred.weight + c.weight) / (pred.size + c.size) < pred.density() / MAX_DENSITY_DEGRADATION) continue;
      leaders[l] = predL;
      // Append c's ring after pred's.
      int tail1 = pred.prev, tail2 = c.prev;
      pred.prev = tail2;
      clusters.get(tail2).next = predL;
      c.prev = tail1;
      clusters.get(tail1).next = l;
      pred.size += c.size;
      pred.weight += c.weight;
      c.size = 0;
      c.weight = 0;
    }
    sorted.clear();
    for (int i = 0; i < n; i++) if (clusters.get(i).size > 0) sorted.add(i);
    sorted.sort((a, b) -> Double.compare(clusters.get(b).density(), clusters.get(a).density()));
    Map<String, Integer> order = new HashMap<>();
    StringBuilder printed = new StringBuilder();
    int cur = Integer.MIN_VALUE;
    for (int l : sorted) {
      for (int i = l; ; ) {
        SectionChunk s = sections.get(i);
        if (s.leader != null) order.put(s.leader.name(), cur);
        cur++;
        for (Symbol sym : s.file.symbols)
          if (sym != null && sym.comdat && sym.kind == Symbol.Kind.REGULAR && sym.chunk == s) printed.append(sym.name()).append('\n');
        i = clusters.get(i).next;
        if (i == l) break;
      }
    }
    if (ctx.config.printSymbolOrder != null) {
      try {
        AtomicFile.write(Path.of(ctx.config.printSymbolOrder), printed.toString().getBytes(StandardCharsets.UTF_8), false);
      } catch (IOException e) {
        ctx.diag.error("cannot open " + ctx.config.printSymbolOrder + ": " + Options.ioReason(e));
      }
    }
    return order;
  }

  private static int leader(int[] leaders, int v) {
    while (leaders[v] != v) {
      leaders[v] = leaders[leaders[v]];
      v = leaders[v];
    }
    return v;
  }
}
