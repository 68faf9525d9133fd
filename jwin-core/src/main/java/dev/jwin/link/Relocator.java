package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;

/** Applies an input section's relocations to its copy in the output; the machine's {@link dev.jwin.link.arch.Arch} does the arithmetic. */
final class Relocator {
  private Relocator() {}

  static void apply(SectionChunk c, Bytes buf, Image img) {
    int n = c.relocCount();
    long imageBase = img.imageBase;
    for (int j = 0; j < n; j++) {
      long off = c.relocOffsetInSection(j);
      int type = c.relocType(j);
      Symbol s = c.relocTarget(j);
      Chunk target = s == null ? null : s.definingChunk();
      OutputSection os = target == null ? null : target.out;
      boolean targetGone = s == null || !s.isDefined()
          || (target != null && (os == null || !target.isLive()));
      if (targetGone && !(s != null && (s.kind == Symbol.Kind.ABSOLUTE || s.kind == Symbol.Kind.SYNTHETIC))) {
        if (!c.isDebug && !img.mingw)
          img.error(c, "relocation against symbol in discarded section: " + (s == null ? "<unnamed>" : img.demangle(s.name()))
              + "\n>>> referenced by " + c);
        continue;
      }
      String problem = img.arch.apply(buf, off, type, s.rva(imageBase), c.rva + off, imageBase,
          os == null ? img.absoluteSectionIndex() : os.index, os == null ? -1 : os.rva,
          os != null && (os.characteristics & Coff.SCN_MEM_EXECUTE) != 0);
      if (problem != null) {
        img.error(c, c.file.name + ": " + problem + " in " + c.name() + " at offset 0x" + Long.toHexString(off)
            + " against " + img.demangle(s.name()));
      }
    }
  }
}
