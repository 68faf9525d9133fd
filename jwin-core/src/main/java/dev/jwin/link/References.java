package dev.jwin.link;


import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where symbols are referenced from, as lld prints it: {@code file.o:(function)}. */
final class References {
  private References() {}

  static Map<Symbol, List<String>> collect(LinkContext ctx, List<Symbol> wanted) {
    Set<Symbol> want = new HashSet<>(wanted);
    Map<Symbol, List<String>> out = new LinkedHashMap<>();
    for (ObjectFile f : ctx.objects) {
      for (SectionChunk c : f.chunks) {
        if (c == null || c.discarded || c.isDebug) continue;
        int n = c.relocCount();
        for (int j = 0; j < n; j++) {
          Symbol s = c.relocTarget(j);
          if (s == null || !want.contains(s)) continue;
          long offset = c.relocOffsetInSection(j);
          DwarfLines.Line line = DwarfLines.at(ctx, c, offset);
          String where = (line == null ? "" : line + "\n>>>               ")
              + f.symbolDiagnosticName() + ":(" + ctx.demangle(enclosing(f, c, offset)) + ")";
          // Every reference counts, as in lld: two calls from one function are two lines.
          out.computeIfAbsent(s, k -> new ArrayList<>()).add(where);
        }
      }
    }
    return out;
  }

  /** The defined symbol of {@code c} at or before {@code offset} (a function name), else the section name. */
  private static String enclosing(ObjectFile f, SectionChunk c, long offset) {
    Symbol best = null;
    for (Symbol s : f.symbols) {
      if (s == null || s.chunk != c || s.kind != Symbol.Kind.REGULAR || s.value > offset) continue;
      if (s.name().equals(c.name()) || s.name().startsWith(".")) continue;
      if (best == null || s.value > best.value) best = s;
    }
    return best != null ? best.name() : c.name();
  }
}
