package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.CoffObject;
import dev.jwin.link.arch.Arch;

/** Applies an input section's relocations to its copy in the output; the machine's {@link dev.jwin.link.arch.Arch} does the arithmetic. */
final class Relocator {
  private Relocator() {}

  /**
   * One pass over the relocation table in place, on the chunk's copy at {@code base} of {@code buf} (the relocations'
   * offsets were checked against the section's size when the object was read). What every relocation shares is read
   * once before the loop: the JIT that compiles a short link's code does not hoist it.
   */
  static void apply(SectionChunk c, Bytes buf, long base, Image img) {
    int n = c.relocCount();
    if (n == 0) return;
    Bytes table = c.relocData;
    long at = c.relocStart;
    Symbol[] symbols = c.file.symbols;
    Arch arch = img.arch;
    long imageBase = img.imageBase, rva = c.rva;
    for (int j = 0; j < n; j++, at += CoffObject.RELOCATION_SIZE) {
      long off = CoffObject.relocVirtualAddress(table, at);
      Symbol s = symbols[CoffObject.relocSymbol(table, at)];
      int type = CoffObject.relocType(table, at);
      Chunk target;
      OutputSection os;
      long sRva;
      if (s != null && s.kind == Symbol.Kind.REGULAR && s.chunk instanceof SectionChunk sc) {
        // Most relocations: a symbol in an input section, asked about without the general calls.
        os = sc.out;
        if (os == null || sc.discarded || !sc.marked) {
          gone(c, img, s);
          continue;
        }
        sRva = sc.rva + s.value;
      } else {
        target = s == null ? null : s.definingChunk();
        os = target == null ? null : target.out;
        boolean targetGone = s == null || !s.isDefined() || (target != null && (os == null || !target.isLive()));
        if (targetGone && !(s != null && (s.kind == Symbol.Kind.ABSOLUTE || s.kind == Symbol.Kind.SYNTHETIC))) {
          gone(c, img, s);
          continue;
        }
        sRva = s.rva(imageBase);
      }
      String problem = arch.apply(buf, base + off, type, sRva, rva + off, imageBase,
          os == null ? img.absoluteSectionIndex() : os.index, os == null ? -1 : os.rva,
          os != null && (os.characteristics & Coff.SCN_MEM_EXECUTE) != 0);
      if (problem != null) {
        img.error(c, c.file.name + ": " + problem + " in " + c.name() + " at offset 0x" + Long.toHexString(off)
            + " against " + img.demangle(s.name()));
      }
    }
  }

  /** A relocation whose target is not in the image: lld-link's error, unless the place is debug info or mingw's. */
  private static void gone(SectionChunk c, Image img, Symbol s) {
    if (!c.isDebug && !img.mingw)
      img.error(c, "relocation against symbol in discarded section: " + (s == null ? "<unnamed>" : img.demangle(s.name()))
          + "\n>>> referenced by " + c);
  }
}
