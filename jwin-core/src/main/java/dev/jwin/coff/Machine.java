package dev.jwin.coff;

import java.util.Locale;

/**
 * The Windows machines jwin knows: the one machine type of the whole code base (object and image
 * headers, import libraries, the linker's per-architecture code, compiler targets, runtimes).
 */
public enum Machine {
  I386(0x14c, "x86", "i686", "i386", 4, 0x0007),
  AMD64(0x8664, "x64", "x86_64", "i386:x86-64", 8, 0x0003),
  ARMNT(0x1c4, "arm", "armv7", "arm", 4, 0x0002),
  ARM64(0xaa64, "arm64", "aarch64", "arm64", 8, 0x0002);

  /** {@link #values()}, which copies the array on every call, made once. */
  private static final Machine[] ALL = values();

  /** IMAGE_FILE_MACHINE_* value. */
  public final int value;
  /** lld-link's /machine: name, also used in messages ({@code x64}). */
  public final String linkName;
  /** The architecture part of a GNU target triple ({@code x86_64}). */
  public final String tripleArch;
  /** GNU dlltool's -m name. */
  public final String dlltoolName;
  /** Bytes in a pointer (4 for PE32, 8 for PE32+). */
  public final int pointerSize;
  /** The 32-bit image-relative relocation type (IMAGE_REL_*_ADDR32NB / DIR32NB). */
  public final int addr32nb;

  Machine(int value, String linkName, String tripleArch, String dlltoolName, int pointerSize, int addr32nb) {
    this.value = value;
    this.linkName = linkName;
    this.tripleArch = tripleArch;
    this.dlltoolName = dlltoolName;
    this.pointerSize = pointerSize;
    this.addr32nb = addr32nb;
  }

  public boolean is64Bit() { return pointerSize == 8; }

  /** The machine with this IMAGE_FILE_MACHINE_* value, or null (also for IMAGE_FILE_MACHINE_UNKNOWN). */
  public static Machine of(int value) {
    for (Machine m : ALL) if (m.value == value) return m;
    return null;
  }

  /** By lld-link's /machine: name or lib.exe's aliases (case-insensitive), or null. */
  public static Machine byLinkName(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "x86", "i386" -> I386;
      case "x64", "amd64" -> AMD64;
      case "arm", "armnt" -> ARMNT;
      case "arm64" -> ARM64;
      default -> null;
    };
  }

  /** The name of any IMAGE_FILE_MACHINE_* value, as lld prints it. */
  public static String name(int value) {
    Machine m = of(value);
    return m != null ? m.linkName : value == 0 ? "unknown" : String.format("0x%x", value);
  }
}
