package dev.jwin.link;

import dev.jwin.coff.Le;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects base relocations and lays them out as .reloc blocks, one per 4 KiB page (spec 6.6). */
final class BaseRelocs {
  private long[] entries = new long[1024]; // rva << 4 | type
  private int n;

  synchronized void add(long rva, int type) {
    if (n == entries.length) entries = Arrays.copyOf(entries, n * 2);
    entries[n++] = (rva << 4) | type;
  }

  /** One chunk per page block, in address order. */
  List<Chunk> blocks() {
    long[] e = Arrays.copyOf(entries, n);
    Arrays.sort(e);
    List<Chunk> out = new ArrayList<>();
    int i = 0;
    while (i < e.length) {
      long page = (e[i] >>> 4) & ~0xFFFL;
      int j = i;
      while (j < e.length && ((e[j] >>> 4) & ~0xFFFL) == page) j++;
      out.add(new Block(page, Arrays.copyOfRange(e, i, j)));
      i = j;
    }
    return out;
  }

  static final class Block extends SyntheticChunks.Fixed {
    final long page;
    final long[] entries;

    Block(long page, long[] entries) {
      super(".reloc", SyntheticChunks.RDATA | dev.jwin.coff.Coff.SCN_MEM_DISCARDABLE, 4);
      this.page = page;
      this.entries = entries;
    }

    @Override long size() { return 8 + ((entries.length * 2L + 3) & ~3L); }

    @Override void writeTo(MemorySegment buf, Image img) {
      Le.put32(buf, 0, page);
      Le.put32(buf, 4, size());
      for (int k = 0; k < entries.length; k++) {
        long rva = entries[k] >>> 4;
        int type = (int) (entries[k] & 0xF);
        Le.put16(buf, 8 + 2L * k, (type << 12) | (int) (rva & 0xFFF));
      }
    }
  }
}
