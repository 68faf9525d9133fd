package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Le;
import dev.jwin.link.arch.Arch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The import directory for short import members (spec 6.4): per DLL a directory entry, a lookup
 * table, an address table (the IAT), hint/name entries and the DLL name. Chunks are binned into the
 * {@code .idata$2..$7} groups so that GNU-style import objects sort into the same tables.
 */
final class ImportTables {
  final List<Chunk> dirs = new ArrayList<>();
  final List<Chunk> lookups = new ArrayList<>();
  final List<Chunk> addresses = new ArrayList<>();
  final List<Chunk> hints = new ArrayList<>();
  final List<Chunk> dllNames = new ArrayList<>();
  final List<Chunk> thunks = new ArrayList<>();

  static final int RDATA = SyntheticChunks.RDATA;

  ImportTables(LinkContext ctx) {
    Arch arch = ctx.arch;
    // Group by DLL (in order of first appearance), symbols sorted by name within a DLL.
    Map<String, List<ImportFile>> byDll = new LinkedHashMap<>();
    for (ImportFile f : ctx.imports) {
      if (!f.live || DelayImports.isDelayLoaded(ctx.config, f)) continue;
      byDll.computeIfAbsent(f.dllName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f);
    }
    for (List<ImportFile> files : byDll.values()) {
      files.sort(Comparator.comparing(f -> f.header.symbolName()));
      Directory dir = new Directory();
      int first = lookups.size();
      for (ImportFile f : files) {
        String importName = f.header.importName();
        HintName hn = null;
        if (importName != null) {
          hn = new HintName(f.header.ordinalHint(), importName);
          hints.add(hn);
        }
        lookups.add(new Slot(".idata$4", hn, f.header.ordinalHint(), arch));
        Slot iat = new Slot(".idata$5", hn, f.header.ordinalHint(), arch);
        addresses.add(iat);
        f.iatChunk = iat;
      }
      lookups.add(new Slot(".idata$4", null, -1, arch));
      addresses.add(new Slot(".idata$5", null, -1, arch));
      DllName name = new DllName(files.getFirst().dllName());
      dllNames.add(name);
      dir.lookup = lookups.get(first);
      dir.address = addresses.get(first);
      dir.name = name;
      dirs.add(dir);
    }
    // Thunks in the order their import members were loaded, as lld-link lays them out (not the IAT's order).
    for (ImportFile f : ctx.imports) {
      if (f.live && f.thunkLive && f.thunkSym != null && f.thunkSym.kind == Symbol.Kind.IMPORT_THUNK && f.thunkSym.importFile() == f) {
        f.thunkChunk = new SyntheticChunks.ImportThunk(f, arch);
        thunks.add(f.thunkChunk);
      }
    }
  }

  boolean isEmpty() { return dirs.isEmpty(); }

  /**
   * An import directory entry (20 bytes). Byte-aligned on every machine, as lld-link-14 places them (after
   * the export names they may start at an odd address); later lld-links align them to 4.
   */
  static final class Directory extends SyntheticChunks.Fixed {
    Chunk lookup, address, name;

    Directory() { super(".idata$2", RDATA, 1); }

    @Override long size() { return 20; }

    @Override void writeTo(Bytes buf, Image img) {
      Le.put32(buf, 0, lookup.rva);
      Le.put32(buf, 12, name.rva);
      Le.put32(buf, 16, address.rva);
    }
  }

  /** The terminating all-zero directory entry. */
  static final class NullDirectory extends SyntheticChunks.Fixed {
    NullDirectory() { super(".idata$2", RDATA, 1); }

    @Override long size() { return 20; }

    @Override void writeTo(Bytes buf, Image img) {}
  }

  /** A lookup-table or IAT entry: RVA of a hint/name entry, or an ordinal, or 0 to terminate. */
  static final class Slot extends SyntheticChunks.Fixed {
    final HintName hn;
    final int ordinal;

    Slot(String group, HintName hn, int ordinal, Arch arch) {
      super(group, RDATA, arch.pointerSize());
      this.hn = hn;
      this.ordinal = ordinal;
    }

    @Override long size() { return alignment; }

    @Override void writeTo(Bytes buf, Image img) {
      if (hn != null) img.arch.putPointer(buf, 0, hn.rva);
      else if (ordinal >= 0) img.arch.putPointer(buf, 0, img.arch.ordinalFlag() | ordinal);
    }
  }

  /** Hint (2 bytes) and NUL-terminated name, padded to an even size. */
  static final class HintName extends SyntheticChunks.Fixed {
    final int hint;
    final byte[] name;

    HintName(int hint, String name) {
      super(".idata$6", RDATA, 2);
      this.hint = hint;
      this.name = Le.bytes(name);
    }

    @Override long size() { return (2 + name.length + 1 + 1) & ~1L; }

    @Override void writeTo(Bytes buf, Image img) {
      Le.put16(buf, 0, hint);
      Bytes.copy(Bytes.of(name), 0, buf, 2, name.length);
    }
  }

  static final class DllName extends SyntheticChunks.Fixed {
    final byte[] name;

    DllName(String name) {
      super(".idata$7", RDATA, 1); // unaligned, as lld-link places DLL names
      this.name = Le.bytes(name);
    }

    @Override long size() { return name.length + 1; }

    @Override void writeTo(Bytes buf, Image img) {
      Bytes.copy(Bytes.of(name), 0, buf, 0, name.length);
    }
  }
}
