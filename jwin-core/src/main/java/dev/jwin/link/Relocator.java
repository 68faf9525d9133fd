package dev.jwin.link;

import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;

import java.lang.foreign.MemorySegment;

/** Applies an input section's relocations (AMD64, spec 5.2.1) to its copy in the output. */
final class Relocator {
  private Relocator() {}

  static void apply(SectionChunk c, MemorySegment buf, Writer w) {
    int n = c.relocCount();
    long imageBase = w.imageBase;
    for (int j = 0; j < n; j++) {
      long off = c.relocOffsetInSection(j);
      int type = c.relocType(j);
      Symbol s = c.relocTarget(j);
      Chunk target = s == null ? null : s.definingChunk();
      OutputSection os = target == null ? null : target.out;
      boolean targetGone = s == null || !s.isDefined()
          || (target != null && (os == null || !target.isLive()));
      if (targetGone && !(s != null && (s.kind == Symbol.Kind.ABSOLUTE || s.kind == Symbol.Kind.SYNTHETIC))) {
        if (!c.isDebug && !w.config.mingw)
          w.diag.error("relocation against symbol in discarded section: " + (s == null ? "<unnamed>" : w.ctx.demangle(s.name))
              + "\n>>> referenced by " + c);
        continue;
      }
      long sRva = s.rva(imageBase);
      long p = c.rva + off;
      switch (type) {
        case Coff.REL_AMD64_ABSOLUTE -> {}
        case Coff.REL_AMD64_ADDR64 -> Le.add64(buf, off, sRva + imageBase);
        case Coff.REL_AMD64_ADDR32 -> Le.add32(buf, off, sRva + imageBase);
        case Coff.REL_AMD64_ADDR32NB -> Le.add32(buf, off, sRva);
        case 4, 5, 6, 7, 8, 9 -> Le.add32(buf, off, sRva - p - 4 - (type - Coff.REL_AMD64_REL32));
        case Coff.REL_AMD64_SECTION -> Le.add16(buf, off, os == null ? w.absoluteSectionIndex() : os.index);
        case Coff.REL_AMD64_SECREL -> {
          if (os == null) {
            w.diag.error(c.file.name + ": SECREL relocation against absolute symbol " + s.name + " in " + c.name);
            continue;
          }
          Le.add32(buf, off, sRva - os.rva);
        }
        case Coff.REL_AMD64_SECREL7 -> {
          long v = os == null ? 0 : sRva - os.rva;
          Le.put8(buf, off, (Le.u8(buf, off) & 0x80) | (int) ((Le.u8(buf, off) + v) & 0x7f));
        }
        default -> w.diag.error(c.file.name + ": unsupported relocation type 0x" + Integer.toHexString(type)
            + " in " + c.name + " against " + s.name);
      }
    }
  }
}
