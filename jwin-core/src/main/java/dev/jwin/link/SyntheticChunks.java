package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;
import dev.jwin.link.arch.Arch;

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

    LocalImport(Symbol target, Arch arch) {
      super(".rdata", RDATA, arch.pointerSize());
      this.target = target;
    }

    @Override long size() { return alignment; }

    @Override void writeTo(Bytes buf, Image img) { img.arch.putPointer(buf, 0, img.va(target)); }

    @Override void collectBaseRelocs(BaseRelocs out, Image img) { out.add(rva, img.arch.pointerBaseReloc()); }
  }

  /** A pointer-sized constant (the -1 head and 0 tail of mingw's constructor lists). */
  static final class AbsolutePointer extends Fixed {
    final long value;

    AbsolutePointer(String group, long value, Arch arch) {
      super(group, RDATA, arch.pointerSize());
      this.value = value;
    }

    @Override long size() { return alignment; }

    @Override void writeTo(Bytes buf, Image img) { img.arch.putPointer(buf, 0, value); }
  }

  /** Marks a position (the end of a list). */
  static final class Empty extends Fixed {
    Empty(String group) { super(group, RDATA, 1); }

    @Override long size() { return 0; }

    @Override void writeTo(Bytes buf, Image img) {}
  }

  /** What a direct call to an imported function lands on: a jump through its IAT slot ({@link Arch}'s code). */
  static final class ImportThunk extends Fixed {
    final ImportFile file;
    private final int size;

    ImportThunk(ImportFile file, Arch arch) {
      super(".text", CODE, arch.thunkAlignment());
      this.file = file;
      this.size = arch.importThunkSize();
    }

    @Override long size() { return size; }

    @Override void writeTo(Bytes buf, Image img) {
      img.arch.writeImportThunk(buf, rva, file.iatChunk.rva, img.imageBase);
    }

    @Override void collectBaseRelocs(BaseRelocs out, Image img) {
      int type = img.arch.importThunkBaseReloc();
      if (type >= 0) out.add(rva + img.arch.importThunkBaseRelocOffset(), type);
    }
  }

  /** x86 SafeSEH: the sorted RVAs of every registered exception handler ({@code __safe_se_handler_table}). */
  static final class SehTable extends Fixed {
    final List<Symbol> handlers;

    SehTable(List<Symbol> handlers) {
      super(".rdata", RDATA, 4);
      this.handlers = handlers;
    }

    @Override long size() { return 4L * handlers.size(); }

    @Override void writeTo(Bytes buf, Image img) {
      long[] rvas = new long[handlers.size()];
      for (int i = 0; i < rvas.length; i++) rvas[i] = img.rva(handlers.get(i));
      java.util.Arrays.sort(rvas);
      for (int i = 0; i < rvas.length; i++) Le.put32(buf, 4L * i, rvas[i]);
    }
  }

  /** A range-extension thunk: a branch that cannot reach {@code target} jumps here instead. */
  static final class RangeThunk extends Fixed {
    final Symbol target;
    private final int size;

    RangeThunk(Symbol target, Arch arch) {
      super(".text", CODE, arch.thunkAlignment());
      this.target = target;
      this.size = arch.rangeThunkSize();
    }

    @Override long size() { return size; }

    @Override void writeTo(Bytes buf, Image img) { img.arch.writeRangeThunk(buf, rva, img.rva(target)); }
  }

  /** Uninitialized storage for a common symbol. */
  static final class Common extends Fixed {
    final Symbol sym;

    Common(Symbol sym, int alignment) {
      super(".bss", BSS, alignment);
      this.sym = sym;
    }

    @Override long size() { return sym.memberOffsetOrSize; }

    @Override boolean hasData() { return false; }

    @Override void writeTo(Bytes buf, Image img) {}
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

    @Override void writeTo(Bytes buf, Image img) {
      if (entries.isEmpty()) return;
      Le.put32(buf, 0, 0);
      Le.put32(buf, 4, 0);
      Le.put32(buf, 8, 1);
      long p = 12;
      for (Entry e : entries) {
        Le.put32(buf, p, img.rva(e.sym));
        Le.put32(buf, p + 4, e.target.rva + e.offset);
        Le.put32(buf, p + 8, e.bits);
        p += 12;
      }
    }
  }

  static final int DEBUG_TYPE_CODEVIEW = 2, DEBUG_TYPE_EX_DLLCHARACTERISTICS = 20;

  /** One entry of the debug directory: its type and the chunk holding its data. */
  record DebugRecord(int type, Chunk data) {}

  /**
   * The debug directory (spec 6.1.1), as lld writes it: a CodeView entry for -debug, an extended DLL
   * characteristics entry for /cetcompat.
   */
  static final class DebugDirectory extends Fixed {
    final List<DebugRecord> records;

    DebugDirectory(String group, List<DebugRecord> records) {
      super(group, RDATA, 4);
      this.records = records;
    }

    @Override long size() { return 28L * records.size(); }

    @Override void writeTo(Bytes buf, Image img) {
      for (int i = 0; i < records.size(); i++) {
        Chunk data = records.get(i).data();
        long e = 28L * i;
        Le.put32(buf, e + 4, img.timestamp);
        Le.put32(buf, e + 12, records.get(i).type());
        Le.put32(buf, e + 16, data.size());
        Le.put32(buf, e + 20, data.rva);
        Le.put32(buf, e + 24, data.fileOffset);
      }
    }
  }

  /** IMAGE_DLL_CHARACTERISTICS_EX_CET_COMPAT (/cetcompat): the image supports CET shadow stacks. */
  static final class ExtendedDllCharacteristics extends Fixed {
    ExtendedDllCharacteristics(String group) { super(group, RDATA, 4); }

    @Override long size() { return 4; }

    @Override void writeTo(Bytes buf, Image img) { Le.put32(buf, 0, 1); }
  }

  /** An "RSDS" CodeView record: signature, a content-derived GUID, age 1 and an empty PDB path. */
  static final class CodeViewRecord extends Fixed {
    CodeViewRecord(String group) { super(group, RDATA, 4); }

    @Override long size() { return 4 + 16 + 4 + 1; }

    @Override void writeTo(Bytes buf, Image img) {
      Le.put32(buf, 0, 0x53445352); // "RSDS"
      Le.put32(buf, 20, 1);
      // The GUID (bytes 4..20) is filled in after the whole image is written: it hashes the output.
    }
  }
}
