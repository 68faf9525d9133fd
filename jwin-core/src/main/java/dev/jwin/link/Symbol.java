package dev.jwin.link;

/**
 * A global (or file-local) symbol. Resolution changes a symbol in place ({@link #kind} and its
 * fields), so every file that refers to it sees the winner. Kinds are ordered: defined kinds first.
 */
public final class Symbol {
  public enum Kind {
    REGULAR, COMMON, ABSOLUTE, SYNTHETIC, IMPORT_DATA, IMPORT_THUNK, LOCAL_IMPORT, UNDEFINED, LAZY;

    boolean isDefined() { return ordinal() < UNDEFINED.ordinal(); }
  }

  /** Null for a file-local symbol until {@link #name()} decodes it from its object's symbol table. */
  private String name;
  Kind kind;
  /** Defining file; for undefined symbols the first file that referred to it; for lazy ones the archive. */
  InputFile file;
  /** REGULAR, COMMON, SYNTHETIC, IMPORT_THUNK, LOCAL_IMPORT: the chunk holding it (null = image base). */
  Chunk chunk;
  /** Offset in the chunk, or the VA of an ABSOLUTE symbol. */
  long value;
  /** REGULAR defined by a COMDAT leader. */
  boolean comdat;
  /** UNDEFINED: the weak external's or -alternatename's fallback. */
  Symbol weakAlias;
  /**
   * LAZY: the offset of the member of the archive ({@link #file}) that defines it; COMMON: the size in bytes. One
   * field for both: a link has millions of symbols.
   */
  long memberOffsetOrSize;
  /** References need runtime pseudo relocations (mingw auto-import). */
  boolean pseudoReloc;
  /** Referenced from a regular object (as lld's isUsedInRegularObj). */
  boolean used;
  /** Kept by -OPT:REF whatever refers to it: the entry point, -include, exports. */
  boolean gcRoot;
  /** An archive member that defines it is queued for loading. */
  boolean pendingLoad;
  /**
   * Position in {@link SymbolTable#ordered()} (positive); for a file-local symbol named lazily, which is never in
   * the table, {@code -1 - index} of its entry in {@link #file}'s symbol table. One field for both: a link has
   * millions of symbols, and 64 bytes is a size where 72 was.
   */
  long order;
  /** Where {@link OutputSymbols} is with it: {@link OutputSymbols#UNLISTED} and on, with the flags {@link OutputSymbols#TYPED} and {@link OutputSymbols#ALIASED}. */
  byte symtab;
  /** Once {@link OutputSymbols#TYPED}: the type of its first entry in its defining object. */
  short type;

  Symbol(String name, Kind kind) {
    this.name = name;
    this.kind = kind;
  }

  /**
   * A file-local symbol of {@code file}, entry {@code index} of its symbol table: most are never named
   * (relocations need only their place), so the name is decoded on first ask, not when the object is read.
   */
  Symbol(ObjectFile file, int index, Kind kind) {
    this.kind = kind;
    this.file = file;
    this.order = -1L - index;
  }

  public String name() {
    String n = name;
    if (n == null) name = n = ((ObjectFile) file).coff.symbolName(localNameIndex());
    return n;
  }

  /** A file-local symbol named lazily: its entry in its object's symbol table ({@link #file}); -1 for others. */
  int localNameIndex() { return order < 0 ? (int) (-1 - order) : -1; }

  /** IMPORT_DATA, IMPORT_THUNK: the import ({@link #file}); null for other kinds. */
  ImportFile importFile() {
    return kind == Kind.IMPORT_DATA || kind == Kind.IMPORT_THUNK ? (ImportFile) file : null;
  }

  public Kind kind() { return kind; }

  public boolean isDefined() { return kind.isDefined(); }

  /** Replaces this symbol's definition with {@code other}'s, keeping the name. */
  void copyFrom(Symbol other) {
    kind = other.kind;
    file = other.file;
    chunk = other.chunk;
    value = other.value;
    comdat = other.comdat;
    weakAlias = other.weakAlias;
    memberOffsetOrSize = other.memberOffsetOrSize;
    pseudoReloc = other.pseudoReloc;
  }

  void define(Kind k, InputFile f, Chunk c, long v) {
    kind = k;
    file = f;
    chunk = c;
    value = v;
    comdat = false;
    weakAlias = null;
  }

  /** RVA once addresses are assigned. */
  long rva(long imageBase) {
    return switch (kind) {
      case ABSOLUTE -> value - imageBase;
      case IMPORT_DATA -> ((ImportFile) file).iatChunk.rva;
      case IMPORT_THUNK -> ((ImportFile) file).thunkChunk.rva;
      case UNDEFINED, LAZY -> 0;
      default -> (chunk == null ? 0 : chunk.rva) + value;
    };
  }

  /** The chunk this symbol lives in, or null for absolute and image-base symbols. */
  Chunk definingChunk() {
    return switch (kind) {
      case IMPORT_DATA -> ((ImportFile) file).iatChunk;
      case IMPORT_THUNK -> ((ImportFile) file).thunkChunk;
      case ABSOLUTE, UNDEFINED, LAZY -> null;
      default -> chunk;
    };
  }

  @Override public String toString() { return name(); }
}
