package dev.jwin.link;

import dev.jwin.archive.ArchiveReader;

import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.Set;

/** An {@code ar} archive: its index enters the symbol table as lazy symbols; members load on demand. */
public final class ArchiveFile extends InputFile {
  final ArchiveReader reader;
  private final Set<Long> loaded = new HashSet<>();

  ArchiveFile(String name, MemorySegment data) {
    super(name, data, "", "");
    this.reader = new ArchiveReader(name, data);
  }

  void parse(LinkContext ctx) {
    reader.forEachSymbol((sym, off) -> ctx.symtab.addLazy(this, sym, off));
  }

  /** Loads the member at {@code offset} once, on behalf of {@code why}. */
  void loadMember(LinkContext ctx, long offset, Symbol why) {
    if (!loaded.add(offset)) return;
    ctx.enqueue(() -> {
      ArchiveReader.Member m = reader.memberAt(offset);
      if (ctx.config.verbose) ctx.diag.message("Loaded " + name + "(" + m.name() + ") for " + why.name);
      ctx.addMember(this, m);
    });
  }
}
