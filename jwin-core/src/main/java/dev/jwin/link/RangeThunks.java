package dev.jwin.link;

import dev.jwin.coff.Coff;
import dev.jwin.link.arch.Arch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Range-extension thunks: on machines whose branches reach only so far (ARM64: B/BL 128 MiB, B.cond and
 * CBZ 1 MiB, TBZ 32 KiB), a
 * branch to a target beyond its reach is redirected to a thunk placed right after the calling section,
 * which jumps anywhere. Needs addresses, so it runs after layout, and layout runs again after it.
 */
final class RangeThunks {
  private RangeThunks() {}

  /** Adds the thunks the current layout needs; true if it added any. */
  static boolean add(List<OutputSection> sections, Arch arch, long imageBase) {
    if (arch.rangeThunkSize() == 0) return false;
    boolean added = false;
    for (OutputSection sec : sections) {
      if ((sec.characteristics & Coff.SCN_MEM_EXECUTE) == 0) continue;
      Map<Symbol, List<SyntheticChunks.RangeThunk>> thunks = new HashMap<>();
      List<Chunk> out = new ArrayList<>(sec.chunks.size());
      for (Chunk c : sec.chunks) {
        out.add(c);
        if (c instanceof SyntheticChunks.RangeThunk t) thunks.computeIfAbsent(t.target, k -> new ArrayList<>()).add(t);
        if (!(c instanceof SectionChunk sc) || !sc.isLive()) continue;
        int n = sc.relocCount();
        for (int j = 0; j < n; j++) {
          long reach = arch.branchReach(sc.relocType(j));
          Symbol s = sc.relocTarget(j);
          // A branch that cannot reach even the thunk placed right after its section is an error (Relocator).
          if (reach == 0 || s == null || !s.isDefined() || s.chunk instanceof SyntheticChunks.RangeThunk) continue;
          long p = sc.rva + sc.relocOffsetInSection(j);
          if (inReach(s.rva(imageBase) - p, reach)) continue;
          SyntheticChunks.RangeThunk thunk = null;
          for (SyntheticChunks.RangeThunk t : thunks.getOrDefault(s, List.of()))
            if (t.out == null || inReach(t.rva - p, reach)) thunk = t; // new thunks go right after this chunk
          if (thunk == null) {
            thunk = new SyntheticChunks.RangeThunk(s, arch);
            thunks.computeIfAbsent(s, k -> new ArrayList<>()).add(thunk);
            out.add(thunk);
            added = true;
          }
          redirect(sc, j, thunk, s.name());
        }
      }
      sec.chunks.clear();
      sec.chunks.addAll(out);
    }
    return added;
  }

  private static boolean inReach(long v, long reach) { return v >= -reach && v < reach; }

  /**
   * Points relocation {@code j} of {@code c} at the thunk, through a symbol of its own (not in the output's
   * symbol table) that keeps the target's name for diagnostics.
   */
  private static void redirect(SectionChunk c, int j, Chunk thunk, String targetName) {
    ObjectFile f = c.file;
    Symbol s = new Symbol(targetName, Symbol.Kind.SYNTHETIC);
    s.chunk = thunk;
    s.symtab = OutputSymbols.MET;
    f.symbols = java.util.Arrays.copyOf(f.symbols, f.symbols.length + 1);
    f.symbols[f.symbols.length - 1] = s;
    c.retarget(j, f.symbols.length - 1);
  }
}
