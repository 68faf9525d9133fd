package dev.jwin.link;

import dev.jwin.coff.Bytes;

/** A contiguous piece of an output section: an input section or something the linker makes. */
public abstract class Chunk {
  long rva;
  /** File offset of the chunk's first byte; meaningless for chunks without data. */
  long fileOffset;
  OutputSection out;
  int alignment = 1;

  abstract long size();

  /** False for uninitialized data (.bss, commons): occupies address space, not file space. */
  boolean hasData() { return true; }

  /** Writes exactly {@link #size()} bytes into {@code buf} (a slice at the chunk's start). */
  abstract void writeTo(Bytes buf, Image img);

  /** The input section name used to bin this chunk ({@code .text$mn}); synthetic chunks name their group. */
  abstract String sectionName();

  abstract int outputCharacteristics();

  /** Adds base relocations for absolute addresses this chunk holds. */
  void collectBaseRelocs(BaseRelocs out, Image img) {}

  /** Live after COMDAT resolution and -OPT:REF. */
  boolean isLive() { return true; }
}
