package dev.jwin.link;

import dev.jwin.archive.ArchiveReader;

import dev.jwin.coff.FileKind;

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
    ctx.enqueue(new MemberLoad(ctx, this, offset, why.name));
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
          object.prepare(ctx.config);
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
