package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.coff.ImportHeader;
import dev.jwin.coff.Machine;

/** A short import member: defines {@code __imp_NAME} (an IAT slot) and, for code, the thunk {@code NAME}. */
public final class ImportFile extends InputFile {
  ImportHeader header;
  Symbol impSym;
  Symbol thunkSym;
  /** Filled when import tables are made. */
  Chunk iatChunk;
  Chunk thunkChunk;
  boolean live;
  /** The thunk ({@code NAME}, not only {@code __imp_NAME}) is referenced. */
  boolean thunkLive;

  ImportFile(String name, Bytes data, String parentName, String memberName) {
    super(name, data, parentName, memberName);
  }

  void parse(LinkContext ctx) {
    header = ImportHeader.parse(name, data);
    Machine m = Machine.of(header.machine());
    if (m == null) throw new CorruptInputException(name, "unknown machine type " + Machine.name(header.machine()));
    ctx.checkMachine(this, m);
    String sym = header.symbolName();
    impSym = ctx.symtab.addImport("__imp_" + sym, Symbol.Kind.IMPORT_DATA, this);
    if (header.type() == Coff.IMPORT_CODE) thunkSym = ctx.symtab.addImport(sym, Symbol.Kind.IMPORT_THUNK, this);
  }

  String dllName() { return header.dllName(); }
}
