package dev.jwin.link;

import dev.jwin.archive.Decoration;
import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;
import dev.jwin.coff.Machine;
import dev.jwin.io.AtomicFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * DLL exports: parsing {@code -export:} values (command line, .drectve, .def), mingw's automatic export
 * of every eligible symbol, ordinal assignment, and the export directory chunks (spec 6.3).
 */
final class Exports {
  private Exports() {}

  /** One export. {@code name} is the internal symbol, {@code extName} the public name if renamed. */
  static final class Export {
    String name;
    String extName;
    String forwardTo;
    int ordinal;
    /** The ordinal given by the user (0 if assigned by the linker): import libraries carry only these. */
    int explicitOrdinal;
    boolean noname, data, isPrivate, constant;
    Symbol sym;
    /** The (decorated) symbol the export resolved to. */
    String symbolName;

    String exportName() { return forwardTo != null || extName == null ? name : extName; }
  }

  /** Parses {@code name[=internal|=dll.func][,@ordinal[,NONAME]][,DATA][,PRIVATE][,CONSTANT]}. */
  static Export parse(String arg, Diagnostics diag) {
    String[] parts = arg.split(",", -1);
    Export e = new Export();
    String head = parts[0];
    if (head.isEmpty()) throw diag.fatal("invalid /export: " + arg);
    int eq = head.indexOf('=');
    if (eq >= 0) {
      String x = head.substring(0, eq), y = head.substring(eq + 1);
      if (x.isEmpty() || y.isEmpty()) throw diag.fatal("invalid /export: " + arg);
      if (y.contains(".")) {
        e.name = x;
        e.forwardTo = y;
      } else {
        e.extName = x;
        e.name = y;
      }
    } else {
      e.name = head;
    }
    for (int i = 1; i < parts.length; i++) {
      String t = parts[i].trim();
      switch (t.toLowerCase(Locale.ROOT)) {
        case "noname" -> {
          if (e.ordinal == 0) throw diag.fatal("invalid /export: " + arg + " (NONAME needs an @ordinal)");
          e.noname = true;
        }
        case "data" -> e.data = true;
        case "constant" -> e.constant = true;
        case "private" -> e.isPrivate = true;
        default -> {
          if (!t.startsWith("@")) throw diag.fatal("invalid /export: " + arg);
          int ord;
          try {
            ord = Integer.parseInt(t.substring(1));
          } catch (NumberFormatException ex) {
            throw diag.fatal("invalid /export: " + arg);
          }
          if (ord <= 0 || ord > 65535) throw diag.fatal("invalid /export: " + arg + " (ordinal out of range)");
          e.ordinal = ord;
        }
      }
    }
    return e;
  }

  // ---- x86 name decoration ----

  /** The symbol an export named {@code name} refers to: on x86 a C name gets its '_' unless already decorated. */
  static String symbolFor(String name, Machine machine, boolean mingw) {
    return machine == Machine.I386 && !Decoration.isDecorated(name, mingw) ? "_" + name : name;
  }

  /** The export name of x86 symbol {@code sym}: without its '_' (MSVC keeps "_f@N" whole). */
  static String undecorate(String sym, Machine machine, boolean mingw) {
    if (machine != Machine.I386 || (!mingw && sym.startsWith("_") && sym.contains("@"))) return sym;
    return sym.startsWith("_") ? sym.substring(1) : sym;
  }

  /** -kill-at: "f@12" and fastcall "@f@8" are exported as "f". */
  static void killAt(Export e) {
    if (e.forwardTo != null) return;
    String n = e.exportName();
    if (n.startsWith("?")) return;
    int at = n.indexOf('@', 1);
    String killed = at < 0 ? n : n.substring(0, at);
    if (killed.startsWith("@")) killed = killed.substring(1);
    if (!killed.equals(n)) e.extName = killed;
  }

  // ---- mingw automatic exports ----

  private static final Set<String> EXCLUDE_SYMBOLS = Set.of("__NULL_IMPORT_DESCRIPTOR", "__pei386_runtime_relocator",
      "do_pseudo_reloc", "impure_ptr", "__impure_ptr", "__fmode", "environ", "__dso_handle", "DllMain",
      "DllEntryPoint", "DllMainCRTStartup", "_DllMainCRTStartup", "_DllMain@12", "_DllEntryPoint@12",
      "_DllMainCRTStartup@12");
  private static final String[] EXCLUDE_PREFIXES = {"__rtti_", "__builtin_", "_head_", "__imp_", ".", "__profc_", "__profd_", "__profvp_"};
  private static final String[] EXCLUDE_SUFFIXES = {"_iname", "_NULL_THUNK_DATA"};
  private static final Set<String> EXCLUDE_LIBS = Set.of("libgcc", "libgcc_s", "libstdc++", "libmingw32", "libmingwex",
      "libg2c", "libsupc++", "libobjc", "libgcj", "libclang_rt.builtins", "libclang_rt.builtins-aarch64",
      "libclang_rt.builtins-arm", "libclang_rt.builtins-i386", "libclang_rt.builtins-x86_64", "libclang_rt.profile",
      "libclang_rt.profile-aarch64", "libclang_rt.profile-arm", "libclang_rt.profile-i386",
      "libclang_rt.profile-x86_64", "libc++", "libc++abi", "libunwind", "libmsvcrt", "libucrtbase");
  private static final Set<String> EXCLUDE_OBJECTS = Set.of("crt0.o", "crt1.o", "crt1u.o", "crt2.o", "crt2u.o",
      "dllcrt1.o", "dllcrt2.o", "gcrt0.o", "gcrt1.o", "gcrt2.o", "crtbegin.o", "crtend.o");

  static boolean shouldAutoExport(SymbolTable st, Symbol s, Set<String> excluded) {
    if (s.kind != Symbol.Kind.REGULAR && s.kind != Symbol.Kind.COMMON) return false;
    if (s.definingChunk() == null || s.file == null) return false;
    if (EXCLUDE_SYMBOLS.contains(s.name()) || excluded.contains(s.name())) return false;
    for (String p : EXCLUDE_PREFIXES) if (s.name().startsWith(p)) return false;
    for (String p : EXCLUDE_SUFFIXES) if (s.name().endsWith(p)) return false;
    if (st.find("__imp_" + s.name()) != null) return false;
    String lib = s.file.parentName.isEmpty() ? "" : Path.of(s.file.parentName).getFileName().toString();
    int dot = lib.lastIndexOf('.');
    if (dot >= 0) lib = lib.substring(0, dot);
    if (!lib.isEmpty()) return !EXCLUDE_LIBS.contains(lib);
    return !EXCLUDE_OBJECTS.contains(Path.of(s.file.name).getFileName().toString());
  }

  /** Checks ordinals, drops duplicates, sorts by public name and numbers what has no ordinal. */
  static List<Export> finish(List<Export> exports, Diagnostics diag) {
    Set<Integer> ords = new HashSet<>();
    for (Export e : exports) {
      if (e.ordinal != 0 && !ords.add(e.ordinal)) throw diag.fatal("duplicate export ordinal: " + e.name);
    }
    Map<String, Export> byName = new HashMap<>();
    List<Export> out = new ArrayList<>();
    for (Export e : exports) {
      Export old = byName.putIfAbsent(e.exportName(), e);
      if (old != null) {
        if (!old.name.equals(e.name)) diag.warn("duplicate /export option: " + e.exportName());
        continue;
      }
      out.add(e);
    }
    out.sort(Comparator.comparing(Export::exportName));
    int max = 0;
    for (Export e : out) max = Math.max(max, e.ordinal);
    for (Export e : out) e.explicitOrdinal = e.ordinal;
    for (Export e : out) if (e.ordinal == 0) e.ordinal = ++max;
    if (max > 65535) throw diag.fatal("too many exported symbols (got " + max + ", max 65535)");
    return out;
  }

  // ---- the export directory ----

  /** The chunks of the export directory: directory, DLL name, address table, name pointers, ordinals, names. */
  static List<Chunk> chunks(String dllName, List<Export> exports) {
    List<Chunk> out = new ArrayList<>();
    int maxOrdinal = 0;
    for (Export e : exports) maxOrdinal = Math.max(maxOrdinal, e.ordinal);
    List<Export> named = new ArrayList<>();
    for (Export e : exports) if (!e.noname) named.add(e);
    Str dll = new Str(dllName);
    Map<Export, Str> names = new HashMap<>();
    Map<Export, Str> forwards = new HashMap<>();
    for (Export e : named) names.put(e, new Str(e.exportName()));
    for (Export e : exports) if (e.forwardTo != null) forwards.put(e, new Str(e.forwardTo));
    AddressTable eat = new AddressTable(maxOrdinal + 1, exports, forwards);
    NamePointers np = new NamePointers(named, names);
    Ordinals ot = new Ordinals(named);
    out.add(new Directory(dll, maxOrdinal + 1, named.size(), eat, np, ot));
    out.add(dll);
    out.add(eat);
    out.add(np);
    out.add(ot);
    for (Export e : named) out.add(names.get(e));
    for (Export e : exports) if (forwards.containsKey(e)) out.add(forwards.get(e));
    return out;
  }

  private abstract static class Piece extends SyntheticChunks.Fixed {
    Piece() { super(".edata", SyntheticChunks.RDATA, 1); }
  }

  private static final class Str extends Piece {
    final byte[] bytes;

    Str(String s) { bytes = Le.bytes(s); }

    @Override long size() { return bytes.length + 1; }

    @Override void writeTo(Bytes buf, Image img) {
      Bytes.copy(Bytes.of(bytes), 0, buf, 0, bytes.length);
    }
  }

  private static final class Directory extends Piece {
    final Chunk dll, eat, np, ot;
    final int entries, nameCount;

    Directory(Chunk dll, int entries, int nameCount, Chunk eat, Chunk np, Chunk ot) {
      this.dll = dll;
      this.entries = entries;
      this.nameCount = nameCount;
      this.eat = eat;
      this.np = np;
      this.ot = ot;
    }

    @Override long size() { return 40; }

    @Override void writeTo(Bytes buf, Image img) {
      Le.put32(buf, 4, img.timestamp);
      Le.put32(buf, 12, dll.rva);
      Le.put32(buf, 16, 0); // ordinal base: ordinals index the address table directly
      Le.put32(buf, 20, entries);
      Le.put32(buf, 24, nameCount);
      Le.put32(buf, 28, eat.rva);
      Le.put32(buf, 32, np.rva);
      Le.put32(buf, 36, ot.rva);
    }
  }

  private static final class AddressTable extends Piece {
    final int entries;
    final List<Export> exports;
    final Map<Export, Str> forwards;

    AddressTable(int entries, List<Export> exports, Map<Export, Str> forwards) {
      this.entries = entries;
      this.exports = exports;
      this.forwards = forwards;
    }

    @Override long size() { return 4L * entries; }

    @Override void writeTo(Bytes buf, Image img) {
      for (Export e : exports) {
        long v = e.forwardTo != null ? forwards.get(e).rva : img.rva(e.sym) | (e.data ? 0 : img.arch.codeAddressBit());
        Le.put32(buf, 4L * e.ordinal, v);
      }
    }
  }

  private static final class NamePointers extends Piece {
    final List<Export> named;
    final Map<Export, Str> names;

    NamePointers(List<Export> named, Map<Export, Str> names) {
      this.named = named;
      this.names = names;
    }

    @Override long size() { return 4L * named.size(); }

    @Override void writeTo(Bytes buf, Image img) {
      for (int i = 0; i < named.size(); i++) Le.put32(buf, 4L * i, names.get(named.get(i)).rva);
    }
  }

  private static final class Ordinals extends Piece {
    final List<Export> named;

    Ordinals(List<Export> named) { this.named = named; }

    @Override long size() { return 2L * named.size(); }

    @Override void writeTo(Bytes buf, Image img) {
      for (int i = 0; i < named.size(); i++) Le.put16(buf, 2L * i, named.get(i).ordinal);
    }
  }

  /** The import library for the DLL being linked (short import members, GNU layout under mingw). */
  static void writeImportLibrary(Config config, Machine machine, List<Export> exports, Diagnostics diag, Path cwd) {
    String dll = Path.of(config.output).getFileName().toString();
    String path = config.implib != null ? config.implib : replaceExtension(config.output, ".lib");
    List<dev.jwin.archive.ImportLibraryWriter.Entry> entries = new ArrayList<>();
    for (Export e : exports) {
      if (e.isPrivate) continue;
      var type = e.data ? dev.jwin.archive.ImportLibraryWriter.ImportType.DATA
          : e.constant ? dev.jwin.archive.ImportLibraryWriter.ImportType.CONST
          : dev.jwin.archive.ImportLibraryWriter.ImportType.CODE;
      var nameType = e.noname ? dev.jwin.archive.ImportLibraryWriter.NameType.ORDINAL
          : dev.jwin.archive.ImportLibraryWriter.NameType.NAME;
      String symbol = e.exportName();
      if (machine == Machine.I386 && !e.noname) {
        // The import member's symbol is what clients call; its name type turns it into the export name.
        String decorated = symbolFor(e.exportName(), machine, config.mingw);
        symbol = config.killAt || e.symbolName == null ? decorated : e.symbolName;
        nameType = Decoration.nameType(symbol, decorated, machine, config.mingw);
      }
      entries.add(new dev.jwin.archive.ImportLibraryWriter.ShortImport(symbol, e.explicitOrdinal, type, nameType, null));
    }
    byte[] lib = dev.jwin.archive.ImportLibraryWriter.write(dll, machine, entries,
        config.mingw ? dev.jwin.archive.ArchiveWriter.Format.GNU : dev.jwin.archive.ArchiveWriter.Format.COFF);
    try {
      AtomicFile.write(cwd.resolve(path), lib, false);
    } catch (java.io.IOException e) {
      throw diag.fatal("cannot write import library " + path + ": " + Options.ioReason(e));
    }
  }

  private static String replaceExtension(String p, String ext) {
    int dot = p.lastIndexOf('.');
    int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
    return (dot > slash ? p.substring(0, dot) : p) + ext;
  }

  static boolean isData(Symbol s) {
    Chunk c = s.definingChunk();
    return c != null && (c.outputCharacteristics() & Coff.SCN_MEM_EXECUTE) == 0;
  }
}
