package dev.jwin.link;

import dev.jwin.coff.Bytes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * /opt:lldtailmerge (on by default wherever ICF is): the string literals of MSVC-style objects — COMDAT sections
 * named exactly {@code .rdata}, without relocations, led by a {@code ??_C@} symbol — are merged into one blob per
 * alignment, where equal strings share one copy and a string that ends another (at an aligned offset) shares its
 * tail, as lld-link lays them out. Their symbols move into the blob; the sections themselves are dropped.
 */
final class TailMerge {
  private TailMerge() {}

  /** Merged string sections of one alignment: the strings sorted by their tails, suffixes placed inside others. */
  static final class Strings extends Chunk {
    private final List<SectionChunk> sections = new ArrayList<>();
    private byte[] data = new byte[0];

    Strings(int alignment) { this.alignment = alignment; }

    @Override long size() { return data.length; }

    @Override void writeTo(Bytes buf, Image img) {
      Bytes.copy(Bytes.of(data), 0, buf, 0, data.length);
    }

    @Override String sectionName() { return ".rdata"; }

    @Override int outputCharacteristics() { return SyntheticChunks.RDATA; }
  }

  /** True for a section lld-link treats as a string literal and tail-merges. */
  static boolean isStringLiteral(SectionChunk c) {
    return c.isComdat() && c.file.coff.sectionNameIs(c.index, ".rdata") && c.relocCount() == 0 && c.leader != null
        && c.leader.name().startsWith("??_C@") && c.hasData();
  }

  /**
   * Builds the merged blobs (returned for the writer's {@code .rdata}, smallest alignment first) and moves every
   * symbol defined in a merged section to its place in the blob.
   */
  static List<Chunk> run(LinkContext ctx) {
    Strings[] byAlign = new Strings[32];
    for (SectionChunk c : ctx.chunks) {
      if (!c.isLive() || !isStringLiteral(c)) continue;
      int bits = Integer.numberOfTrailingZeros(c.alignment);
      if (byAlign[bits] == null) byAlign[bits] = new Strings(c.alignment);
      byAlign[bits].sections.add(c);
    }
    record Place(Strings blob, long offset) {}
    Map<SectionChunk, Place> placed = new IdentityHashMap<>();
    List<Chunk> out = new ArrayList<>();
    for (Strings s : byAlign) {
      if (s == null) continue;
      Map<Key, Long> offsets = layOut(s);
      for (SectionChunk c : s.sections) {
        placed.put(c, new Place(s, offsets.get(new Key(c.contents().toArray()))));
        c.marked = false;
      }
      out.add(s);
    }
    if (placed.isEmpty()) return out;
    // A global symbol is in the table of every object that names it: once moved, it no longer matches.
    for (ObjectFile f : ctx.objects) {
      for (Symbol sym : f.symbols) {
        if (sym == null || sym.kind != Symbol.Kind.REGULAR || !(sym.chunk instanceof SectionChunk c)) continue;
        Place p = placed.get(c);
        if (p == null) continue;
        sym.chunk = p.blob();
        sym.value += p.offset();
      }
    }
    return out;
  }

  private record Key(byte[] bytes) {
    @Override public boolean equals(Object o) { return o instanceof Key k && Arrays.equals(bytes, k.bytes); }

    @Override public int hashCode() { return Arrays.hashCode(bytes); }
  }

  /**
   * Distinct strings sorted by their bytes read from the end, larger bytes first and a string before its own
   * suffixes; each is then placed inside the previous placed string when it ends it at an aligned offset, else
   * at the next aligned offset. The order is total, so the layout does not depend on the input order.
   */
  private static Map<Key, Long> layOut(Strings s) {
    Map<Key, Long> offsets = new HashMap<>();
    List<byte[]> distinct = new ArrayList<>();
    for (SectionChunk c : s.sections) {
      Key k = new Key(c.contents().toArray());
      if (offsets.putIfAbsent(k, -1L) == null) distinct.add(k.bytes());
    }
    distinct.sort(TailMerge::compareTails);
    long size = 0;
    byte[] previous = new byte[0];
    long previousEnd = 0;
    for (byte[] b : distinct) {
      if (endsWith(previous, b)) {
        long pos = previousEnd - b.length;
        if ((pos & (s.alignment - 1)) == 0) {
          offsets.put(new Key(b), pos);
          continue;
        }
      }
      size = Layout.align(size, s.alignment);
      offsets.put(new Key(b), size);
      size += b.length;
      previous = b;
      previousEnd = size;
    }
    byte[] data = new byte[(int) size];
    for (byte[] b : distinct) System.arraycopy(b, 0, data, (int) (long) offsets.get(new Key(b)), b.length);
    s.data = data;
    return offsets;
  }

  private static int compareTails(byte[] a, byte[] b) {
    for (int i = 0; ; i++) {
      int x = i < a.length ? a[a.length - 1 - i] & 0xff : -1;
      int y = i < b.length ? b[b.length - 1 - i] & 0xff : -1;
      if (x != y) return Integer.compare(y, x);
      if (x == -1) return 0;
    }
  }

  private static boolean endsWith(byte[] whole, byte[] tail) {
    if (tail.length > whole.length) return false;
    return Arrays.equals(whole, whole.length - tail.length, whole.length, tail, 0, tail.length);
  }
}
