package dev.jwin.link;

import dev.jwin.archive.ArchiveIndex;
import dev.jwin.archive.ArchiveReader;
import dev.jwin.coff.Bytes;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.coff.FileKind;


/**
 * An {@code ar} archive: the symbol table asks its index for the names it lacks (see
 * {@link SymbolTable#addArchive}); members load on demand.
 */
public final class ArchiveFile extends InputFile {
  final ArchiveReader reader;
  /** Header offsets of the members loaded (or queued): open addressing, 0 for a free slot (no member starts there). */
  private long[] loaded = new long[16];
  private int loadedCount;
  /** The symbol index, read by {@link #prepare}; null if it is malformed ({@link #failure}). */
  ArchiveIndex index;
  private CorruptInputException failure;
  /** Where the index's names stand in the symbol table's order (see {@link SymbolTable#ordered}). */
  long order;

  ArchiveFile(String name, ArchiveReader reader) {
    super(name, Bytes.EMPTY, "", "");
    this.reader = reader;
  }

  /** Reads the symbol index; touches nothing shared, so archives named on the command line do it in parallel. */
  ArchiveFile prepare() {
    try {
      index = reader.index();
    } catch (CorruptInputException e) {
      failure = e;
    }
    return this;
  }

  void parse(LinkContext ctx) {
    if (index == null && failure == null) prepare();
    if (failure != null) throw failure;
    ctx.symtab.addArchive(this);
    if (index.failure() != null) throw index.failure();
  }

  /** /wholearchive: loads every member, in archive order. */
  void loadAll(LinkContext ctx) {
    reader.forEachMember(m -> {
      if (markLoaded(m.headerOffset())) ctx.enqueue(new MemberLoad(ctx, this, m.headerOffset(), "/wholearchive"));
    });
  }

  /** Records the member at {@code offset} as loaded; false if it was already. */
  private boolean markLoaded(long offset) {
    if (2 * (loadedCount + 1) > loaded.length) {
      long[] old = loaded;
      loaded = new long[2 * old.length];
      loadedCount = 0;
      for (long o : old) if (o != 0) markLoaded(o);
    }
    int mask = loaded.length - 1;
    for (int i = (int) (offset * 0x9E3779B97F4A7C15L >>> 40) & mask; ; i = (i + 1) & mask) {
      if (loaded[i] == offset) return false;
      if (loaded[i] == 0) {
        loaded[i] = offset;
        loadedCount++;
        return true;
      }
    }
  }

  /** Loads the member at {@code offset} once, on behalf of {@code why}. */
  void loadMember(LinkContext ctx, long offset, Symbol why) {
    if (!markLoaded(offset)) return;
    ctx.enqueue(new MemberLoad(ctx, this, offset, why.name()));
  }

  /**
   * A queued member load. Consecutive loads are read in parallel ({@link #read}) and then added to
   * the link one by one in queue order ({@link #run}), so the result does not depend on timing.
   */
  static final class MemberLoad implements Runnable {
    final LinkContext ctx;
    final ArchiveFile archive;
    final long offset;
    final String why;
    private boolean read;
    private ArchiveReader.Member member;
    private ObjectFile object;
    private RuntimeException failure;

    MemberLoad(LinkContext ctx, ArchiveFile archive, long offset, String why) {
      this.ctx = ctx;
      this.archive = archive;
      this.offset = offset;
      this.why = why;
    }

    /** The part that touches no shared state: find the member and, for an object, prepare it. */
    MemberLoad read() {
      read = true;
      try {
        member = archive.reader.memberAt(offset);
        FileKind kind = FileKind.identify(member.data());
        if (kind == FileKind.COFF || kind == FileKind.BIGOBJ) {
          object = new ObjectFile(archive.name + "(" + member.name() + ")", member.data(), archive.name, member.name());
          object.prepare(ctx.config, ctx.readerScratch);
        }
      } catch (RuntimeException e) {
        failure = e;
      }
      return this;
    }

    @Override public void run() {
      if (!read) read();
      if (failure != null) throw failure;
      if (ctx.config.verbose) ctx.diag.message("Loaded " + archive.name + "(" + member.name() + ") for " + why);
      if (object != null) ctx.addObject(object);
      else ctx.addMember(archive, member);
    }
  }
}
