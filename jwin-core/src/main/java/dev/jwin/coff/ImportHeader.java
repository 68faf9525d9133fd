package dev.jwin.coff;


/**
 * A short import member (IMPORT_OBJECT_HEADER, spec 7.1): 20 header bytes, then the symbol name and
 * the DLL name, each NUL-terminated, and for name type EXPORTAS the export name.
 */
public record ImportHeader(int machine, int ordinalHint, int type, int nameType, String symbolName, String dllName,
                           String exportAsName) {
  public static final int SIZE = 20;

  public static ImportHeader parse(String path, Bytes s) {
    if (s.byteSize() < SIZE) throw new CorruptInputException(path, "truncated import header");
    int machine = Le.u16(s, 6);
    long sizeOfData = Le.u32(s, 12);
    if (SIZE + sizeOfData > s.byteSize())
      throw new CorruptInputException(path, "import data (" + sizeOfData + " bytes) extends past the end of the member");
    int ordinalHint = Le.u16(s, 16);
    int bits = Le.u16(s, 18);
    Bytes d = s.asSlice(SIZE, sizeOfData);
    long nul1 = Le.findNul(d, 0);
    if (nul1 < 0) throw new CorruptInputException(path, "import symbol name is not NUL-terminated");
    long nul2 = Le.findNul(d, nul1 + 1);
    if (nul2 < 0) throw new CorruptInputException(path, "import DLL name is not NUL-terminated");
    String sym = Le.string(d, 0, (int) nul1);
    String dll = Le.string(d, nul1 + 1, (int) (nul2 - nul1 - 1));
    String exportAs = null;
    int nameType = (bits >> 2) & 7;
    if ((bits & 3) > Coff.IMPORT_CONST) throw new CorruptInputException(path, "unknown import type " + (bits & 3));
    if (nameType > Coff.IMPORT_NAME_EXPORTAS)
      throw new CorruptInputException(path, "unknown import name type " + nameType);
    if (nameType == Coff.IMPORT_NAME_EXPORTAS) {
      long nul3 = Le.findNul(d, nul2 + 1);
      if (nul3 < 0) throw new CorruptInputException(path, "import export-as name is not NUL-terminated");
      exportAs = Le.string(d, nul2 + 1, (int) (nul3 - nul2 - 1));
    }
    if (sym.isEmpty()) throw new CorruptInputException(path, "import member has an empty symbol name");
    return new ImportHeader(machine, ordinalHint, bits & 3, nameType, sym, dll, exportAs);
  }

  /** The name the loader looks up, derived from the symbol name by the name type (spec 7.2). */
  public String importName() {
    return switch (nameType) {
      case Coff.IMPORT_NAME -> symbolName;
      case Coff.IMPORT_NAME_NOPREFIX -> stripPrefix(symbolName);
      case Coff.IMPORT_NAME_UNDECORATE -> {
        String n = stripPrefix(symbolName);
        int at = n.indexOf('@');
        yield at > 0 ? n.substring(0, at) : n;
      }
      case Coff.IMPORT_NAME_EXPORTAS -> exportAsName;
      default -> null; // by ordinal
    };
  }

  private static String stripPrefix(String n) {
    return !n.isEmpty() && (n.charAt(0) == '?' || n.charAt(0) == '@' || n.charAt(0) == '_') ? n.substring(1) : n;
  }
}
