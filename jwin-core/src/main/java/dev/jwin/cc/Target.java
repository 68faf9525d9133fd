package dev.jwin.cc;

import dev.jwin.coff.Machine;

import java.util.Locale;

/**
 * A Windows target: CPU, operating system flavour (Windows or UEFI) and C ABI. Parsed from zig-style
 * ({@code x86_64-windows-gnu}) and clang-style ({@code x86_64-w64-mingw32}, {@code x86_64-pc-windows-msvc})
 * spellings.
 */
public record Target(Machine arch, Os os, Abi abi) {
  public enum Os { WINDOWS, UEFI }

  public enum Abi { GNU, MSVC }

  public static final Target DEFAULT = new Target(Machine.AMD64, Os.WINDOWS, Abi.GNU);

  /** Parses a target triple; throws {@link CcException} with exit code 1 for an unknown one. */
  public static Target parse(String triple) throws CcException {
    String[] parts = triple.toLowerCase(Locale.ROOT).split("-");
    if (parts.length < 2) throw unknown(triple);
    Machine arch = switch (parts[0]) {
      case "x86_64", "amd64", "x64" -> Machine.AMD64;
      case "i386", "i486", "i586", "i686", "x86" -> Machine.I386;
      case "aarch64", "arm64" -> Machine.ARM64;
      case "armv7", "arm", "thumbv7", "armv7a" -> Machine.ARMNT;
      default -> throw unknown(triple);
    };
    Os os = null;
    Abi abi = Abi.GNU;
    boolean vendorSeen = false;
    for (int i = 1; i < parts.length; i++) {
      switch (parts[i]) {
        case "windows", "win32" -> os = Os.WINDOWS;
        case "mingw32", "mingw", "mingw64" -> { os = os == null ? Os.WINDOWS : os; abi = Abi.GNU; }
        case "uefi" -> os = Os.UEFI;
        case "gnu" -> abi = Abi.GNU;
        case "msvc" -> abi = Abi.MSVC;
        case "w64", "pc", "unknown" -> {
          // clang's vendor field, only before the OS
          if (vendorSeen || os != null || i != 1) throw unknown(triple);
          vendorSeen = true;
        }
        default -> throw unknown(triple);
      }
    }
    if (os == null) throw unknown(triple);
    return new Target(arch, os, abi);
  }

  private static CcException unknown(String triple) {
    return new CcException("unknown target '" + triple + "' (expected x86_64-windows-gnu, i686-windows-gnu, "
        + "aarch64-windows-gnu, armv7-windows-gnu, x86_64-windows-msvc, x86_64-uefi or a clang triple such as x86_64-w64-mingw32)");
  }

  /** The triple clang gets. */
  public String clangTriple() {
    if (os == Os.UEFI) return arch.tripleArch + "-unknown-windows-gnu";
    return arch.tripleArch + (abi == Abi.MSVC ? "-pc-windows-msvc" : "-w64-windows-gnu");
  }

  /** The GNU triple of mingw-w64 installations ({@code /usr/x86_64-w64-mingw32}). */
  public String mingwTriple() {
    return arch.tripleArch + "-w64-mingw32";
  }

  /** The lld-link -machine value. */
  public String linkMachine() {
    return arch.linkName;
  }

  public boolean isGnu() {
    return abi == Abi.GNU && os == Os.WINDOWS;
  }

  /** Object file suffix: {@code .obj} for the msvc ABI, {@code .o} for gnu. */
  public String objectSuffix() {
    return abi == Abi.MSVC ? ".obj" : ".o";
  }

  /** The canonical zig-style name, used in cache keys and messages. */
  @Override
  public String toString() {
    return arch.tripleArch + "-" + (os == Os.UEFI ? "uefi" : "windows") + "-" + abi.name().toLowerCase(Locale.ROOT);
  }
}
