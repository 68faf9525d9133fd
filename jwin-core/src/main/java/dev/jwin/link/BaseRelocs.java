package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Le;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects base relocations and lays them out as .reloc blocks, one per 4 KiB page (spec 6.6). */
final class BaseRelocs {
  private long[] entries = new long[256]; // rva << 4 | type
  private int n;

  void add(long rva, int type) {
    if (n == entries.length) entries = Arrays.copyOf(entries, n * 2);
    entries[n++] = (rva << 4) | type;
  }

  /**
   * The base relocations of {@code chunks}: collected in parallel, a run of chunks per task (each with its own
   * collector), then merged and sorted, so the result does not depend on the thread count.
   */
  static BaseRelocs collect(List<Chunk> chunks, Image img) {
    int per = 512, tasks = (chunks.size() + per - 1) / per;
    BaseRelocs[] parts = new BaseRelocs[tasks];
    Parallel.forEach(tasks, t -> {
      BaseRelocs part = new BaseRelocs();
      for (int i = t * per, end = Math.min(chunks.size(), i + per); i < end; i++) chunks.get(i).collectBaseRelocs(part, img);
      parts[t] = part;
    });
    BaseRelocs all = new BaseRelocs();
    int total = 0;
    for (BaseRelocs p : parts) total += p.n;
    all.entries = new long[Math.max(total, 1)];
    for (BaseRelocs p : parts) {
      System.arraycopy(p.entries, 0, all.entries, all.n, p.n);
      all.n += p.n;
    }
    return all;
  }

  /** One chunk per page block, in address order. */
  List<Chunk> blocks() {
    long[] e = entries; // sorted in place: the blocks share it (a large link has hundreds of thousands of entries)
    Arrays.sort(e, 0, n);
    List<Chunk> out = new ArrayList<>();
    int i = 0;
    while (i < n) {
      long page = (e[i] >>> 4) & ~0xFFFL;
      int j = i;
      while (j < n && ((e[j] >>> 4) & ~0xFFFL) == page) j++;
      out.add(new Block(page, e, i, j));
      i = j;
    }
    return out;
  }

  static final class Block extends SyntheticChunks.Fixed {
    final long page;
    /** The block's entries: {@code entries[from, to)}. */
    private final long[] entries;
    private final int from, to;

    Block(long page, long[] entries, int from, int to) {
      super(".reloc", SyntheticChunks.RDATA | dev.jwin.coff.Coff.SCN_MEM_DISCARDABLE, 4);
      this.page = page;
      this.entries = entries;
      this.from = from;
      this.to = to;
    }

    @Override long size() { return 8 + (((to - from) * 2L + 3) & ~3L); }

    @Override void writeTo(Bytes buf, Image img) {
      Le.put32(buf, 0, page);
      Le.put32(buf, 4, size());
      for (int k = from; k < to; k++) {
        long rva = entries[k] >>> 4;
        int type = (int) (entries[k] & 0xF);
        Le.put16(buf, 8 + 2L * (k - from), (type << 12) | (int) (rva & 0xFFF));
      }
    }
  }
}
