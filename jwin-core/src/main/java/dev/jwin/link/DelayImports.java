package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;
import dev.jwin.link.arch.Arch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Delay-loaded imports (/delayload:DLL; spec 4.8), laid out as lld-link does. Per DLL: a delay import
 * descriptor, a name table (hint/name RVAs or ordinals), the DLL name, a module handle and a delay IAT in
 * {@code .data} whose slots first hold the address of a load thunk. A call goes through the IAT slot to the
 * load thunk, which jumps to the DLL's tail-merge code; that calls the runtime's {@code __delayLoadHelper2},
 * which loads the DLL, stores the function's address in the slot and returns it. The machine code is the
 * {@link Arch}'s. {@code /delay:unload} and {@code /delay:nobind} change nothing: lld-link writes no bound
 * or unload IATs either.
 */
final class DelayImports {
  /** Descriptors (null-terminated), name tables, hint/names and DLL names: the {@code .didat} contents. */
  final List<Chunk> tables = new ArrayList<>();
  /** Module handles and delay IATs ({@code .data}). */
  final List<Chunk> data = new ArrayList<>();
  /** Load thunks and tail-merge code ({@code .text}). */
  final List<Chunk> code = new ArrayList<>();
  private final List<Chunk> descriptors = new ArrayList<>();

  static final int DESCRIPTOR_SIZE = 32;
  private static final int DATA = SyntheticChunks.RDATA | Coff.SCN_MEM_WRITE;

  /** True when {@code f}'s DLL is named by /delayload. */
  static boolean isDelayLoaded(Config config, ImportFile f) {
    return !config.delayLoads.isEmpty() && config.delayLoads.contains(f.dllName().toLowerCase(Locale.ROOT));
  }

  /** The delay-load tables of the live imports from /delayload DLLs; null when there are none. */
  static DelayImports create(LinkContext ctx) {
    Map<String, List<ImportFile>> byDll = new LinkedHashMap<>();
    for (ImportFile f : ctx.imports) {
      if (!f.live || !isDelayLoaded(ctx.config, f)) continue;
      // A data import has no load thunk that could load the DLL before it is read.
      if (f.thunkSym == null) {
        ctx.diag.error("cannot delay-load " + f.dllName() + " due to import of data: __declspec(dllimport) "
            + f.header.symbolName());
        continue;
      }
      byDll.computeIfAbsent(f.dllName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f);
    }
    if (byDll.isEmpty()) return null;
    Symbol helper = ctx.symtab.find(ctx.arch.delayLoadHelper());
    DelayImports d = new DelayImports();
    List<Chunk> names = new ArrayList<>(), hints = new ArrayList<>(), dllNames = new ArrayList<>();
    for (List<ImportFile> files : byDll.values()) {
      files.sort(Comparator.comparing(f -> f.header.symbolName()));
      ImportTables.DllName dllName = new ImportTables.DllName(files.getFirst().dllName());
      Zeros handle = new Zeros(".data", 8, 8);
      Descriptor desc = new Descriptor(dllName, handle);
      TailMerge tailMerge = new TailMerge(desc, helper, ctx.arch);
      int first = names.size();
      List<Chunk> slots = new ArrayList<>();
      for (ImportFile f : files) {
        Slot slot = new Slot(ctx.arch);
        LoadThunk thunk = new LoadThunk(slot, tailMerge, ctx.arch);
        slot.thunk = thunk;
        slots.add(slot);
        d.code.add(thunk);
        f.iatChunk = slot;
        String importName = f.header.importName();
        ImportTables.HintName hn = importName == null ? null : new ImportTables.HintName(0, importName);
        if (hn != null) hints.add(hn);
        names.add(new ImportTables.Slot(".didat", hn, f.header.ordinalHint(), ctx.arch));
      }
      d.code.add(tailMerge);
      slots.add(new Zeros(".data", 8, 1));
      names.add(new Zeros(".didat", 8, 1));
      desc.iat = slots.getFirst();
      desc.nameTable = names.get(first);
      d.descriptors.add(desc);
      dllNames.add(dllName);
      d.data.add(handle);
      d.data.addAll(slots);
    }
    d.tables.addAll(d.descriptors);
    d.tables.add(new Zeros(".didat", DESCRIPTOR_SIZE, 4));
    d.tables.addAll(names);
    d.tables.addAll(hints);
    d.tables.addAll(dllNames);
    return d;
  }

  /** RVA of the first descriptor: the DELAY_IMPORT data directory. */
  long directoryRva() { return descriptors.getFirst().rva; }

  /** Size of the descriptors with their null terminator. */
  long directorySize() { return (long) DESCRIPTOR_SIZE * (descriptors.size() + 1); }

  /** A delay import descriptor: attributes 1 (RVAs, not VAs), then the RVAs of the tables it names. */
  static final class Descriptor extends SyntheticChunks.Fixed {
    final Chunk name, moduleHandle;
    Chunk iat, nameTable;

    Descriptor(Chunk name, Chunk moduleHandle) {
      super(".didat", SyntheticChunks.RDATA, 4);
      this.name = name;
      this.moduleHandle = moduleHandle;
    }

    @Override long size() { return DESCRIPTOR_SIZE; }

    @Override void writeTo(Bytes buf, Image img) {
      Le.put32(buf, 0, 1);
      Le.put32(buf, 4, name.rva);
      Le.put32(buf, 8, moduleHandle.rva);
      Le.put32(buf, 12, iat.rva);
      Le.put32(buf, 16, nameTable.rva);
    }
  }

  /** A delay IAT slot: the load thunk's address until the helper stores the function's. */
  static final class Slot extends SyntheticChunks.Fixed {
    Chunk thunk;

    Slot(Arch arch) { super(".data", DATA, arch.pointerSize()); }

    @Override long size() { return alignment; }

    @Override void writeTo(Bytes buf, Image img) {
      img.arch.putPointer(buf, 0, thunk.rva + img.imageBase | img.arch.codeAddressBit());
    }

    @Override void collectBaseRelocs(BaseRelocs out, Image img) { out.add(rva, img.arch.pointerBaseReloc()); }
  }

  /** Zero bytes: a module handle, or a table's terminator. */
  static final class Zeros extends SyntheticChunks.Fixed {
    private final int size;

    Zeros(String group, int size, int alignment) {
      super(group, group.equals(".data") ? DATA : SyntheticChunks.RDATA, alignment);
      this.size = size;
    }

    @Override long size() { return size; }

    @Override void writeTo(Bytes buf, Image img) {}
  }

  /** Per imported function: hands its slot to the tail merge. */
  static final class LoadThunk extends SyntheticChunks.Fixed {
    final Chunk slot, tailMerge;

    private final int size;

    LoadThunk(Chunk slot, Chunk tailMerge, Arch arch) {
      super(".text", SyntheticChunks.CODE, arch.delayThunkAlignment());
      this.slot = slot;
      this.tailMerge = tailMerge;
      this.size = arch.delayThunkSize();
    }

    @Override long size() { return size; }

    @Override void writeTo(Bytes buf, Image img) {
      img.arch.writeDelayThunk(buf, rva, slot.rva, tailMerge.rva, img.imageBase);
    }

    @Override void collectBaseRelocs(BaseRelocs out, Image img) {
      int off = img.arch.delayThunkBaseRelocOffset();
      if (off >= 0) out.add(rva + off, img.arch.delayBaseReloc());
    }
  }

  /** Per DLL: calls the helper with the DLL's descriptor and the slot, then jumps to the function. */
  static final class TailMerge extends SyntheticChunks.Fixed {
    final Chunk descriptor;
    final Symbol helper;

    private final int size;

    TailMerge(Chunk descriptor, Symbol helper, Arch arch) {
      super(".text", SyntheticChunks.CODE, arch.delayThunkAlignment());
      this.descriptor = descriptor;
      this.helper = helper;
      this.size = arch.tailMergeSize();
    }

    @Override long size() { return size; }

    @Override void writeTo(Bytes buf, Image img) {
      img.arch.writeTailMerge(buf, rva, descriptor.rva, img.rva(helper), img.imageBase);
    }

    @Override void collectBaseRelocs(BaseRelocs out, Image img) {
      int off = img.arch.tailMergeBaseRelocOffset();
      if (off >= 0) out.add(rva + off, img.arch.delayBaseReloc());
    }
  }
}
