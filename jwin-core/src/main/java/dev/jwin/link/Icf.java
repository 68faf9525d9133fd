package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Identical code folding (/opt:icf, on by default with /opt:ref): live, read-only COMDAT sections with equal
 * contents whose relocations lead to the same places — or to sections that fold together themselves — become one
 * section, as lld-link folds them.
 *
 * <p>Sections start in classes of equal name, characteristics, COMDAT checksum, contents, relocation types and
 * offsets (a content hash first, then exact comparison). Then, round after round, a class splits wherever its
 * members' relocations or associative children lead to different classes, until no class splits: that fixed point
 * folds cycles (two pairs of mutually recursive functions) as well. A class is numbered by its first section in
 * input order and each round reads only the previous round's numbers, so the result is the same whatever the
 * thread count; the first section of each class is the one kept.
 */
final class Icf {
  private final LinkContext ctx;
  /** The sections that may fold, in input order; {@link SectionChunk#icfIndex} is the position here. */
  private final SectionChunk[] secs;
  /** Per section: the associative children that must fold alike, by name (debug and guard tables do not count). */
  private final SectionChunk[][] kids;
  private final long[] hash;
  /** Class of each section: the index of the first section of its class. */
  private int[] cls;
  /** Section indices ordered so that each class is contiguous. */
  private final int[] order;

  private Icf(LinkContext ctx, SectionChunk[] secs) {
    this.ctx = ctx;
    this.secs = secs;
    int n = secs.length;
    kids = new SectionChunk[n][];
    hash = new long[n];
    cls = new int[n];
    order = new int[n];
  }

  static void run(LinkContext ctx) {
    Icf icf = new Icf(ctx, eligibleTimed(ctx));
    if (icf.secs.length < 2) return;
    int[] rounds = new int[1];
    ctx.time("classes", () -> rounds[0] = icf.partition());
    ctx.time("fold", () -> icf.fold(rounds[0]));
  }

  private static SectionChunk[] eligibleTimed(LinkContext ctx) {
    SectionChunk[][] out = new SectionChunk[1][];
    ctx.time("eligible sections", () -> out[0] = eligible(ctx));
    return out[0];
  }

  // ---- which sections ----

  /**
   * As lld-link: live COMDATs that are not writable; under /opt:icf all code, otherwise (and always for data)
   * unwind tables ({@code .pdata}, {@code .xdata}), MSVC vtables ({@code ??_7}) and sections whose address no
   * one may compare (not exported, not in an object's address-significance table; an object without that table
   * makes all its symbols significant). Tail-merged strings were taken out of the link already.
   */
  private static SectionChunk[] eligible(LinkContext ctx) {
    boolean all = ctx.config.icf == Config.IcfLevel.ALL;
    // 1: may fold; 2: may fold unless its address is significant.
    byte[] kind = new byte[ctx.chunks.size()];
    boolean askSignificance = false;
    for (int i = 0; i < kind.length; i++) {
      SectionChunk c = ctx.chunks.get(i);
      c.icfIndex = -1;
      int chars = c.outputCharacteristics();
      if (!c.isComdat() || !c.isLive() || (chars & Coff.SCN_MEM_WRITE) != 0) continue;
      int dollar = c.name().indexOf('$');
      String group = dollar < 0 ? c.name() : c.name().substring(0, dollar);
      kind[i] = (byte) (all && (chars & Coff.SCN_MEM_EXECUTE) != 0 || group.equals(".pdata") || group.equals(".xdata")
          || c.leader != null && c.leader.name().startsWith("??_7") ? 1 : 2);
      askSignificance |= kind[i] == 2;
    }
    Set<SectionChunk> significant = askSignificance ? addressSignificant(ctx) : Set.of();
    List<SectionChunk> out = new ArrayList<>();
    for (int i = 0; i < kind.length; i++) {
      SectionChunk c = ctx.chunks.get(i);
      if (kind[i] == 1 || kind[i] == 2 && !significant.contains(c)) {
        c.icfIndex = out.size();
        out.add(c);
      }
    }
    return out.toArray(SectionChunk[]::new);
  }

  /** Sections holding an exported symbol or one listed in its object's {@code .llvm_addrsig} (ULEB128 symbol indices). */
  private static Set<SectionChunk> addressSignificant(LinkContext ctx) {
    Set<SectionChunk> out = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Exports.Export e : ctx.exports) mark(e.sym, out);
    for (ObjectFile f : ctx.objects) {
      if (f.addrsigSection < 0) {
        for (Symbol s : f.symbols) mark(s, out);
        continue;
      }
      Bytes table = f.coff.sectionData(f.addrsigSection);
      long p = 0, end = table.byteSize();
      while (p < end) {
        long index = 0;
        int shift = 0;
        while (true) {
          if (p >= end || shift > 63) throw ctx.diag.fatal(f.name + ": could not decode addrsig section: malformed uleb128");
          int b = table.get(p++) & 0xff;
          index |= (long) (b & 0x7f) << shift;
          shift += 7;
          if ((b & 0x80) == 0) break;
        }
        if (index < 0 || index >= f.symbols.length) throw ctx.diag.fatal(f.name + ": invalid symbol index in addrsig section");
        mark(f.symbols[(int) index], out);
      }
    }
    return out;
  }

  private static void mark(Symbol s, Set<SectionChunk> out) {
    if (s != null && s.isDefined() && s.chunk instanceof SectionChunk c) out.add(c);
  }

  /** The eligible section a relocation target lies in, or -1. */
  private static int target(Symbol s) {
    return s != null && s.kind == Symbol.Kind.REGULAR && s.chunk instanceof SectionChunk c ? c.icfIndex : -1;
  }

  // ---- classes ----

  /** Splits the sections into classes of foldable sections; returns the number of rounds, as lld-link counts them. */
  private int partition() {
    int n = secs.length;
    Parallel.forEach(n, i -> {
      kids[i] = considered(secs[i]);
      hash[i] = contentHash(secs[i]);
    });
    // Two rounds mixing in the targets' hashes make the first classes closer to the final ones.
    for (int round = 0; round < 2; round++) {
      long[] prev = hash.clone();
      Parallel.forEach(n, i -> {
        SectionChunk c = secs[i];
        long h = prev[i];
        for (int j = 0, m = c.relocCount(); j < m; j++) {
          int t = target(c.relocTarget(j));
          if (t >= 0) h = h * 31 + prev[t];
        }
        hash[i] = h;
      });
    }
    Integer[] byHash = new Integer[n];
    for (int i = 0; i < n; i++) byHash[i] = i;
    Arrays.sort(byHash, Comparator.<Integer>comparingLong(i -> hash[i]).thenComparingInt(i -> i));
    for (int i = 0; i < n; i++) order[i] = byHash[i];
    int[] next = new int[n];
    for (int i = 0; i < n; i++) next[i] = i;
    // Round 1: equal hashes, split by what does not move.
    split(ranges(order, i -> hash[i]), next, true);
    cls = next;
    int rounds = 1;
    boolean changed;
    do {
      int[] prev = cls;
      int[] out = prev.clone();
      changed = split(ranges(order, i -> prev[i]), out, false);
      cls = out;
      rounds++;
    } while (changed);
    return rounds;
  }

  /** [begin, end) of each run of {@code order} with the same key and more than one member. */
  private List<int[]> ranges(int[] order, java.util.function.IntToLongFunction key) {
    List<int[]> out = new ArrayList<>();
    for (int b = 0; b < order.length; ) {
      int e = b + 1;
      while (e < order.length && key.applyAsLong(order[e]) == key.applyAsLong(order[b])) e++;
      if (e - b > 1) out.add(new int[] {b, e});
      b = e;
    }
    return out;
  }

  /**
   * Splits each range into groups of sections equal to the group's first (its lowest index, since ranges are in
   * index order within equal keys); {@code out} gets each member's group number. True if any range split.
   */
  private boolean split(List<int[]> ranges, int[] out, boolean constant) {
    boolean[] split = new boolean[ranges.size()];
    Parallel.forEach(ranges.size(), r -> {
      int b = ranges.get(r)[0], e = ranges.get(r)[1];
      if (!constant) sortBySignature(b, e);
      int[] rest = new int[e - b];
      while (b < e) {
        int first = order[b], kept = b + 1, left = 0;
        out[first] = first;
        for (int k = b + 1; k < e; k++) {
          int x = order[k];
          if (constant ? sameConstant(first, x) : sameTargets(first, x)) {
            order[kept++] = x;
            out[x] = first;
          } else {
            rest[left++] = x;
          }
        }
        System.arraycopy(rest, 0, order, kept, left);
        if (left > 0) split[r] = true;
        b = kept;
      }
    });
    for (boolean s : split) if (s) return true;
    return false;
  }

  /** Orders a class by a hash of its members' target classes (then index), so that equal members are adjacent. */
  private void sortBySignature(int b, int e) {
    long[] keys = new long[e - b];
    for (int k = b; k < e; k++) {
      int x = order[k];
      SectionChunk c = secs[x];
      int h = 1;
      for (int j = 0, m = c.relocCount(); j < m; j++) {
        int t = target(c.relocTarget(j));
        if (t >= 0) h = h * 31 + cls[t];
      }
      for (SectionChunk kid : kids[x]) if (kid.icfIndex >= 0) h = h * 31 + cls[kid.icfIndex];
      keys[k - b] = (long) h << 32 | x;
    }
    Arrays.sort(keys);
    for (int k = b; k < e; k++) order[k] = (int) keys[k - b];
  }

  /** Name, characteristics, checksum, contents, relocation types and offsets, and where the targets are fixed. */
  private boolean sameConstant(int x, int y) {
    SectionChunk a = secs[x], b = secs[y];
    if (!a.name().equals(b.name()) || a.outputCharacteristics() != b.outputCharacteristics() || a.size != b.size
        || a.checksum != b.checksum || a.relocCount() != b.relocCount() || a.hasData() != b.hasData()
        || a.hasData() && !sameBytes(a, b) || kids[x].length != kids[y].length) return false;
    for (int j = 0, m = a.relocCount(); j < m; j++) {
      if (a.relocOffsetInSection(j) != b.relocOffsetInSection(j) || a.relocType(j) != b.relocType(j)) return false;
      Symbol s = a.relocTarget(j), t = b.relocTarget(j);
      if (s == t) continue;
      if (s == null || t == null || s.kind != Symbol.Kind.REGULAR || t.kind != Symbol.Kind.REGULAR
          || !(s.chunk instanceof SectionChunk sc) || !(t.chunk instanceof SectionChunk tc) || s.value != t.value) return false;
      if (sc.icfIndex < 0 || tc.icfIndex < 0 ? sc != tc : hash[sc.icfIndex] != hash[tc.icfIndex]) return false;
    }
    for (int k = 0; k < kids[x].length; k++) {
      SectionChunk p = kids[x][k], q = kids[y][k];
      if (p.icfIndex < 0 || q.icfIndex < 0 ? p != q : hash[p.icfIndex] != hash[q.icfIndex]) return false;
    }
    return true;
  }

  /** The targets (and children) that may fold are in the same classes; the rest was compared in round 1. */
  private boolean sameTargets(int x, int y) {
    SectionChunk a = secs[x], b = secs[y];
    for (int j = 0, m = a.relocCount(); j < m; j++) {
      int s = target(a.relocTarget(j)), t = target(b.relocTarget(j));
      if (s >= 0 && t >= 0 && cls[s] != cls[t]) return false;
    }
    for (int k = 0; k < kids[x].length; k++) {
      SectionChunk p = kids[x][k], q = kids[y][k];
      if (p.icfIndex >= 0 && q.icfIndex >= 0 && cls[p.icfIndex] != cls[q.icfIndex]) return false;
    }
    return true;
  }

  private static boolean sameBytes(SectionChunk a, SectionChunk b) {
    Bytes ac = a.contents(), bc = b.contents();
    long n = Math.min(a.size, ac.byteSize());
    if (n != Math.min(b.size, bc.byteSize())) return false;
    return ac.asSlice(0, n).mismatch(bc.asSlice(0, n)) == -1;
  }

  private static SectionChunk[] considered(SectionChunk c) {
    if (c.assocChildren.isEmpty()) return new SectionChunk[0];
    List<SectionChunk> out = new ArrayList<>();
    for (SectionChunk k : c.assocChildren) {
      String n = k.name();
      if (!n.startsWith(".debug") && !n.equals(".gfids$y") && !n.equals(".giats$y") && !n.equals(".gljmp$y")) out.add(k);
    }
    out.sort(Comparator.comparing(k -> k.name()));
    return out.toArray(SectionChunk[]::new);
  }

  private static final long K1 = 0x9E3779B97F4A7C15L, K2 = 0xC2B2AE3D27D4EB4FL;

  /** A hash of everything {@link #sameConstant} compares that does not depend on other sections. */
  private static long contentHash(SectionChunk c) {
    long h = c.name().hashCode() * K1 ^ c.outputCharacteristics() ^ (long) c.checksum << 32 ^ c.size * K2;
    if (c.hasData()) {
      Bytes m = c.contents();
      long n = Math.min(c.size, m.byteSize()), i = 0;
      for (; i + 8 <= n; i += 8) h = Long.rotateLeft((h ^ Le.u64(m, i)) * K1, 29) * K2;
      for (; i < n; i++) h = (h ^ m.get(i)) * K1;
    }
    for (int j = 0, m = c.relocCount(); j < m; j++) h = (h ^ c.relocOffsetInSection(j) ^ (long) c.relocType(j) << 40) * K2;
    return h ^ h >>> 31;
  }

  // ---- folding ----

  /** Keeps the first section of each class, drops the others and points their symbols at the kept one. */
  private void fold(int rounds) {
    boolean verbose = ctx.config.verbose;
    if (verbose) ctx.diag.message("ICF needed " + rounds + " iterations");
    int n = secs.length;
    int[] leader = cls;
    boolean any = false;
    for (int i = 0; i < n; i++) {
      if (leader[i] == i) continue;
      SectionChunk kept = secs[leader[i]], gone = secs[i];
      kept.alignment = Math.max(kept.alignment, gone.alignment);
      gone.marked = false;
      any = true;
    }
    if (verbose) {
      List<List<Integer>> groups = new ArrayList<>();
      int[] slot = new int[n];
      Arrays.fill(slot, -1);
      for (int i = 0; i < n; i++) {
        int l = leader[i];
        if (l == i) continue;
        if (slot[l] < 0) {
          slot[l] = groups.size();
          groups.add(new ArrayList<>(List.of(l)));
        }
        groups.get(slot[l]).add(i);
      }
      for (List<Integer> g : groups) {
        ctx.diag.message("Selected " + debugName(secs[g.getFirst()]));
        for (int i : g.subList(1, g.size())) ctx.diag.message("  Removed " + debugName(secs[i]));
      }
    }
    if (!any) return;
    // A global symbol is in the table of every object that names it: once moved, it points at a kept section.
    for (ObjectFile f : ctx.objects) {
      for (Symbol s : f.symbols) {
        int t = target(s);
        if (t >= 0 && leader[t] != t) s.chunk = secs[leader[t]];
      }
    }
  }

  private static String debugName(SectionChunk c) { return c.leader != null ? c.leader.name() : c.toString(); }
}
