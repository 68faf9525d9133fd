package dev.jwin.libc;

import dev.jwin.coff.Machine;
import java.util.Map;

/**
 * A Windows target jwin builds the mingw-w64 runtime for, with the names mingw-w64-crt's build
 * files use for it: the library directory ({@code lib64}), the automake conditional that enables
 * it ({@code LIB64}), the macro its .def.in files test ({@code DEF_X64}) and dlltool's machine.
 */
public enum Target {
  X86_64("x86_64-windows-gnu", "x86_64-w64-mingw32", "lib64", "LIB64", "crt64", "DEF_X64", Machine.AMD64, "x86_64-w64-mingw32"),
  I686("i686-windows-gnu", "i686-w64-mingw32", "lib32", "LIB32", "crt32", "DEF_I386", Machine.I386, "i686-w64-mingw32"),
  AARCH64("aarch64-windows-gnu", "aarch64-w64-mingw32", "libarm64", "LIBARM64", "crt64", "DEF_ARM64", Machine.ARM64, "aarch64-w64-mingw32"),
  ARMV7("armv7-windows-gnu", "armv7-w64-mingw32", "libarm32", "LIBARM32", "crt32", "DEF_ARM32", Machine.ARMNT, "armv7-w64-mingw32");

  /** jwin's name, as in {@code --target}. */
  public final String name;
  /** The triple clang is given. */
  public final String triple;
  /** The Makefile.am directory prefix of this target's libraries. */
  public final String libDir;
  public final String conditional;
  /** Prefix of the Makefile.am variable listing the startup objects ({@code crt64_DATA}; arm64 reuses that name). */
  public final String crtData;
  public final String defMacro;
  public final Machine machine;
  /** gcc-mingw-w64's directory name under /usr/lib/gcc. */
  public final String gccTriple;

  Target(String name, String triple, String libDir, String conditional, String crtData, String defMacro, Machine machine,
      String gccTriple) {
    this.name = name;
    this.triple = triple;
    this.libDir = libDir;
    this.conditional = conditional;
    this.crtData = crtData;
    this.defMacro = defMacro;
    this.machine = machine;
    this.gccTriple = gccTriple;
  }

  /** Accepts jwin's names and the usual aliases ({@code x86_64-w64-mingw32}, {@code x86_64-w64-windows-gnu}). */
  public static Target parse(String s) throws LibcException {
    for (Target t : values()) {
      String arch = t.name.substring(0, t.name.indexOf('-'));
      if (s.equals(t.name) || s.equals(t.triple) || s.equals(arch + "-w64-windows-gnu") || s.equals(arch)) {
        return t;
      }
    }
    throw new LibcException("unknown target '" + s + "' (expected x86_64-windows-gnu, i686-windows-gnu, aarch64-windows-gnu or armv7-windows-gnu)");
  }

  /** The automake conditionals of mingw-w64-crt's configure for this target with default options. */
  Map<String, Boolean> conditionals() {
    return Map.of("LIB32", this == I686, "LIB64", this == X86_64, "LIBARM32", this == ARMV7, "LIBARM64", this == AARCH64,
        "W32API", false, "ENABLE_SOFTMATH", false, "ENABLE_DFP", false, "WITHSYSROOT", false, "WITH_GENLIB", false);
  }
}
