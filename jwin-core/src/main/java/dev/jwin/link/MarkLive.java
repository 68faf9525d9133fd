package dev.jwin.link;


import java.util.ArrayDeque;
import java.util.Deque;

/**
 * -OPT:REF: COMDAT sections are dead unless reached from a root (the entry point, -include symbols,
 * non-COMDAT sections, exports) through relocations; associative sections live and die with their parent.
 */
final class MarkLive {
  private MarkLive() {}

  static void run(LinkContext ctx) {
    if (!ctx.config.doGc) {
      for (ImportFile f : ctx.imports) f.live = f.thunkLive = true;
      return;
    }
    Deque<SectionChunk> work = new ArrayDeque<>();
    for (SectionChunk c : ctx.chunks) {
      if (c.discarded) continue;
      c.marked = !c.isComdat();
      // Debug info is kept but does not keep anything alive.
      if (c.marked && !c.isDebug) work.add(c);
    }
    for (Symbol s : ctx.symtab.ordered()) if (s.gcRoot) enqueue(s, work);
    while (!work.isEmpty()) {
      SectionChunk c = work.poll();
      int n = c.relocCount();
      for (int j = 0; j < n; j++) {
        Symbol s = c.relocTarget(j);
        if (s != null) enqueue(s, work);
      }
      for (SectionChunk child : c.assocChildren) {
        if (!child.marked && !child.discarded) {
          child.marked = true;
          work.add(child);
        }
      }
    }
  }

  private static void enqueue(Symbol s, Deque<SectionChunk> work) {
    Symbol t = s;
    ImportFile imp = t.importFile();
    if (imp != null) {
      imp.live = true;
      // As lld-link: an import thunk exists only if something branches to it.
      if (t.kind == Symbol.Kind.IMPORT_THUNK) imp.thunkLive = true;
    }
    if (t.kind == Symbol.Kind.LOCAL_IMPORT && t.chunk instanceof SyntheticChunks.LocalImport li) t = li.target;
    if (t.chunk instanceof SectionChunk c && !c.marked && !c.discarded) {
      c.marked = true;
      work.add(c);
    }
  }
}
