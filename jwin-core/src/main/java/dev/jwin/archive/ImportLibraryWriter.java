package dev.jwin.archive;

import dev.jwin.coff.Machine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds import libraries in the short-import form of lib.exe and llvm-dlltool (PE/COFF spec
 * section 7, "Import Library Format").
 *
 * <p>Members, in order: the import descriptor object ({@code __IMPORT_DESCRIPTOR_<dll>}), the
 * null import descriptor ({@code __NULL_IMPORT_DESCRIPTOR}), the null thunk
 * ({@code \x7f<dll>_NULL_THUNK_DATA}), then one member per entry: a short import, or a small
 * object with a weak external for an alias.
 */
public final class ImportLibraryWriter {
  private ImportLibraryWriter() {}

  /** IMPORT_OBJECT_CODE / DATA / CONST. */
  public enum ImportType {
    CODE(0), DATA(1), CONST(2);

    public final int value;

    ImportType(int value) {
      this.value = value;
    }
  }

  /** IMPORT_OBJECT_ORDINAL, _NAME, _NAME_NOPREFIX, _NAME_UNDECORATE, _NAME_EXPORTAS. */
  public enum NameType {
    ORDINAL(0), NAME(1), NAME_NOPREFIX(2), NAME_UNDECORATE(3), NAME_EXPORTAS(4);

    public final int value;

    NameType(int value) {
      this.value = value;
    }
  }

  /** One member after the three fixed ones. */
  public sealed interface Entry permits ShortImport, WeakAlias {}

  /**
   * A short import: {@code symbol} is the public symbol (decorated as the compiler emits it);
   * {@code exportAs} is the name to import by for {@link NameType#NAME_EXPORTAS}, else null.
   */
  public record ShortImport(String symbol, int ordinalHint, ImportType type, NameType nameType, String exportAs)
      implements Entry {}

  /**
   * An object defining {@code name} (with the {@code __imp_} prefix when {@code imp}) as a weak
   * external that resolves to {@code target} (prefixed likewise).
   */
  public record WeakAlias(String name, String target, boolean imp) implements Entry {}

  // Section characteristics (PE/COFF spec 4.1).
  private static final int IMAGE_SCN_CNT_INITIALIZED_DATA = 0x40;
  private static final int IMAGE_SCN_LNK_INFO = 0x200;
  private static final int IMAGE_SCN_LNK_REMOVE = 0x800;
  private static final int IMAGE_SCN_ALIGN_2BYTES = 0x200000;
  private static final int IMAGE_SCN_ALIGN_4BYTES = 0x300000;
  private static final int IMAGE_SCN_ALIGN_8BYTES = 0x400000;
  private static final int IMAGE_SCN_MEM_READ = 0x40000000;
  private static final int IMAGE_SCN_MEM_WRITE = 0x80000000;
  private static final int DATA_RW = IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE;
  private static final int IMAGE_FILE_32BIT_MACHINE = 0x100;
  // Symbol storage classes (PE/COFF spec 5.4.4).
  private static final int IMAGE_SYM_CLASS_EXTERNAL = 2;
  private static final int IMAGE_SYM_CLASS_STATIC = 3;
  private static final int IMAGE_SYM_CLASS_SECTION = 104;
  private static final int IMAGE_SYM_CLASS_WEAK_EXTERNAL = 105;
  private static final int IMAGE_WEAK_EXTERN_SEARCH_ALIAS = 3;

  private static final int FILE_HEADER = 20;
  private static final int SECTION_HEADER = 40;
  private static final int SYMBOL = 18;
  private static final int RELOCATION = 10;
  private static final int IMPORT_DIRECTORY_ENTRY = 20;

  public static final String NULL_IMPORT_DESCRIPTOR = "__NULL_IMPORT_DESCRIPTOR";

  /** Writes the archive for {@code dllName} (a path is reduced to its file name). */
  public static byte[] write(String dllName, Machine machine, List<Entry> entries, ArchiveWriter.Format format) {
    return ArchiveWriter.write(members(dllName, machine, entries), format);
  }

  /** All members of the import library, each with its index symbols. */
  public static List<ArchiveWriter.Member> members(String dllName, Machine machine, List<Entry> entries) {
    String dll = fileName(dllName);
    List<ArchiveWriter.Member> members = new ArrayList<>();
    members.add(ArchiveWriter.Member.of(dll, importDescriptor(dll, machine)));
    members.add(ArchiveWriter.Member.of(dll, nullImportDescriptor(machine)));
    members.add(ArchiveWriter.Member.of(dll, nullThunk(dll, machine)));
    for (Entry e : entries) {
      // Not a pattern switch: that is an invokedynamic whose linking generates a class (with the class-file API),
      // and every class the AOT cache holds for it costs each link's start.
      byte[] data = e instanceof ShortImport s ? shortImport(dll, machine, s) : weakAlias(machine, (WeakAlias) e);
      members.add(ArchiveWriter.Member.of(dll, data));
    }
    return members;
  }

  /** {@code __IMPORT_DESCRIPTOR_<stem>}: the DLL's import directory entry, name and table links. */
  public static String importDescriptorSymbol(String dllName) {
    return "__IMPORT_DESCRIPTOR_" + stem(fileName(dllName));
  }

  /** {@code \x7f<stem>_NULL_THUNK_DATA}: terminates the DLL's lookup and address tables. */
  public static String nullThunkSymbol(String dllName) {
    return "\u007f" + stem(fileName(dllName)) + "_NULL_THUNK_DATA";
  }

  // .idata$2 holds an import directory entry whose name, lookup table and address table
  // fields are relocated against .idata$6 (the DLL name), .idata$4 and .idata$5.
  static byte[] importDescriptor(String dll, Machine machine) {
    byte[] dllName = ArchiveWriter.bytes(dll + "\0");
    int idata2 = FILE_HEADER + 2 * SECTION_HEADER;
    int relocations = idata2 + IMPORT_DIRECTORY_ENTRY;
    int idata6 = relocations + 3 * RELOCATION;
    int symbols = idata6 + dllName.length;
    StringTable strings = new StringTable(importDescriptorSymbol(dll), NULL_IMPORT_DESCRIPTOR, nullThunkSymbol(dll));
    ByteBuffer b = buffer(symbols + 7 * SYMBOL + strings.size());
    fileHeader(b, machine, 2, symbols, 7);
    sectionHeader(b, ".idata$2", IMPORT_DIRECTORY_ENTRY, idata2, relocations, 3,
        IMAGE_SCN_ALIGN_4BYTES | DATA_RW);
    sectionHeader(b, ".idata$6", dllName.length, idata6, 0, 0, IMAGE_SCN_ALIGN_2BYTES | DATA_RW);
    b.put(new byte[IMPORT_DIRECTORY_ENTRY]);
    relocation(b, 12, 2, machine.addr32nb); // Name RVA -> .idata$6
    relocation(b, 0, 3, machine.addr32nb); // Import Lookup Table RVA -> .idata$4
    relocation(b, 16, 4, machine.addr32nb); // Import Address Table RVA -> .idata$5
    b.put(dllName);
    symbol(b, strings.offset(0), 1, IMAGE_SYM_CLASS_EXTERNAL);
    symbol(b, ".idata$2", 1, IMAGE_SYM_CLASS_SECTION);
    symbol(b, ".idata$6", 2, IMAGE_SYM_CLASS_STATIC);
    symbol(b, ".idata$4", 0, IMAGE_SYM_CLASS_SECTION);
    symbol(b, ".idata$5", 0, IMAGE_SYM_CLASS_SECTION);
    symbol(b, strings.offset(1), 0, IMAGE_SYM_CLASS_EXTERNAL);
    symbol(b, strings.offset(2), 0, IMAGE_SYM_CLASS_EXTERNAL);
    strings.writeTo(b);
    return b.array();
  }

  // .idata$3: the all-zero import directory entry that ends the directory.
  static byte[] nullImportDescriptor(Machine machine) {
    int idata3 = FILE_HEADER + SECTION_HEADER;
    int symbols = idata3 + IMPORT_DIRECTORY_ENTRY;
    StringTable strings = new StringTable(NULL_IMPORT_DESCRIPTOR);
    ByteBuffer b = buffer(symbols + SYMBOL + strings.size());
    fileHeader(b, machine, 1, symbols, 1);
    sectionHeader(b, ".idata$3", IMPORT_DIRECTORY_ENTRY, idata3, 0, 0, IMAGE_SCN_ALIGN_4BYTES | DATA_RW);
    b.put(new byte[IMPORT_DIRECTORY_ENTRY]);
    symbol(b, strings.offset(0), 1, IMAGE_SYM_CLASS_EXTERNAL);
    strings.writeTo(b);
    return b.array();
  }

  // .idata$5 and .idata$4: one zero entry each, ending the address and lookup tables.
  static byte[] nullThunk(String dll, Machine machine) {
    int entry = machine.is64Bit() ? 8 : 4;
    int align = machine.is64Bit() ? IMAGE_SCN_ALIGN_8BYTES : IMAGE_SCN_ALIGN_4BYTES;
    int idata5 = FILE_HEADER + 2 * SECTION_HEADER;
    int symbols = idata5 + 2 * entry;
    StringTable strings = new StringTable(nullThunkSymbol(dll));
    ByteBuffer b = buffer(symbols + SYMBOL + strings.size());
    fileHeader(b, machine, 2, symbols, 1);
    sectionHeader(b, ".idata$5", entry, idata5, 0, 0, align | DATA_RW);
    sectionHeader(b, ".idata$4", entry, idata5 + entry, 0, 0, align | DATA_RW);
    b.put(new byte[2 * entry]);
    symbol(b, strings.offset(0), 1, IMAGE_SYM_CLASS_EXTERNAL);
    strings.writeTo(b);
    return b.array();
  }

  // IMPORT_OBJECT_HEADER followed by "symbol\0dll\0" (and "exportAs\0" for NAME_EXPORTAS).
  static byte[] shortImport(String dll, Machine machine, ShortImport s) {
    byte[] symbol = ArchiveWriter.bytes(s.symbol() + "\0");
    byte[] dllName = ArchiveWriter.bytes(dll + "\0");
    byte[] exportAs = s.exportAs() == null ? new byte[0] : ArchiveWriter.bytes(s.exportAs() + "\0");
    int sizeOfData = symbol.length + dllName.length + exportAs.length;
    ByteBuffer b = buffer(20 + sizeOfData);
    b.putShort((short) 0); // Sig1 = IMAGE_FILE_MACHINE_UNKNOWN
    b.putShort((short) 0xFFFF); // Sig2
    b.putShort((short) 0); // Version
    b.putShort((short) machine.value);
    b.putInt(0); // TimeDateStamp
    b.putInt(sizeOfData);
    b.putShort((short) s.ordinalHint());
    b.putShort((short) (s.type().value | s.nameType().value << 2));
    b.put(symbol).put(dllName).put(exportAs);
    return b.array();
  }

  // An object whose only content is a weak external (PE/COFF spec 5.5.3) with an alias target.
  static byte[] weakAlias(Machine machine, WeakAlias w) {
    String prefix = w.imp() ? "__imp_" : "";
    int symbols = FILE_HEADER + SECTION_HEADER;
    StringTable strings = new StringTable(prefix + w.target(), prefix + w.name());
    ByteBuffer b = buffer(symbols + 5 * SYMBOL + strings.size());
    b.putShort((short) machine.value).putShort((short) 1).putInt(0).putInt(symbols).putInt(5);
    b.putShort((short) 0).putShort((short) 0);
    sectionHeader(b, ".drectve", 0, 0, 0, 0, IMAGE_SCN_LNK_INFO | IMAGE_SCN_LNK_REMOVE);
    symbol(b, "@comp.id", 0xFFFF, IMAGE_SYM_CLASS_STATIC);
    symbol(b, "@feat.00", 0xFFFF, IMAGE_SYM_CLASS_STATIC);
    symbol(b, strings.offset(0), 0, IMAGE_SYM_CLASS_EXTERNAL);
    symbol(b, strings.offset(1), 0, IMAGE_SYM_CLASS_WEAK_EXTERNAL);
    b.put(b.position() - 1, (byte) 1); // one auxiliary record
    b.putInt(2).putInt(IMAGE_WEAK_EXTERN_SEARCH_ALIAS).put(new byte[10]); // TagIndex, Characteristics
    strings.writeTo(b);
    return b.array();
  }

  private static ByteBuffer buffer(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void fileHeader(ByteBuffer b, Machine machine, int sections, int pointerToSymbolTable, int symbols) {
    b.putShort((short) machine.value);
    b.putShort((short) sections);
    b.putInt(0); // TimeDateStamp
    b.putInt(pointerToSymbolTable);
    b.putInt(symbols);
    b.putShort((short) 0); // SizeOfOptionalHeader
    b.putShort((short) (machine.is64Bit() ? 0 : IMAGE_FILE_32BIT_MACHINE));
  }

  private static void sectionHeader(ByteBuffer b, String name, int sizeOfRawData, int pointerToRawData,
      int pointerToRelocations, int relocations, int characteristics) {
    b.put(name8(name));
    b.putInt(0).putInt(0); // VirtualSize, VirtualAddress
    b.putInt(sizeOfRawData).putInt(pointerToRawData).putInt(pointerToRelocations).putInt(0);
    b.putShort((short) relocations).putShort((short) 0);
    b.putInt(characteristics);
  }

  private static void relocation(ByteBuffer b, int virtualAddress, int symbolIndex, int type) {
    b.putInt(virtualAddress).putInt(symbolIndex).putShort((short) type);
  }

  private static void symbol(ByteBuffer b, String shortName, int section, int storageClass) {
    b.put(name8(shortName));
    symbolRest(b, section, storageClass);
  }

  private static void symbol(ByteBuffer b, int stringTableOffset, int section, int storageClass) {
    b.putInt(0).putInt(stringTableOffset);
    symbolRest(b, section, storageClass);
  }

  private static void symbolRest(ByteBuffer b, int section, int storageClass) {
    b.putInt(0); // Value
    b.putShort((short) section);
    b.putShort((short) 0); // Type
    b.put((byte) storageClass);
    b.put((byte) 0); // NumberOfAuxSymbols
  }

  private static byte[] name8(String name) {
    byte[] n = new byte[8];
    byte[] s = ArchiveWriter.bytes(name);
    System.arraycopy(s, 0, n, 0, Math.min(8, s.length));
    return n;
  }

  static String fileName(String path) {
    return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  }

  static String stem(String file) {
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  /** A COFF string table: a 4-byte size (itself included) then NUL-terminated names. */
  private static final class StringTable {
    private final byte[][] names;
    private final int[] offsets;
    private final int size;

    StringTable(String... names) {
      this.names = new byte[names.length][];
      this.offsets = new int[names.length];
      int at = 4;
      for (int i = 0; i < names.length; i++) {
        this.names[i] = ArchiveWriter.bytes(names[i] + "\0");
        offsets[i] = at;
        at += this.names[i].length;
      }
      size = at;
    }

    int offset(int i) {
      return offsets[i];
    }

    int size() {
      return size;
    }

    void writeTo(ByteBuffer b) {
      b.putInt(size);
      for (byte[] n : names) {
        b.put(n);
      }
    }
  }
}
