package dev.jwin.link;

import dev.jwin.coff.Coff;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives every chunk its address and file offset, and every section its size. Depends only on the
 * sections' chunks and sizes, so it can run again after chunks are added (base relocations; on
 * machines with short branches, range-extension thunks) until the image is stable.
 */
final class Layout {
  static final int DOS_STUB_SIZE = 0x78;
  static final int SECTION_HEADER_SIZE = 40;

  long sizeOfHeaders, sizeOfImage, fileSize;
  /**
   * Found by the last full pass, which looks at every chunk anyway (a large link has a million, and another pass
   * would fetch each of them again): the chunks that are not input sections, section by section; and the chunks of
   * loaded sections that may need base relocations, those and the input sections with a relocation of a type that
   * may ({@link #baseRelocTypes}).
   */
  final List<Chunk> own = new ArrayList<>(), baseRelocCandidates = new ArrayList<>();
  /** The relocation types that may need a base relocation, as {@link SectionChunk#relocTypes} marks them. */
  private final int baseRelocTypes;

  Layout(int baseRelocTypes) {
    this.baseRelocTypes = baseRelocTypes;
  }

  /** Lays out {@code sections} in order after headers of {@code optionalHeaderSize} bytes. */
  void run(List<OutputSection> sections, int optionalHeaderSize, Config config, Diagnostics diag) {
    run(sections, optionalHeaderSize, config, diag, 0);
  }

  /**
   * Lays out {@code sections} again from section {@code from} on, where only those changed: the sections before it
   * keep their places (a pass over every chunk of a large link costs milliseconds).
   */
  void run(List<OutputSection> sections, int optionalHeaderSize, Config config, Diagnostics diag, int from) {
    long headers = DOS_STUB_SIZE + 4 + 20 + optionalHeaderSize + (long) SECTION_HEADER_SIZE * sections.size();
    sizeOfHeaders = align(headers, config.fileAlignment);
    fileSize = sizeOfHeaders;
    long rva = align(sizeOfHeaders, config.sectionAlignment);
    if (from == 0) {
      own.clear();
      baseRelocCandidates.clear();
    }
    for (int i = 0; i < sections.size(); i++) {
      OutputSection sec = sections.get(i);
      if (i < from) {
        rva += align(sec.virtualSize, config.sectionAlignment);
        fileSize += align(sec.rawSize, config.fileAlignment);
        continue;
      }
      long vsize = 0, raw = 0;
      sec.rva = rva;
      boolean list = from == 0, loaded = (sec.characteristics & Coff.SCN_MEM_DISCARDABLE) == 0;
      for (Chunk c : sec.chunks) {
        vsize = align(vsize, c.alignment);
        c.rva = rva + vsize;
        if (c.out != sec) c.out = sec; // a second layout leaves it alone: the symbol table's thread reads it
        c.fileOffset = fileSize + vsize;
        vsize += c.size();
        if (c.hasData()) raw = align(vsize, config.fileAlignment);
        if (list) note(c, loaded);
      }
      if (vsize > 0xFFFFFFFFL) throw diag.fatal("section larger than 4 GiB: " + sec.name);
      sec.virtualSize = vsize;
      sec.rawSize = raw;
      sec.fileOffset = raw == 0 ? 0 : fileSize;
      rva += align(vsize, config.sectionAlignment);
      fileSize += align(raw, config.fileAlignment);
    }
    sizeOfImage = align(rva, config.sectionAlignment);
    if (sizeOfImage > 0xFFFFFFFFL) throw diag.fatal("image larger than 4 GiB");
  }

  /** Lists {@code c} in {@link #own} and {@link #baseRelocCandidates}, as they take it. */
  private void note(Chunk c, boolean loaded) {
    if (c instanceof SectionChunk sc) {
      if (loaded && (sc.relocTypes & baseRelocTypes) != 0) baseRelocCandidates.add(sc);
    } else {
      own.add(c);
      if (loaded) baseRelocCandidates.add(c);
    }
  }

  static long align(long v, long a) { return (v + a - 1) & -a; }
}
