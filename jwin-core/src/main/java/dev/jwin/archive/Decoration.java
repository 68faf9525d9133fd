package dev.jwin.archive;

import dev.jwin.archive.ImportLibraryWriter.Entry;
import dev.jwin.archive.ImportLibraryWriter.ImportType;
import dev.jwin.coff.Machine;
import dev.jwin.archive.ImportLibraryWriter.NameType;
import dev.jwin.archive.ImportLibraryWriter.ShortImport;
import dev.jwin.archive.ImportLibraryWriter.WeakAlias;
import java.util.ArrayList;
import java.util.List;

/**
 * i386 name decoration, and the choice of each export's import name type, as llvm-dlltool makes
 * them. On x64, ARM and ARM64 names are used exactly as written.
 *
 * <p>On i386 a C compiler prefixes cdecl and stdcall names with '_' and suffixes stdcall names
 * with "@N" (N = bytes of arguments); fastcall names become "@name@N"; C++ names start with '?'.
 * The short import records the decorated symbol plus a name type that tells the linker how to
 * derive the DLL's export name from it: NAME (as is), NAME_NOPREFIX (drop one leading '?', '@'
 * or '_'), NAME_UNDECORATE (also drop everything from the next '@').
 */
public final class Decoration {
  private Decoration() {}

  /**
   * @param killAt {@code -k}: import stdcall/fastcall functions by their name without "@N"
   * @param addUnderscores add the i386 leading underscore to undecorated names (off with
   *     {@code --no-leading-underscore})
   * @param mingw MinGW .def conventions: "Func@8" is a stdcall name still missing its '_'
   *     (llvm-dlltool); false for lib.exe conventions, where any '@' means already decorated
   */
  public record Options(boolean killAt, boolean addUnderscores, boolean mingw) {
    public static final Options DLLTOOL = new Options(false, true, true);
  }

  /** True if {@code symbol} already carries its full i386 decoration. */
  public static boolean isDecorated(String symbol, boolean mingw) {
    return symbol.startsWith("@") || symbol.startsWith("?") || symbol.contains("@@")
        || (!mingw && symbol.contains("@"));
  }

  /** The symbol a compiler for {@code machine} emits for the .def name {@code name}. */
  public static String decorate(String name, Machine machine, Options options) {
    if (machine != Machine.I386 || !options.addUnderscores() || isDecorated(name, options.mingw())) {
      return name;
    }
    return "_" + name;
  }

  /** The export name the linker derives from a short import's symbol for a given name type. */
  public static String applyNameType(NameType type, String symbol) {
    return switch (type) {
      case NAME_NOPREFIX -> dropPrefix(symbol);
      case NAME_UNDECORATE -> {
        String s = dropPrefix(symbol);
        int at = s.indexOf('@');
        yield at < 0 ? s : s.substring(0, at);
      }
      default -> symbol;
    };
  }

  private static String dropPrefix(String s) {
    return !s.isEmpty() && "?@_".indexOf(s.charAt(0)) >= 0 ? s.substring(1) : s;
  }

  /**
   * The name type for a symbol whose export name is {@code exportName} (equal to the symbol
   * unless {@code -k} cut its "@N" suffix).
   */
  public static NameType nameType(String symbol, String exportName, Machine machine, boolean mingw) {
    if (!mingw && exportName.startsWith("_") && exportName.contains("@")) {
      return NameType.NAME; // MSVC exports decorated stdcall names as they are
    }
    if (!symbol.equals(exportName)) {
      return NameType.NAME_UNDECORATE;
    }
    if (machine == Machine.I386 && symbol.startsWith("_")) {
      return NameType.NAME_NOPREFIX;
    }
    return NameType.NAME;
  }

  /** The import-library entries for the exports of a .def file, PRIVATE ones left out. */
  public static List<Entry> entries(List<ModuleDefinition.Export> exports, Machine machine, Options options) {
    List<Entry> out = new ArrayList<>();
    for (ModuleDefinition.Export e : exports) {
      if (e.isPrivate()) {
        continue;
      }
      ImportType type = e.constant() ? ImportType.CONST : e.data() ? ImportType.DATA : ImportType.CODE;
      String symbol = decorate(e.name(), machine, options);
      int ordinal = e.ordinal();
      if (e.noname()) {
        out.add(new ShortImport(symbol, ordinal, type, NameType.ORDINAL, null));
      } else if (e.exportAs() != null) {
        out.add(new ShortImport(symbol, ordinal, type, NameType.NAME_EXPORTAS, e.exportAs()));
      } else if (e.importName() != null) {
        NameType nameType = importNameType(symbol, e.importName(), machine);
        if (nameType != null) {
          out.add(new ShortImport(symbol, ordinal, type, nameType, null));
        } else {
          // Not expressible by a name type: alias this symbol to the import of importName.
          String target = decorate(e.importName(), machine, options);
          if (type == ImportType.CODE) {
            out.add(new WeakAlias(symbol, target, false));
          }
          out.add(new WeakAlias(symbol, target, true));
        }
      } else {
        String exportName = symbol;
        if (options.killAt() && machine == Machine.I386 && !symbol.startsWith("?")) {
          int at = symbol.indexOf('@', 1);
          exportName = at < 0 ? symbol : symbol.substring(0, at);
        }
        out.add(new ShortImport(symbol, ordinal, type, nameType(symbol, exportName, machine, options.mingw()), null));
      }
    }
    return out;
  }

  // The name type that turns symbol into importName, or null if none does.
  private static NameType importNameType(String symbol, String importName, Machine machine) {
    if (machine == Machine.I386 && applyNameType(NameType.NAME_UNDECORATE, symbol).equals(importName)) {
      return NameType.NAME_UNDECORATE;
    }
    if (machine == Machine.I386 && applyNameType(NameType.NAME_NOPREFIX, symbol).equals(importName)) {
      return NameType.NAME_NOPREFIX;
    }
    return symbol.equals(importName) ? NameType.NAME : null;
  }
}
