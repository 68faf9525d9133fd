package dev.jwin.link;

import dev.jwin.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** -MAP: a link.exe-style map of sections, chunks and public symbols. */
final class MapFile {
  private MapFile() {}

  static void write(LinkContext ctx, Image img, List<OutputSection> sections) {
    Config config = ctx.config;
    String path = config.mapFile.isEmpty() ? stripExt(config.output) + ".map" : config.mapFile;
    StringBuilder b = new StringBuilder();
    b.append(' ').append(stripExt(Path.of(config.output).getFileName().toString())).append("\n\n");
    b.append(String.format(" Timestamp is %08x\n\n", img.timestamp));
    b.append(String.format(" Preferred load address is %016x\n\n", img.imageBase));
    b.append(" Start         Length     Name                   Class\n");
    for (OutputSection s : sections) {
      for (Chunk c : s.chunks) {
        if (!(c instanceof SectionChunk sc) || c.size() == 0) continue;
        b.append(String.format(" %04x:%08x %08xH %-23s %s\n", s.index, c.rva - s.rva, c.size(), sc.name(),
            (s.characteristics & dev.jwin.coff.Coff.SCN_CNT_CODE) != 0 ? "CODE" : "DATA"));
      }
    }
    b.append("\n  Address         Publics by Value              Rva+Base               Lib:Object\n\n");
    List<Symbol> syms = new ArrayList<>();
    for (Symbol s : ctx.symtab.ordered()) if (s.isDefined() && s.kind != Symbol.Kind.IMPORT_DATA) syms.add(s);
    syms.sort(Comparator.comparingLong((Symbol s) -> img.rva(s)).thenComparing(s -> s.name()));
    for (Symbol s : syms) {
      Chunk c = s.definingChunk();
      int idx = c == null || c.out == null ? 0 : c.out.index;
      long off = c == null || c.out == null ? 0 : img.rva(s) - c.out.rva;
      String from = s.file == null ? "<linker-defined>" : s.file.name;
      b.append(String.format(" %04x:%08x       %-26s %016x     %s\n", idx, off, s.name(), img.va(s), from));
    }
    try {
      AtomicFile.write(ctx.file(path), b.toString().getBytes(StandardCharsets.UTF_8), false);
    } catch (IOException e) {
      ctx.diag.error("cannot write map file " + path + ": " + Options.ioReason(e));
    }
  }

  private static String stripExt(String p) {
    int dot = p.lastIndexOf('.');
    int slash = p.lastIndexOf('/');
    return dot > slash ? p.substring(0, dot) : p;
  }
}
