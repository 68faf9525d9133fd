package dev.jwin.testkit;

import static dev.jwin.testkit.Coff.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a short-format import library member (PE/COFF spec 7.1): an IMPORT_OBJECT_HEADER (Sig1=0,
 * Sig2=0xFFFF, Version, Machine, TimeDateStamp, SizeOfData, OrdinalHint, Type:2|NameType:3 bits)
 * followed by {@code "symbol\0dll\0"}.
 */
public final class ImportMemberBuilder {
  private final String dll;
  private final String symbol;
  private int machine = IMAGE_FILE_MACHINE_AMD64;
  private int type = IMPORT_CODE;
  private int nameType = IMPORT_NAME;
  private int ordinalHint;
  private int version;
  private Integer sizeOfDataOverride;

  public ImportMemberBuilder(String dll, String symbol) {
    this.dll = dll;
    this.symbol = symbol;
  }

  public static ImportMemberBuilder code(String dll, String symbol) {
    return new ImportMemberBuilder(dll, symbol);
  }

  public static ImportMemberBuilder data(String dll, String symbol) {
    return new ImportMemberBuilder(dll, symbol).type(IMPORT_DATA);
  }

  public ImportMemberBuilder machine(int machine) {
    this.machine = machine;
    return this;
  }

  public ImportMemberBuilder type(int type) {
    this.type = type;
    return this;
  }

  public ImportMemberBuilder nameType(int nameType) {
    this.nameType = nameType;
    return this;
  }

  /** Hint for name imports. */
  public ImportMemberBuilder hint(int hint) {
    this.ordinalHint = hint;
    return this;
  }

  /** Import by ordinal: NameType = IMPORT_ORDINAL and OrdinalHint = ordinal. */
  public ImportMemberBuilder ordinal(int ordinal) {
    this.nameType = IMPORT_ORDINAL;
    this.ordinalHint = ordinal;
    return this;
  }

  public ImportMemberBuilder version(int version) {
    this.version = version;
    return this;
  }

  public ImportMemberBuilder overrideSizeOfData(int size) {
    this.sizeOfDataOverride = size;
    return this;
  }

  public String dll() {
    return dll;
  }

  /** The symbols this member defines: {@code __imp_<symbol>}, and {@code <symbol>} (the thunk) for code. */
  public List<String> symbols() {
    List<String> names = new ArrayList<>();
    names.add("__imp_" + symbol);
    if (type == IMPORT_CODE) {
      names.add(symbol);
    }
    return names;
  }

  public byte[] build() {
    byte[] sym = symbol.getBytes(StandardCharsets.US_ASCII);
    byte[] lib = dll.getBytes(StandardCharsets.US_ASCII);
    int sizeOfData = sym.length + 1 + lib.length + 1;
    Bytes.Writer w = new Bytes.Writer();
    w.u16(0).u16(0xffff).u16(version).u16(machine).u32(0);
    w.u32(sizeOfDataOverride != null ? sizeOfDataOverride : sizeOfData);
    w.u16(ordinalHint);
    w.u16((type & 3) | (nameType & 7) << 2);
    w.bytes(sym).u8(0).bytes(lib).u8(0);
    return w.toByteArray();
  }
}
