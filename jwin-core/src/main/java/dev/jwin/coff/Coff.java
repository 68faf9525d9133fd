package dev.jwin.coff;

/** Constants of the PE/COFF specification (names as in the spec, without the IMAGE_ prefix). */
public final class Coff {
  private Coff() {}

  // File characteristics (spec 3.3.2)
  public static final int FILE_RELOCS_STRIPPED = 0x0001;
  public static final int FILE_EXECUTABLE_IMAGE = 0x0002;
  public static final int FILE_LARGE_ADDRESS_AWARE = 0x0020;
  public static final int FILE_32BIT_MACHINE = 0x0100;
  public static final int FILE_REMOVABLE_RUN_FROM_SWAP = 0x0400;
  public static final int FILE_NET_RUN_FROM_SWAP = 0x0800;
  public static final int FILE_UP_SYSTEM_ONLY = 0x4000;
  public static final int FILE_DLL = 0x2000;

  // Section characteristics (spec 4.1)
  public static final int SCN_CNT_CODE = 0x20;
  public static final int SCN_CNT_INITIALIZED_DATA = 0x40;
  public static final int SCN_CNT_UNINITIALIZED_DATA = 0x80;
  public static final int SCN_LNK_INFO = 0x200;
  public static final int SCN_LNK_REMOVE = 0x800;
  public static final int SCN_LNK_COMDAT = 0x1000;
  public static final int SCN_ALIGN_MASK = 0x00F00000;
  public static final int SCN_LNK_NRELOC_OVFL = 0x01000000;
  public static final int SCN_MEM_DISCARDABLE = 0x02000000;
  public static final int SCN_MEM_NOT_CACHED = 0x04000000;
  public static final int SCN_MEM_NOT_PAGED = 0x08000000;
  public static final int SCN_MEM_SHARED = 0x10000000;
  public static final int SCN_MEM_EXECUTE = 0x20000000;
  public static final int SCN_MEM_READ = 0x40000000;
  public static final int SCN_MEM_WRITE = 0x80000000;
  /** Flags an input section contributes to its output section. */
  public static final int SCN_OUTPUT_MASK = 0xFE000000 | SCN_CNT_CODE | SCN_CNT_INITIALIZED_DATA | SCN_CNT_UNINITIALIZED_DATA;

  // Special section numbers (spec 5.4.2)
  public static final int SYM_UNDEFINED = 0;
  public static final int SYM_ABSOLUTE = -1;
  public static final int SYM_DEBUG = -2;

  // Storage classes (spec 5.4.4)
  public static final int CLASS_EXTERNAL = 2;
  public static final int CLASS_STATIC = 3;
  public static final int CLASS_LABEL = 6;
  public static final int CLASS_FUNCTION = 101;
  public static final int CLASS_FILE = 103;
  public static final int CLASS_SECTION = 104;
  public static final int CLASS_WEAK_EXTERNAL = 105;

  // COMDAT selection (spec 5.5.6)
  public static final int COMDAT_NODUPLICATES = 1;
  public static final int COMDAT_ANY = 2;
  public static final int COMDAT_SAME_SIZE = 3;
  public static final int COMDAT_EXACT_MATCH = 4;
  public static final int COMDAT_ASSOCIATIVE = 5;
  public static final int COMDAT_LARGEST = 6;
  public static final int COMDAT_NEWEST = 7;

  // Weak external characteristics (spec 5.5.3)
  public static final int WEAK_EXTERN_SEARCH_NOLIBRARY = 1;
  public static final int WEAK_EXTERN_SEARCH_LIBRARY = 2;
  public static final int WEAK_EXTERN_SEARCH_ALIAS = 3;

  // AMD64 relocations (spec 5.2.1)
  public static final int REL_AMD64_ABSOLUTE = 0;
  public static final int REL_AMD64_ADDR64 = 1;
  public static final int REL_AMD64_ADDR32 = 2;
  public static final int REL_AMD64_ADDR32NB = 3;
  public static final int REL_AMD64_REL32 = 4;
  public static final int REL_AMD64_REL32_5 = 9;
  public static final int REL_AMD64_SECTION = 10;
  public static final int REL_AMD64_SECREL = 11;
  public static final int REL_AMD64_SECREL7 = 12;

  // I386 relocations (spec 5.2.1)
  public static final int REL_I386_ABSOLUTE = 0;
  public static final int REL_I386_DIR16 = 1;
  public static final int REL_I386_REL16 = 2;
  public static final int REL_I386_DIR32 = 6;
  public static final int REL_I386_DIR32NB = 7;
  public static final int REL_I386_SEG12 = 9;
  public static final int REL_I386_SECTION = 10;
  public static final int REL_I386_SECREL = 11;
  public static final int REL_I386_TOKEN = 12;
  public static final int REL_I386_SECREL7 = 13;
  public static final int REL_I386_REL32 = 20;

  // Base relocation types (spec 6.6.2)
  public static final int REL_BASED_ABSOLUTE = 0;
  public static final int REL_BASED_HIGHLOW = 3;
  public static final int REL_BASED_DIR64 = 10;

  // Subsystems (spec 3.4.2)
  public static final int SUBSYSTEM_UNKNOWN = 0;
  public static final int SUBSYSTEM_NATIVE = 1;
  public static final int SUBSYSTEM_WINDOWS_GUI = 2;
  public static final int SUBSYSTEM_WINDOWS_CUI = 3;
  public static final int SUBSYSTEM_POSIX_CUI = 7;
  public static final int SUBSYSTEM_EFI_APPLICATION = 10;
  public static final int SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER = 11;
  public static final int SUBSYSTEM_EFI_RUNTIME_DRIVER = 12;
  public static final int SUBSYSTEM_EFI_ROM = 13;

  // DLL characteristics (spec 3.4.2)
  public static final int DLLCHAR_HIGH_ENTROPY_VA = 0x0020;
  public static final int DLLCHAR_DYNAMIC_BASE = 0x0040;
  public static final int DLLCHAR_FORCE_INTEGRITY = 0x0080;
  public static final int DLLCHAR_NX_COMPAT = 0x0100;
  public static final int DLLCHAR_NO_ISOLATION = 0x0200;
  public static final int DLLCHAR_NO_SEH = 0x0400;
  public static final int DLLCHAR_NO_BIND = 0x0800;
  public static final int DLLCHAR_APPCONTAINER = 0x1000;
  public static final int DLLCHAR_WDM_DRIVER = 0x2000;
  public static final int DLLCHAR_GUARD_CF = 0x4000;
  public static final int DLLCHAR_TERMINAL_SERVER_AWARE = 0x8000;

  // Data directories (spec 3.4.3)
  public static final int DIR_EXPORT = 0;
  public static final int DIR_IMPORT = 1;
  public static final int DIR_RESOURCE = 2;
  public static final int DIR_EXCEPTION = 3;
  public static final int DIR_BASERELOC = 5;
  public static final int DIR_DEBUG = 6;
  public static final int DIR_TLS = 9;
  public static final int DIR_LOAD_CONFIG = 10;
  public static final int DIR_IAT = 12;
  public static final int DIR_DELAY_IMPORT = 13;
  public static final int NUM_DIRECTORIES = 16;

  // Import object header (spec 7.1)
  public static final int IMPORT_CODE = 0;
  public static final int IMPORT_DATA = 1;
  public static final int IMPORT_CONST = 2;
  public static final int IMPORT_ORDINAL = 0;
  public static final int IMPORT_NAME = 1;
  public static final int IMPORT_NAME_NOPREFIX = 2;
  public static final int IMPORT_NAME_UNDECORATE = 3;
  public static final int IMPORT_NAME_EXPORTAS = 4;
}
