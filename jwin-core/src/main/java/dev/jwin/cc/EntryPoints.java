package dev.jwin.cc;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.CoffObject;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.coff.FileKind;
import dev.jwin.coff.Machine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Which program entry functions the objects on the link line define, and the subsystem that follows
 * from them (the rules of Zig's COFF linker and of mingw-w64's gcc driver).
 */
record EntryPoints(boolean main, boolean wmain, boolean winMain, boolean wWinMain) {
  static final EntryPoints NONE = new EntryPoints(false, false, false, false);

  /** Reads the external definitions of every COFF object among {@code files}; other inputs are skipped. */
  static EntryPoints scan(List<Path> files, Target target) throws CcException {
    boolean main = false, wmain = false, winMain = false, wWinMain = false;
    for (Path f : files) {
      try {
        Bytes s = Bytes.read(f);
        FileKind kind = FileKind.identify(s);
        if (kind != FileKind.COFF && kind != FileKind.BIGOBJ) continue;
        CoffObject obj = CoffObject.parse(f.toString(), s);
        for (int i = 0; i < obj.numberOfSymbols; i += 1 + obj.numberOfAuxSymbols(i)) {
          if (obj.storageClass(i) != 2 || obj.symbolSectionNumber(i) <= 0) continue; // defined externals only
          switch (undecorate(obj.symbolName(i), target)) {
            case "main" -> main = true;
            case "wmain" -> wmain = true;
            case "WinMain" -> winMain = true;
            case "wWinMain" -> wWinMain = true;
            default -> {}
          }
        }
      } catch (IOException e) {
        throw new CcException("cannot read " + f + ": " + e.getMessage());
      } catch (CorruptInputException e) {
        throw new CcException(f + ": " + e.getMessage());
      }
    }
    return new EntryPoints(main, wmain, winMain, wWinMain);
  }

  /** i386 C names carry a leading underscore, stdcall ones an @n suffix. */
  static String undecorate(String name, Target target) {
    if (target.arch() != Machine.I386) return name;
    String n = name.startsWith("_") ? name.substring(1) : name;
    int at = n.lastIndexOf('@');
    return at > 0 ? n.substring(0, at) : n;
  }

  /**
   * The -subsystem value: explicit choice first; UEFI targets are EFI applications; a DLL gets none;
   * main/wmain make a console program, WinMain/wWinMain a windows one; console when nothing tells.
   */
  static String subsystem(Invocation inv, EntryPoints e) {
    if (inv.subsystem != null) return inv.subsystem;
    if (inv.target.os() == Target.Os.UEFI) return "efi_application";
    if (inv.shared) return null;
    if (e.main || e.wmain) return "console";
    if (e.winMain || e.wWinMain) return "windows";
    return "console";
  }
}
