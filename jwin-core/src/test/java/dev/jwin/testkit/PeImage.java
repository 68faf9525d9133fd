package dev.jwin.testkit;

import static dev.jwin.testkit.Coff.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a linked PE image for assertions: headers, section table, bytes at an RVA, the import
 * table and base relocations; {@link #dump()} gives a stable text summary.
 */
public final class PeImage {
  public record SectionHeader(
      String name, int virtualSize, int virtualAddress, int sizeOfRawData, int pointerToRawData,
      int characteristics) {
    public boolean containsRva(long rva) {
      return rva >= Integer.toUnsignedLong(virtualAddress)
          && rva < Integer.toUnsignedLong(virtualAddress) + Math.max(Integer.toUnsignedLong(virtualSize), 0);
    }

    public boolean has(int flags) {
      return (characteristics & flags) == flags;
    }
  }

  public record DataDirectory(int rva, int size) {}

  /** One imported function: by name ({@code ordinal} = -1) or by ordinal ({@code name} = null). */
  public record ImportedSymbol(String name, int hint, int ordinal, int iatRva) {}

  public record ImportedDll(String name, int lookupTableRva, int iatRva, List<ImportedSymbol> symbols) {}

  public record BaseReloc(int type, int rva) {}

  private final byte[] bytes;
  private final int peOffset;
  public final int machine;
  public final int numberOfSections;
  public final int timeDateStamp;
  public final int sizeOfOptionalHeader;
  public final int characteristics;
  public final int magic;
  public final int sizeOfCode;
  public final int sizeOfInitializedData;
  public final int sizeOfUninitializedData;
  public final int addressOfEntryPoint;
  public final int baseOfCode;
  public final long imageBase;
  public final int sectionAlignment;
  public final int fileAlignment;
  public final int majorOperatingSystemVersion;
  public final int majorSubsystemVersion;
  public final int minorSubsystemVersion;
  public final int sizeOfImage;
  public final int sizeOfHeaders;
  public final int checkSum;
  public final int subsystem;
  public final int dllCharacteristics;
  public final long sizeOfStackReserve;
  public final long sizeOfStackCommit;
  public final long sizeOfHeapReserve;
  public final long sizeOfHeapCommit;
  public final List<DataDirectory> dataDirectories;
  public final List<SectionHeader> sections;

  public static PeImage read(Path path) {
    try {
      return new PeImage(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static PeImage parse(byte[] bytes) {
    return new PeImage(bytes.clone());
  }

  private PeImage(byte[] b) {
    this.bytes = b;
    if (b.length < 0x40 || b[0] != 'M' || b[1] != 'Z') {
      throw new IllegalArgumentException("not a PE image: no MZ header");
    }
    peOffset = Bytes.i32(b, 0x3c);
    if (peOffset < 0 || peOffset + 24 > b.length || Bytes.u32(b, peOffset) != 0x4550) {
      throw new IllegalArgumentException("not a PE image: no PE\\0\\0 signature at 0x" + Integer.toHexString(peOffset));
    }
    int c = peOffset + 4;
    machine = Bytes.u16(b, c);
    numberOfSections = Bytes.u16(b, c + 2);
    timeDateStamp = Bytes.i32(b, c + 4);
    sizeOfOptionalHeader = Bytes.u16(b, c + 16);
    characteristics = Bytes.u16(b, c + 18);
    int o = c + 20;
    magic = Bytes.u16(b, o);
    boolean plus = magic == PE32PLUS_MAGIC;
    if (!plus && magic != PE32_MAGIC) {
      throw new IllegalArgumentException("bad optional header magic 0x" + Integer.toHexString(magic));
    }
    sizeOfCode = Bytes.i32(b, o + 4);
    sizeOfInitializedData = Bytes.i32(b, o + 8);
    sizeOfUninitializedData = Bytes.i32(b, o + 12);
    addressOfEntryPoint = Bytes.i32(b, o + 16);
    baseOfCode = Bytes.i32(b, o + 20);
    imageBase = plus ? Bytes.u64(b, o + 24) : Bytes.u32(b, o + 28);
    sectionAlignment = Bytes.i32(b, o + 32);
    fileAlignment = Bytes.i32(b, o + 36);
    majorOperatingSystemVersion = Bytes.u16(b, o + 40);
    majorSubsystemVersion = Bytes.u16(b, o + 48);
    minorSubsystemVersion = Bytes.u16(b, o + 50);
    sizeOfImage = Bytes.i32(b, o + 56);
    sizeOfHeaders = Bytes.i32(b, o + 60);
    checkSum = Bytes.i32(b, o + 64);
    subsystem = Bytes.u16(b, o + 68);
    dllCharacteristics = Bytes.u16(b, o + 70);
    int dirs;
    if (plus) {
      sizeOfStackReserve = Bytes.u64(b, o + 72);
      sizeOfStackCommit = Bytes.u64(b, o + 80);
      sizeOfHeapReserve = Bytes.u64(b, o + 88);
      sizeOfHeapCommit = Bytes.u64(b, o + 96);
      dirs = o + 112;
    } else {
      sizeOfStackReserve = Bytes.u32(b, o + 72);
      sizeOfStackCommit = Bytes.u32(b, o + 76);
      sizeOfHeapReserve = Bytes.u32(b, o + 80);
      sizeOfHeapCommit = Bytes.u32(b, o + 84);
      dirs = o + 96;
    }
    int numberOfRvaAndSizes = Bytes.i32(b, dirs - 4);
    List<DataDirectory> dd = new ArrayList<>();
    for (int i = 0; i < Math.min(numberOfRvaAndSizes, 16); i++) {
      dd.add(new DataDirectory(Bytes.i32(b, dirs + 8 * i), Bytes.i32(b, dirs + 8 * i + 4)));
    }
    dataDirectories = List.copyOf(dd);
    int st = o + sizeOfOptionalHeader;
    List<SectionHeader> secs = new ArrayList<>();
    for (int i = 0; i < numberOfSections; i++) {
      int h = st + 40 * i;
      int len = 0;
      while (len < 8 && b[h + len] != 0) {
        len++;
      }
      secs.add(new SectionHeader(new String(b, h, len, StandardCharsets.UTF_8), Bytes.i32(b, h + 8),
          Bytes.i32(b, h + 12), Bytes.i32(b, h + 16), Bytes.i32(b, h + 20), Bytes.i32(b, h + 36)));
    }
    sections = List.copyOf(secs);
  }

  public boolean isPe32Plus() {
    return magic == PE32PLUS_MAGIC;
  }

  public byte[] fileBytes() {
    return bytes.clone();
  }

  /** Whether the file contains {@code needle} anywhere (e.g. a marker from a section that should be gone). */
  public boolean fileContains(byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= bytes.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  public boolean fileContains(String ascii) {
    return fileContains(Bytes.ascii(ascii));
  }

  public int fileSize() {
    return bytes.length;
  }

  public DataDirectory directory(int index) {
    return index < dataDirectories.size() ? dataDirectories.get(index) : new DataDirectory(0, 0);
  }

  /** The section with this name; fails if there is none. */
  public SectionHeader section(String name) {
    return findSection(name).orElseThrow(() -> new AssertionError("no section " + name + " in\n" + dump()));
  }

  public Optional<SectionHeader> findSection(String name) {
    return sections.stream().filter(s -> s.name.equals(name)).findFirst();
  }

  /** The section containing {@code rva}; fails if none does. */
  public SectionHeader sectionAt(long rva) {
    return sections.stream().filter(s -> s.containsRva(rva)).findFirst()
        .orElseThrow(() -> new AssertionError("RVA 0x" + Long.toHexString(rva) + " is in no section\n" + dump()));
  }

  public long va(long rva) {
    return imageBase + rva;
  }

  public long rvaOfVa(long va) {
    return va - imageBase;
  }

  /** File offset holding {@code rva}, or -1 when it lies in a section's zero-filled tail. */
  public int fileOffset(long rva) {
    if (rva < sizeOfHeaders) {
      return (int) rva;
    }
    SectionHeader s = sectionAt(rva);
    long off = rva - Integer.toUnsignedLong(s.virtualAddress);
    if (off >= Integer.toUnsignedLong(s.sizeOfRawData)) {
      return -1;
    }
    return (int) (s.pointerToRawData + off);
  }

  /** {@code length} bytes of the loaded image at {@code rva} (zeros beyond a section's raw data). */
  public byte[] bytesAt(long rva, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      int off = fileOffset(rva + i);
      out[i] = off < 0 ? 0 : bytes[off];
    }
    return out;
  }

  public int u8At(long rva) {
    return bytesAt(rva, 1)[0] & 0xff;
  }

  public int u16At(long rva) {
    return Bytes.u16(bytesAt(rva, 2), 0);
  }

  public long u32At(long rva) {
    return Bytes.u32(bytesAt(rva, 4), 0);
  }

  public int i32At(long rva) {
    return Bytes.i32(bytesAt(rva, 4), 0);
  }

  public long u64At(long rva) {
    return Bytes.u64(bytesAt(rva, 8), 0);
  }

  public String cstringAt(long rva) {
    StringBuilder sb = new StringBuilder();
    for (long r = rva; ; r++) {
      int c = u8At(r);
      if (c == 0) {
        return sb.toString();
      }
      sb.append((char) c);
    }
  }

  /** The import directory (data directory 1), in table order. */
  public List<ImportedDll> imports() {
    DataDirectory dir = directory(DIR_IMPORT);
    List<ImportedDll> dlls = new ArrayList<>();
    if (dir.rva == 0) {
      return dlls;
    }
    int entrySize = isPe32Plus() ? 8 : 4;
    for (long d = Integer.toUnsignedLong(dir.rva); ; d += 20) {
      int ilt = i32At(d);
      int nameRva = i32At(d + 12);
      int iat = i32At(d + 16);
      if (ilt == 0 && nameRva == 0 && iat == 0) {
        break;
      }
      List<ImportedSymbol> syms = new ArrayList<>();
      long table = Integer.toUnsignedLong(ilt != 0 ? ilt : iat);
      for (int i = 0; ; i++) {
        long entry = entrySize == 8 ? u64At(table + 8L * i) : u32At(table + 4L * i);
        if (entry == 0) {
          break;
        }
        int slot = iat + entrySize * i;
        boolean byOrdinal = entrySize == 8 ? entry < 0 : (entry & 0x80000000L) != 0;
        if (byOrdinal) {
          syms.add(new ImportedSymbol(null, 0, (int) (entry & 0xffff), slot));
        } else {
          long hintName = entry & 0x7fffffffL;
          syms.add(new ImportedSymbol(cstringAt(hintName + 2), u16At(hintName), -1, slot));
        }
      }
      dlls.add(new ImportedDll(cstringAt(Integer.toUnsignedLong(nameRva)), ilt, iat, List.copyOf(syms)));
    }
    return dlls;
  }

  /** Base relocation entries (data directory 5) except IMAGE_REL_BASED_ABSOLUTE padding, in table order. */
  public List<BaseReloc> baseRelocs() {
    DataDirectory dir = directory(DIR_BASERELOC);
    List<BaseReloc> out = new ArrayList<>();
    long p = Integer.toUnsignedLong(dir.rva);
    long end = p + Integer.toUnsignedLong(dir.size);
    while (dir.rva != 0 && p + 8 <= end) {
      long page = u32At(p);
      long blockSize = u32At(p + 4);
      if (blockSize < 8) {
        throw new AssertionError("base relocation block of size " + blockSize + " at RVA 0x" + Long.toHexString(p));
      }
      for (long e = p + 8; e + 2 <= p + blockSize; e += 2) {
        int v = u16At(e);
        int type = v >>> 12;
        if (type != IMAGE_REL_BASED_ABSOLUTE) {
          out.add(new BaseReloc(type, (int) (page + (v & 0xfff))));
        }
      }
      p += blockSize;
    }
    return out;
  }

  /** Types of the base relocations at {@code rva} (empty if none). */
  public List<Integer> baseRelocTypesAt(long rva) {
    return baseRelocs().stream().filter(r -> Integer.toUnsignedLong(r.rva) == rva).map(BaseReloc::type).toList();
  }

  private static final String[] DIR_NAMES = {"EXPORT", "IMPORT", "RESOURCE", "EXCEPTION", "SECURITY", "BASERELOC",
      "DEBUG", "ARCHITECTURE", "GLOBALPTR", "TLS", "LOAD_CONFIG", "BOUND_IMPORT", "IAT", "DELAY_IMPORT", "CLR",
      "RESERVED"};

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  private static String hex(int v) {
    return "0x" + Integer.toHexString(v);
  }

  private static String baseRelocName(int type) {
    return switch (type) {
      case IMAGE_REL_BASED_HIGHLOW -> "HIGHLOW";
      case IMAGE_REL_BASED_DIR64 -> "DIR64";
      default -> "TYPE" + type;
    };
  }

  /**
   * Stable, line-oriented summary (no timestamp or checksum): headers, data directories,
   * sections, imports, base relocations.
   */
  public String dump() {
    StringBuilder sb = new StringBuilder();
    sb.append("machine ").append(hex(machine)).append('\n');
    sb.append("characteristics ").append(hex(characteristics)).append('\n');
    sb.append("magic ").append(hex(magic)).append('\n');
    sb.append("entry ").append(hex(addressOfEntryPoint)).append('\n');
    sb.append("imagebase ").append(hex(imageBase)).append('\n');
    sb.append("sectionalignment ").append(hex(sectionAlignment)).append('\n');
    sb.append("filealignment ").append(hex(fileAlignment)).append('\n');
    sb.append("subsystem ").append(subsystem).append(' ').append(majorSubsystemVersion).append('.')
        .append(minorSubsystemVersion).append('\n');
    sb.append("dllcharacteristics ").append(hex(dllCharacteristics)).append('\n');
    sb.append("sizeofcode ").append(hex(sizeOfCode)).append('\n');
    sb.append("sizeofinitializeddata ").append(hex(sizeOfInitializedData)).append('\n');
    sb.append("sizeofuninitializeddata ").append(hex(sizeOfUninitializedData)).append('\n');
    sb.append("sizeofimage ").append(hex(sizeOfImage)).append('\n');
    sb.append("sizeofheaders ").append(hex(sizeOfHeaders)).append('\n');
    sb.append("stack ").append(hex(sizeOfStackReserve)).append(' ').append(hex(sizeOfStackCommit)).append('\n');
    sb.append("heap ").append(hex(sizeOfHeapReserve)).append(' ').append(hex(sizeOfHeapCommit)).append('\n');
    for (int i = 0; i < dataDirectories.size(); i++) {
      DataDirectory d = dataDirectories.get(i);
      if (d.rva != 0 || d.size != 0) {
        sb.append("dir ").append(DIR_NAMES[i]).append(" rva=").append(hex(d.rva)).append(" size=")
            .append(hex(d.size)).append('\n');
      }
    }
    for (SectionHeader s : sections) {
      sb.append("section ").append(s.name).append(" va=").append(hex(s.virtualAddress)).append(" vsize=")
          .append(hex(s.virtualSize)).append(" rawsize=").append(hex(s.sizeOfRawData)).append(" rawptr=")
          .append(hex(s.pointerToRawData)).append(" chars=").append(hex(s.characteristics)).append('\n');
    }
    for (ImportedDll dll : imports()) {
      sb.append("import ").append(dll.name).append(" ilt=").append(hex(dll.lookupTableRva)).append(" iat=")
          .append(hex(dll.iatRva)).append('\n');
      for (ImportedSymbol s : dll.symbols) {
        if (s.name != null) {
          sb.append("  ").append(s.name).append(" hint=").append(s.hint);
        } else {
          sb.append("  #").append(s.ordinal);
        }
        sb.append(" slot=").append(hex(s.iatRva)).append('\n');
      }
    }
    for (BaseReloc r : baseRelocs()) {
      sb.append("basereloc ").append(baseRelocName(r.type)).append(' ').append(hex(r.rva)).append('\n');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return dump();
  }
}
