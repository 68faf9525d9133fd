package dev.jwin.testkit;

import static dev.jwin.testkit.Coff.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Builds x86-64 COFF object files in code.
 *
 * <pre>{@code
 * var obj = new ObjectBuilder();
 * var text = obj.text().data(Bytes.hex("e8 00 00 00 00 c3")).reloc(1, IMAGE_REL_AMD64_REL32, "foo");
 * obj.global("start", text, 0);
 * byte[] bytes = obj.build();
 * }</pre>
 *
 * <p>Symbol table order: the {@code .file} symbol (if any), one section symbol with a
 * section-definition aux record per section (as MSVC and clang emit them), then the symbols
 * declared here in declaration order. A COMDAT section's leader is therefore the first symbol
 * declared in that section. A relocation naming a symbol that was never declared declares it as
 * undefined external.
 *
 * <p>The {@code override*} and {@code truncateTo} methods produce deliberately corrupt files;
 * {@link #layout()} tells where everything went in the last build.
 */
public final class ObjectBuilder {
  private int machine = IMAGE_FILE_MACHINE_AMD64;
  private int timeDateStamp;
  private int fileCharacteristics;
  private boolean bigobj;
  private boolean sectionSymbols = true;
  private String fileName;
  private final List<Section> sections = new ArrayList<>();
  private final List<Symbol> symbols = new ArrayList<>();

  private Integer numberOfSectionsOverride;
  private Integer numberOfSymbolsOverride;
  private Integer pointerToSymbolTableOverride;
  private Integer stringTableSizeOverride;
  private Integer sizeOfOptionalHeaderOverride;
  private Integer truncateTo;
  private Layout layout;

  public ObjectBuilder machine(int machine) {
    this.machine = machine;
    return this;
  }

  public ObjectBuilder timeDateStamp(int stamp) {
    this.timeDateStamp = stamp;
    return this;
  }

  public ObjectBuilder fileCharacteristics(int characteristics) {
    this.fileCharacteristics = characteristics;
    return this;
  }

  /** Writes the /bigobj format (ANON_OBJECT_HEADER_BIGOBJ, 20-byte symbol records). */
  public ObjectBuilder bigobj(boolean bigobj) {
    this.bigobj = bigobj;
    return this;
  }

  /** Whether to emit a section symbol for every section (default true; COMDAT sections always get one). */
  public ObjectBuilder sectionSymbols(boolean emit) {
    this.sectionSymbols = emit;
    return this;
  }

  /** Adds a {@code .file} symbol whose aux records carry {@code name}. */
  public ObjectBuilder fileName(String name) {
    this.fileName = name;
    return this;
  }

  // ---- sections ----

  public Section section(String name, int characteristics) {
    Section s = new Section(name, characteristics);
    sections.add(s);
    return s;
  }

  /** {@code .text}, code, execute/read, 16-byte aligned. */
  public Section text() {
    return section(".text", TEXT | alignFlag(16));
  }

  /** {@code .data}, initialized read/write data, 8-byte aligned. */
  public Section data() {
    return section(".data", DATA | alignFlag(8));
  }

  /** {@code .rdata}, initialized read-only data, 8-byte aligned. */
  public Section rdata() {
    return section(".rdata", RDATA | alignFlag(8));
  }

  /** {@code .bss} of {@code size} uninitialized bytes, 8-byte aligned. */
  public Section bss(int size) {
    return section(".bss", BSS | alignFlag(8)).uninitialized(size);
  }

  /** A {@code .drectve} section holding linker options, e.g. {@code "-defaultlib:foo.lib -include:bar"}. */
  public Section drectve(String options) {
    return section(".drectve", DRECTVE | alignFlag(1)).data(options.getBytes(StandardCharsets.US_ASCII));
  }

  public List<Section> sections() {
    return List.copyOf(sections);
  }

  // ---- symbols ----

  /** External symbol defined at {@code value} in {@code section}. */
  public Symbol global(String name, Section section, int value) {
    return add(new Symbol(name, value, section, 0, 0, IMAGE_SYM_CLASS_EXTERNAL));
  }

  /** External function symbol (type 0x20) defined at {@code value} in {@code section}. */
  public Symbol function(String name, Section section, int value) {
    return add(new Symbol(name, value, section, 0, IMAGE_SYM_DTYPE_FUNCTION, IMAGE_SYM_CLASS_EXTERNAL));
  }

  /** Static (file-local) symbol. */
  public Symbol local(String name, Section section, int value) {
    return add(new Symbol(name, value, section, 0, 0, IMAGE_SYM_CLASS_STATIC));
  }

  public Symbol undefined(String name) {
    return add(new Symbol(name, 0, null, IMAGE_SYM_UNDEFINED, 0, IMAGE_SYM_CLASS_EXTERNAL));
  }

  /** Common symbol: undefined external whose value is its size. */
  public Symbol common(String name, int size) {
    return add(new Symbol(name, size, null, IMAGE_SYM_UNDEFINED, 0, IMAGE_SYM_CLASS_EXTERNAL));
  }

  /** Absolute symbol (section number -1). */
  public Symbol absolute(String name, int value) {
    return add(new Symbol(name, value, null, IMAGE_SYM_ABSOLUTE, 0, IMAGE_SYM_CLASS_EXTERNAL));
  }

  /** Weak external {@code name} defaulting to {@code defaultSymbol} (declared if needed). */
  public Symbol weak(String name, String defaultSymbol, int searchCharacteristics) {
    Symbol target = symbol(defaultSymbol);
    Symbol s = add(new Symbol(name, 0, null, IMAGE_SYM_UNDEFINED, 0, IMAGE_SYM_CLASS_WEAK_EXTERNAL));
    s.weakDefault = target;
    s.weakCharacteristics = searchCharacteristics;
    return s;
  }

  /** Weak external with IMAGE_WEAK_EXTERN_SEARCH_ALIAS, as clang emits for {@code __attribute__((weak))} aliases. */
  public Symbol weak(String name, String defaultSymbol) {
    return weak(name, defaultSymbol, IMAGE_WEAK_EXTERN_SEARCH_ALIAS);
  }

  /** Any symbol record, for cases the helpers do not cover; {@code section} may be null. */
  public Symbol raw(String name, int value, Section section, int sectionNumber, int type, int storageClass) {
    return add(new Symbol(name, value, section, sectionNumber, type, storageClass));
  }

  /** The first declared symbol called {@code name}, or a new undefined external. */
  public Symbol symbol(String name) {
    for (Symbol s : symbols) {
      if (s.name.equals(name)) {
        return s;
      }
    }
    return undefined(name);
  }

  /** Symbol table index of declared symbol {@code name} in the last {@link #build()}. */
  public int symbolIndex(String name) {
    for (int i = 0; i < symbols.size(); i++) {
      if (symbols.get(i).name.equals(name)) {
        return layout().symbolIndex()[i];
      }
    }
    throw new IllegalArgumentException("no symbol " + name);
  }

  private Symbol add(Symbol s) {
    symbols.add(s);
    return s;
  }

  /** Names an archive symbol index would list for this object: defined, absolute and common externals. */
  public List<String> definedExternalNames() {
    List<String> names = new ArrayList<>();
    for (Symbol s : symbols) {
      if (s.storageClass != IMAGE_SYM_CLASS_EXTERNAL) {
        continue;
      }
      boolean defined = s.section != null || s.sectionNumber != IMAGE_SYM_UNDEFINED || s.value != 0;
      if (defined && s.sectionNumber != IMAGE_SYM_DEBUG) {
        names.add(s.name);
      }
    }
    return names;
  }

  // ---- corruption ----

  public ObjectBuilder overrideNumberOfSections(int n) {
    numberOfSectionsOverride = n;
    return this;
  }

  public ObjectBuilder overrideNumberOfSymbols(int n) {
    numberOfSymbolsOverride = n;
    return this;
  }

  public ObjectBuilder overridePointerToSymbolTable(int offset) {
    pointerToSymbolTableOverride = offset;
    return this;
  }

  /** Replaces the string table's leading size field. */
  public ObjectBuilder overrideStringTableSize(int size) {
    stringTableSizeOverride = size;
    return this;
  }

  public ObjectBuilder overrideSizeOfOptionalHeader(int size) {
    sizeOfOptionalHeaderOverride = size;
    return this;
  }

  /** Cuts the built file to {@code length} bytes. */
  public ObjectBuilder truncateTo(int length) {
    truncateTo = length;
    return this;
  }

  /** Where things were placed by the last {@link #build()}. */
  public Layout layout() {
    if (layout == null) {
      build();
    }
    return layout;
  }

  /**
   * File offsets of the last build.
   *
   * @param sectionData PointerToRawData per section (0 if none)
   * @param relocations PointerToRelocations per section (0 if none)
   * @param symbolIndex symbol table index of each declared symbol, in declaration order
   * @param sectionSymbolIndex symbol table index of each section's symbol (-1 if none)
   */
  public record Layout(
      int headerSize,
      int sectionTable,
      int[] sectionData,
      int[] relocations,
      int symbolTable,
      int symbolRecordSize,
      int numberOfSymbols,
      int stringTable,
      int size,
      int[] symbolIndex,
      int[] sectionSymbolIndex) {}

  // ---- output ----

  public Path write(Path path) {
    try {
      Files.write(path, build());
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public byte[] build() {
    // Resolve names used by relocations and weak externals before numbering symbols.
    for (Section sec : sections) {
      for (Reloc r : sec.relocs) {
        if (r.symbol == null && r.symbolName != null) {
          r.symbol = symbol(r.symbolName);
        }
      }
    }
    int recordSize = bigobj ? 20 : 18;
    StringTable strings = new StringTable();

    // Number the symbol table.
    int next = 0;
    int fileAux = 0;
    if (fileName != null) {
      fileAux = (fileName.length() + recordSize - 1) / recordSize;
      next += 1 + fileAux;
    }
    int[] sectionSymbolIndex = new int[sections.size()];
    for (int i = 0; i < sections.size(); i++) {
      Section s = sections.get(i);
      boolean targeted = sections.stream().anyMatch(o -> o.relocs.stream().anyMatch(r -> r.targetSection == s));
      if (sectionSymbols || s.comdatSelection != 0 || targeted) {
        sectionSymbolIndex[i] = next;
        s.symbolIndex = next;
        next += 2;
      } else {
        sectionSymbolIndex[i] = -1;
        s.symbolIndex = -1;
      }
    }
    int[] symbolIndex = new int[symbols.size()];
    for (int i = 0; i < symbols.size(); i++) {
      Symbol s = symbols.get(i);
      s.index = next;
      symbolIndex[i] = next;
      next += 1 + (s.weakDefault != null ? 1 : 0);
    }
    int numberOfSymbols = next;

    // Lay out the file.
    int headerSize = bigobj ? 56 : 20;
    int sectionTable = headerSize;
    int pos = sectionTable + 40 * sections.size();
    int[] dataPtr = new int[sections.size()];
    int[] relocPtr = new int[sections.size()];
    for (int i = 0; i < sections.size(); i++) {
      Section s = sections.get(i);
      if (s.data != null && s.data.length > 0) {
        dataPtr[i] = pos;
        pos += s.data.length;
      }
      if (!s.relocs.isEmpty()) {
        relocPtr[i] = pos;
        pos += 10 * s.relocs.size();
      }
    }
    int symbolTable = pos;
    pos += recordSize * numberOfSymbols;
    int stringTable = pos;

    Bytes.Writer w = new Bytes.Writer();
    // File header.
    int nsec = numberOfSectionsOverride != null ? numberOfSectionsOverride : sections.size();
    int ptrSym = pointerToSymbolTableOverride != null ? pointerToSymbolTableOverride : symbolTable;
    int nsym = numberOfSymbolsOverride != null ? numberOfSymbolsOverride : numberOfSymbols;
    if (bigobj) {
      w.u16(0).u16(0xffff).u16(2).u16(machine).u32(timeDateStamp);
      w.bytes(Bytes.hex("c7a1bad1eebaa94baf20faf66aa4dcb8"));
      w.u32(0).u32(0).u32(0).u32(0);
      w.u32(nsec).u32(ptrSym).u32(nsym);
    } else {
      w.u16(machine).u16(nsec).u32(timeDateStamp).u32(ptrSym).u32(nsym);
      w.u16(sizeOfOptionalHeaderOverride != null ? sizeOfOptionalHeaderOverride : 0);
      w.u16(fileCharacteristics);
    }
    // Section table.
    for (int i = 0; i < sections.size(); i++) {
      Section s = sections.get(i);
      w.fixed(sectionName(s.name, strings), 8);
      w.u32(0).u32(0);
      int sizeOfRawData = s.data != null ? s.data.length : s.uninitializedSize;
      w.u32(s.sizeOfRawDataOverride != null ? s.sizeOfRawDataOverride : sizeOfRawData);
      w.u32(s.pointerToRawDataOverride != null ? s.pointerToRawDataOverride : dataPtr[i]);
      w.u32(s.pointerToRelocationsOverride != null ? s.pointerToRelocationsOverride : relocPtr[i]);
      w.u32(0);
      w.u16(s.numberOfRelocationsOverride != null ? s.numberOfRelocationsOverride : s.relocs.size());
      w.u16(0);
      w.u32(s.characteristics);
    }
    // Raw data and relocations.
    for (Section s : sections) {
      if (s.data != null) {
        w.bytes(s.data);
      }
      for (Reloc r : s.relocs) {
        w.u32(r.offset);
        w.u32(r.symbol != null ? r.symbol.index : r.targetSection != null ? r.targetSection.symbolIndex : r.rawIndex);
        w.u16(r.type);
      }
    }
    // Symbol table.
    if (fileName != null) {
      symbolRecord(w, bytesName(".file"), 0, IMAGE_SYM_DEBUG, 0, IMAGE_SYM_CLASS_FILE, fileAux);
      w.fixed(fileName.getBytes(StandardCharsets.UTF_8), fileAux * recordSize);
    }
    for (int i = 0; i < sections.size(); i++) {
      Section s = sections.get(i);
      if (s.symbolIndex < 0) {
        continue;
      }
      symbolRecord(w, symbolName(s.name, strings), 0, i + 1, 0, IMAGE_SYM_CLASS_STATIC, 1);
      int length = s.data != null ? s.data.length : s.uninitializedSize;
      int number = s.associate != null ? sections.indexOf(s.associate) + 1 : 0;
      w.u32(length).u16(s.relocs.size()).u16(0).u32(s.comdatSelection != 0 ? checksum(s.data) : 0);
      w.u16(number & 0xffff).u8(s.comdatSelection);
      if (bigobj) {
        w.u8(0).u16(number >>> 16).u16(0);
      } else {
        w.zeros(3);
      }
    }
    for (Symbol s : symbols) {
      int secNum = s.section != null ? sections.indexOf(s.section) + 1 : s.sectionNumber;
      byte[] name = s.nameOffsetOverride != null ? longNameRef(s.nameOffsetOverride) : symbolName(s.name, strings);
      symbolRecord(w, name, s.value, secNum, s.type, s.storageClass, s.weakDefault != null ? 1 : 0);
      if (s.weakDefault != null) {
        w.u32(s.weakDefault.index).u32(s.weakCharacteristics).zeros(recordSize - 8);
      }
    }
    // String table.
    byte[] table = strings.bytes();
    if (stringTableSizeOverride != null) {
      Bytes.putU32(table, 0, stringTableSizeOverride);
    }
    w.bytes(table);

    byte[] out = w.toByteArray();
    layout = new Layout(headerSize, sectionTable, dataPtr, relocPtr, symbolTable, recordSize, numberOfSymbols,
        stringTable, out.length, symbolIndex, sectionSymbolIndex);
    if (truncateTo != null) {
      out = Bytes.truncate(out, truncateTo);
    }
    return out;
  }

  private void symbolRecord(Bytes.Writer w, byte[] name, int value, int section, int type, int storageClass, int aux) {
    w.fixed(name, 8).u32(value);
    if (bigobj) {
      w.u32(section);
    } else {
      w.u16(section & 0xffff);
    }
    w.u16(type).u8(storageClass).u8(aux);
  }

  /** JamCRC of the contents, the checksum MSVC and LLVM store for COMDAT sections. */
  private static int checksum(byte[] data) {
    CRC32 crc = new CRC32();
    if (data != null) {
      crc.update(data);
    }
    return ~(int) crc.getValue();
  }

  private static byte[] bytesName(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] sectionName(String name, StringTable strings) {
    byte[] b = bytesName(name);
    if (b.length <= 8) {
      return b;
    }
    return bytesName("/" + strings.add(name));
  }

  private static byte[] symbolName(String name, StringTable strings) {
    byte[] b = bytesName(name);
    if (b.length <= 8) {
      return b;
    }
    return longNameRef(strings.add(name));
  }

  private static byte[] longNameRef(int offset) {
    byte[] b = new byte[8];
    Bytes.putU32(b, 4, offset);
    return b;
  }

  /** COFF string table: a 4-byte size (counting itself), then NUL-terminated strings. */
  private static final class StringTable {
    private final Map<String, Integer> offsets = new LinkedHashMap<>();
    private int size = 4;

    int add(String s) {
      Integer off = offsets.get(s);
      if (off != null) {
        return off;
      }
      offsets.put(s, size);
      int at = size;
      size += s.getBytes(StandardCharsets.UTF_8).length + 1;
      return at;
    }

    byte[] bytes() {
      Bytes.Writer w = new Bytes.Writer();
      w.u32(size);
      for (String s : offsets.keySet()) {
        w.bytes(s.getBytes(StandardCharsets.UTF_8)).u8(0);
      }
      return w.toByteArray();
    }
  }

  // ---- model ----

  public final class Section {
    final String name;
    int characteristics;
    byte[] data = new byte[0];
    int uninitializedSize;
    final List<Reloc> relocs = new ArrayList<>();
    int comdatSelection;
    Section associate;
    int symbolIndex = -1;
    Integer pointerToRawDataOverride;
    Integer pointerToRelocationsOverride;
    Integer numberOfRelocationsOverride;
    Integer sizeOfRawDataOverride;

    Section(String name, int characteristics) {
      this.name = name;
      this.characteristics = characteristics;
    }

    public String name() {
      return name;
    }

    public int characteristics() {
      return characteristics;
    }

    /** 1-based section number in this object. */
    public int number() {
      return sections.indexOf(this) + 1;
    }

    public ObjectBuilder object() {
      return ObjectBuilder.this;
    }

    public Section data(byte[] bytes) {
      this.data = bytes.clone();
      this.uninitializedSize = 0;
      return this;
    }

    public Section data(String hex) {
      return data(Bytes.hex(hex));
    }

    /** Uninitialized contents of {@code size} bytes (SizeOfRawData = size, no raw data in the file). */
    public Section uninitialized(int size) {
      this.data = null;
      this.uninitializedSize = size;
      return this;
    }

    /** Replaces the IMAGE_SCN_ALIGN bits. */
    public Section align(int alignment) {
      characteristics = (characteristics & ~IMAGE_SCN_ALIGN_MASK) | alignFlag(alignment);
      return this;
    }

    public Section characteristics(int characteristics) {
      this.characteristics = characteristics;
      return this;
    }

    /** Relocation at {@code offset} of {@code type} against symbol {@code symbol} (declared undefined if unknown). */
    public Section reloc(int offset, int type, String symbol) {
      relocs.add(new Reloc(offset, type, null, symbol, 0));
      return this;
    }

    public Section reloc(int offset, int type, Symbol symbol) {
      relocs.add(new Reloc(offset, type, symbol, null, 0));
      return this;
    }

    /** Relocation against this or another section's section symbol. */
    public Section relocToSection(int offset, int type, Section target) {
      relocs.add(new Reloc(offset, type, null, null, 0, target));
      return this;
    }

    /** Relocation with a raw symbol table index (may be out of range on purpose). */
    public Section relocToIndex(int offset, int type, int symbolIndex) {
      relocs.add(new Reloc(offset, type, null, null, symbolIndex));
      return this;
    }

    /** Marks this section IMAGE_SCN_LNK_COMDAT with the given selection; declare its leader symbol next. */
    public Section comdat(int selection) {
      characteristics |= IMAGE_SCN_LNK_COMDAT;
      comdatSelection = selection;
      return this;
    }

    /** COMDAT section associated with {@code parent}: kept exactly when parent is kept. */
    public Section associative(Section parent) {
      comdat(IMAGE_COMDAT_SELECT_ASSOCIATIVE);
      associate = parent;
      return this;
    }

    public Section overridePointerToRawData(int offset) {
      pointerToRawDataOverride = offset;
      return this;
    }

    public Section overridePointerToRelocations(int offset) {
      pointerToRelocationsOverride = offset;
      return this;
    }

    public Section overrideNumberOfRelocations(int n) {
      numberOfRelocationsOverride = n;
      return this;
    }

    public Section overrideSizeOfRawData(int size) {
      sizeOfRawDataOverride = size;
      return this;
    }
  }

  public static final class Symbol {
    final String name;
    final int value;
    final Section section;
    final int sectionNumber;
    final int type;
    final int storageClass;
    Symbol weakDefault;
    int weakCharacteristics;
    Integer nameOffsetOverride;
    int index = -1;

    Symbol(String name, int value, Section section, int sectionNumber, int type, int storageClass) {
      this.name = name;
      this.value = value;
      this.section = section;
      this.sectionNumber = sectionNumber;
      this.type = type;
      this.storageClass = storageClass;
    }

    public String name() {
      return name;
    }

    /** Symbol table index, valid after a build. */
    public int index() {
      return index;
    }

    /** Writes the name as a string-table reference to {@code offset} (to corrupt it). */
    public Symbol overrideNameOffset(int offset) {
      nameOffsetOverride = offset;
      return this;
    }
  }

  static final class Reloc {
    final int offset;
    final int type;
    Symbol symbol;
    final String symbolName;
    final int rawIndex;
    final Section targetSection;

    Reloc(int offset, int type, Symbol symbol, String symbolName, int rawIndex) {
      this(offset, type, symbol, symbolName, rawIndex, null);
    }

    Reloc(int offset, int type, Symbol symbol, String symbolName, int rawIndex, Section targetSection) {
      this.offset = offset;
      this.type = type;
      this.symbol = symbol;
      this.symbolName = symbolName;
      this.rawIndex = rawIndex;
      this.targetSection = targetSection;
    }
  }
}
