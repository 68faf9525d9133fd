package dev.jwin.testkit;

/** PE/COFF constants used by the test kit (names follow the PE/COFF specification). */
public final class Coff {
  private Coff() {}

  public static final int IMAGE_FILE_MACHINE_AMD64 = 0x8664;
  public static final int IMAGE_FILE_MACHINE_I386 = 0x14c;
  public static final int IMAGE_FILE_MACHINE_ARM64 = 0xaa64;

  // AMD64 relocation types (spec 5.2.1).
  public static final int IMAGE_REL_AMD64_ABSOLUTE = 0x0;
  public static final int IMAGE_REL_AMD64_ADDR64 = 0x1;
  public static final int IMAGE_REL_AMD64_ADDR32 = 0x2;
  public static final int IMAGE_REL_AMD64_ADDR32NB = 0x3;
  public static final int IMAGE_REL_AMD64_REL32 = 0x4;
  public static final int IMAGE_REL_AMD64_REL32_1 = 0x5;
  public static final int IMAGE_REL_AMD64_REL32_2 = 0x6;
  public static final int IMAGE_REL_AMD64_REL32_3 = 0x7;
  public static final int IMAGE_REL_AMD64_REL32_4 = 0x8;
  public static final int IMAGE_REL_AMD64_REL32_5 = 0x9;
  public static final int IMAGE_REL_AMD64_SECTION = 0xa;
  public static final int IMAGE_REL_AMD64_SECREL = 0xb;
  public static final int IMAGE_REL_AMD64_SECREL7 = 0xc;

  // Section characteristics (spec 3.1).
  public static final int IMAGE_SCN_CNT_CODE = 0x20;
  public static final int IMAGE_SCN_CNT_INITIALIZED_DATA = 0x40;
  public static final int IMAGE_SCN_CNT_UNINITIALIZED_DATA = 0x80;
  public static final int IMAGE_SCN_LNK_INFO = 0x200;
  public static final int IMAGE_SCN_LNK_REMOVE = 0x800;
  public static final int IMAGE_SCN_LNK_COMDAT = 0x1000;
  public static final int IMAGE_SCN_ALIGN_MASK = 0x00f00000;
  public static final int IMAGE_SCN_LNK_NRELOC_OVFL = 0x01000000;
  public static final int IMAGE_SCN_MEM_DISCARDABLE = 0x02000000;
  public static final int IMAGE_SCN_MEM_EXECUTE = 0x20000000;
  public static final int IMAGE_SCN_MEM_READ = 0x40000000;
  public static final int IMAGE_SCN_MEM_WRITE = 0x80000000;

  public static final int TEXT = IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ;
  public static final int DATA = IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE;
  public static final int RDATA = IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ;
  public static final int BSS = IMAGE_SCN_CNT_UNINITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE;
  public static final int DRECTVE = IMAGE_SCN_LNK_INFO | IMAGE_SCN_LNK_REMOVE;

  /** IMAGE_SCN_ALIGN_nBYTES for a power of two n in 1..8192. */
  public static int alignFlag(int alignment) {
    if (alignment <= 0 || Integer.bitCount(alignment) != 1 || alignment > 8192) {
      throw new IllegalArgumentException("alignment " + alignment);
    }
    return (Integer.numberOfTrailingZeros(alignment) + 1) << 20;
  }

  // Symbol storage classes (spec 5.4.4).
  public static final int IMAGE_SYM_CLASS_EXTERNAL = 2;
  public static final int IMAGE_SYM_CLASS_STATIC = 3;
  public static final int IMAGE_SYM_CLASS_LABEL = 6;
  public static final int IMAGE_SYM_CLASS_FILE = 103;
  public static final int IMAGE_SYM_CLASS_WEAK_EXTERNAL = 105;

  public static final int IMAGE_SYM_UNDEFINED = 0;
  public static final int IMAGE_SYM_ABSOLUTE = -1;
  public static final int IMAGE_SYM_DEBUG = -2;

  public static final int IMAGE_SYM_DTYPE_FUNCTION = 0x20;

  // COMDAT selection (spec 5.5.6).
  public static final int IMAGE_COMDAT_SELECT_NODUPLICATES = 1;
  public static final int IMAGE_COMDAT_SELECT_ANY = 2;
  public static final int IMAGE_COMDAT_SELECT_SAME_SIZE = 3;
  public static final int IMAGE_COMDAT_SELECT_EXACT_MATCH = 4;
  public static final int IMAGE_COMDAT_SELECT_ASSOCIATIVE = 5;
  public static final int IMAGE_COMDAT_SELECT_LARGEST = 6;

  // Weak external characteristics (spec 5.5.3).
  public static final int IMAGE_WEAK_EXTERN_SEARCH_NOLIBRARY = 1;
  public static final int IMAGE_WEAK_EXTERN_SEARCH_LIBRARY = 2;
  public static final int IMAGE_WEAK_EXTERN_SEARCH_ALIAS = 3;

  // Base relocation types (spec 6.6.2).
  public static final int IMAGE_REL_I386_ABSOLUTE = 0;
  public static final int IMAGE_REL_I386_DIR16 = 1;
  public static final int IMAGE_REL_I386_REL16 = 2;
  public static final int IMAGE_REL_I386_DIR32 = 6;
  public static final int IMAGE_REL_I386_DIR32NB = 7;
  public static final int IMAGE_REL_I386_SEG12 = 9;
  public static final int IMAGE_REL_I386_SECTION = 10;
  public static final int IMAGE_REL_I386_SECREL = 11;
  public static final int IMAGE_REL_I386_TOKEN = 12;
  public static final int IMAGE_REL_I386_SECREL7 = 13;
  public static final int IMAGE_REL_I386_REL32 = 20;

  public static final int IMAGE_REL_BASED_ABSOLUTE = 0;
  public static final int IMAGE_REL_BASED_HIGHLOW = 3;
  public static final int IMAGE_REL_BASED_DIR64 = 10;

  // Optional header.
  public static final int PE32_MAGIC = 0x10b;
  public static final int PE32PLUS_MAGIC = 0x20b;
  public static final int IMAGE_SUBSYSTEM_WINDOWS_GUI = 2;
  public static final int IMAGE_SUBSYSTEM_WINDOWS_CUI = 3;

  public static final int IMAGE_FILE_RELOCS_STRIPPED = 0x1;
  public static final int IMAGE_FILE_EXECUTABLE_IMAGE = 0x2;
  public static final int IMAGE_FILE_LARGE_ADDRESS_AWARE = 0x20;
  public static final int IMAGE_FILE_32BIT_MACHINE = 0x100;
  public static final int IMAGE_FILE_DLL = 0x2000;

  public static final int IMAGE_DLLCHARACTERISTICS_HIGH_ENTROPY_VA = 0x20;
  public static final int IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE = 0x40;
  public static final int IMAGE_DLLCHARACTERISTICS_NX_COMPAT = 0x100;
  public static final int IMAGE_DLLCHARACTERISTICS_TERMINAL_SERVER_AWARE = 0x8000;

  // Data directory indices.
  public static final int DIR_EXPORT = 0;
  public static final int DIR_IMPORT = 1;
  public static final int DIR_RESOURCE = 2;
  public static final int DIR_EXCEPTION = 3;
  public static final int DIR_BASERELOC = 5;
  public static final int DIR_DEBUG = 6;
  public static final int DIR_TLS = 9;
  public static final int DIR_LOAD_CONFIG = 10;
  public static final int DIR_IAT = 12;

  // Short import format (spec 7.1).
  public static final int IMPORT_CODE = 0;
  public static final int IMPORT_DATA = 1;
  public static final int IMPORT_CONST = 2;
  public static final int IMPORT_ORDINAL = 0;
  public static final int IMPORT_NAME = 1;
  public static final int IMPORT_NAME_NOPREFIX = 2;
  public static final int IMPORT_NAME_UNDECORATE = 3;
}
