package dev.jwin.link;

import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;

import java.lang.foreign.MemorySegment;
import java.util.List;

/** Chunks the linker makes itself. Each is small; they are grouped here by kind. */
final class SyntheticChunks {
  private SyntheticChunks() {}

  static final int RDATA = Coff.SCN_CNT_INITIALIZED_DATA | Coff.SCN_MEM_READ;
  static final int CODE = Coff.SCN_CNT_CODE | Coff.SCN_MEM_READ | Coff.SCN_MEM_EXECUTE;
  static final int BSS = Coff.SCN_CNT_UNINITIALIZED_DATA | Coff.SCN_MEM_READ | Coff.SCN_MEM_WRITE;

  /** Base for fixed-content chunks placed into a named group. */
  abstract static class Fixed extends Chunk {
    final String group;
    final int chars;

    Fixed(String group, int chars, int alignment) {
      this.group = group;
      this.chars = chars;
      this.alignment = alignment;
    }

    @Override String sectionName() { return group; }

    @Override int outputCharacteristics() { return chars; }
  }

  /** A pointer-sized slot holding the address of a local symbol (for {@code __imp_} of a local definition). */
  static final class LocalImport extends Fixed {
    final Symbol target;

    LocalImport(Symbol target) {
      super(".rdata", RDATA, 8);
      this.target = target;
    }

    @Override long size() { return 8; }

    @Override void writeTo(MemorySegment buf, Writer w) { Le.put64(buf, 0, w.va(target)); }

    @Override void collectBaseRelocs(BaseRelocs out, Writer w) { out.add(rva, Coff.REL_BASED_DIR64); }
  }

  /** A pointer-sized constant (the -1 head and 0 tail of mingw's constructor lists). */
  static final class AbsolutePointer extends Fixed {
    final long value;

    AbsolutePointer(String group, long value) {
      super(group, RDATA, 8);
      this.value = value;
    }

    @Override long size() { return 8; }

    @Override void writeTo(MemorySegment buf, Writer w) { Le.put64(buf, 0, value); }
  }

  /** Marks a position (the end of a list). */
  static final class Empty extends Fixed {
    Empty(String group) { super(group, RDATA, 1); }

    @Override long size() { return 0; }

    @Override void writeTo(MemorySegment buf, Writer w) {}
  }

  /** {@code jmp *__imp_NAME(%rip)}: what a direct call to an imported function lands on. */
  static final class ImportThunk extends Fixed {
    final ImportFile file;

    ImportThunk(ImportFile file) {
      super(".text", CODE, 2);
      this.file = file;
    }

    @Override long size() { return 6; }

    @Override void writeTo(MemorySegment buf, Writer w) {
      Le.put8(buf, 0, 0xFF);
      Le.put8(buf, 1, 0x25);
      Le.put32(buf, 2, file.iatChunk.rva - (rva + 6));
    }
  }

  /** Uninitialized storage for a common symbol. */
  static final class Common extends Fixed {
    final Symbol sym;

    Common(Symbol sym, int alignment) {
      super(".bss", BSS, alignment);
      this.sym = sym;
    }

    @Override long size() { return sym.commonSize; }

    @Override boolean hasData() { return false; }

    @Override void writeTo(MemorySegment buf, Writer w) {}
  }

  /** mingw's runtime pseudo-relocation list (version 1 header, then symbol/target/flags triples). */
  static final class PseudoRelocTable extends Fixed {
    record Entry(Symbol sym, Chunk target, long offset, int bits) {}

    final List<Entry> entries;

    PseudoRelocTable(List<Entry> entries) {
      super(".rdata", RDATA, 4);
      this.entries = entries;
    }

    @Override long size() { return entries.isEmpty() ? 0 : 12 + 12L * entries.size(); }

    @Override void writeTo(MemorySegment buf, Writer w) {
      if (entries.isEmpty()) return;
      Le.put32(buf, 0, 0);
      Le.put32(buf, 4, 0);
      Le.put32(buf, 8, 1);
      long p = 12;
      for (Entry e : entries) {
        Le.put32(buf, p, w.rva(e.sym));
        Le.put32(buf, p + 4, e.target.rva + e.offset);
        Le.put32(buf, p + 8, e.bits);
        p += 12;
      }
    }
  }

  /** The debug directory (spec 6.1.1) with one CodeView entry, as lld writes it for -debug. */
  static final class DebugDirectory extends Fixed {
    final Chunk record;

    DebugDirectory(String group, Chunk record) {
      super(group, RDATA, 4);
      this.record = record;
    }

    @Override long size() { return 28; }

    @Override void writeTo(MemorySegment buf, Writer w) {
      Le.put32(buf, 4, w.timestamp);
      Le.put32(buf, 12, 2); // IMAGE_DEBUG_TYPE_CODEVIEW
      Le.put32(buf, 16, record.size());
      Le.put32(buf, 20, record.rva);
      Le.put32(buf, 24, record.fileOffset);
    }
  }

  /** An "RSDS" CodeView record: signature, a content-derived GUID, age 1 and an empty PDB path. */
  static final class CodeViewRecord extends Fixed {
    CodeViewRecord(String group) { super(group, RDATA, 4); }

    @Override long size() { return 4 + 16 + 4 + 1; }

    @Override void writeTo(MemorySegment buf, Writer w) {
      Le.put32(buf, 0, 0x53445352); // "RSDS"
      Le.put32(buf, 20, 1);
      // The GUID (bytes 4..20) is filled in after the whole image is written: it hashes the output.
    }
  }
}
