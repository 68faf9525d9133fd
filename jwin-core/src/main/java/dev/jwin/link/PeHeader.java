package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;
import dev.jwin.coff.Machine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The headers at the start of the image (spec 3): DOS header and stub, COFF file header, the optional
 * header in its PE32 (32-bit machines) or PE32+ form, the data directories and the section table.
 */
final class PeHeader {
  private PeHeader() {}

  static final int PE32_SIZE = 96 + 16 * 8;
  static final int PE32PLUS_SIZE = 112 + 16 * 8;
  /** Offset of the optional header's CheckSum field in the file. */
  static final long CHECKSUM_OFFSET = Layout.DOS_STUB_SIZE + 4 + 20 + 64;
  /** Offset of the COFF header's TimeDateStamp field in the file. */
  static final long TIMESTAMP_OFFSET = Layout.DOS_STUB_SIZE + 8;

  static int optionalHeaderSize(Machine m) { return m.is64Bit() ? PE32PLUS_SIZE : PE32_SIZE; }

  /** What the headers say beyond the options and the section table. */
  record Fields(Machine machine, long imageBase, long timestamp, long entryRva, int subsystem, boolean noSeh, Layout layout,
      long symbolTableOffset, int symbolCount, long[] directories, Map<OutputSection, Integer> longNames) {}

  static void write(Bytes buf, Config config, List<OutputSection> sections, Fields f) {
    writeDosStub(buf);
    boolean plus = f.machine.is64Bit();
    long pe = Layout.DOS_STUB_SIZE;
    Le.put32(buf, pe, 0x00004550); // "PE\0\0"
    long coff = pe + 4;
    Le.put16(buf, coff, f.machine.value);
    Le.put16(buf, coff + 2, sections.size());
    Le.put32(buf, coff + 4, f.timestamp);
    Le.put32(buf, coff + 8, f.symbolTableOffset);
    Le.put32(buf, coff + 12, f.symbolCount);
    Le.put16(buf, coff + 16, optionalHeaderSize(f.machine));
    int chars = Coff.FILE_EXECUTABLE_IMAGE;
    if (config.largeAddressAware(f.machine)) chars |= Coff.FILE_LARGE_ADDRESS_AWARE;
    if (!plus) chars |= Coff.FILE_32BIT_MACHINE;
    if (config.dll) chars |= Coff.FILE_DLL;
    if (config.fixed) chars |= Coff.FILE_RELOCS_STRIPPED;
    chars |= config.fileCharacteristics;
    Le.put16(buf, coff + 18, chars);

    long opt = coff + 20;
    long codeSize = 0, initSize = 0, uninitSize = 0, codeBase = 0;
    for (OutputSection s : sections) {
      if ((s.characteristics & Coff.SCN_CNT_CODE) != 0) codeSize += s.rawSize;
      if ((s.characteristics & Coff.SCN_CNT_INITIALIZED_DATA) != 0) initSize += s.rawSize;
      if ((s.characteristics & Coff.SCN_CNT_UNINITIALIZED_DATA) != 0) uninitSize += s.rawSize;
      if (s.name.equals(".text") && codeBase == 0) codeBase = s.rva;
    }
    Le.put16(buf, opt, plus ? 0x20B : 0x10B);
    Le.put8(buf, opt + 2, 14);
    Le.put8(buf, opt + 3, 0);
    Le.put32(buf, opt + 4, codeSize);
    Le.put32(buf, opt + 8, initSize);
    Le.put32(buf, opt + 12, uninitSize);
    Le.put32(buf, opt + 16, f.entryRva);
    Le.put32(buf, opt + 20, codeBase);
    // PE32 has BaseOfData (left 0, as lld-link does) and a 32-bit ImageBase where PE32+ has a 64-bit ImageBase.
    if (plus) Le.put64(buf, opt + 24, f.imageBase);
    else Le.put32(buf, opt + 28, f.imageBase);
    Le.put32(buf, opt + 32, config.sectionAlignment);
    Le.put32(buf, opt + 36, config.fileAlignment);
    Le.put16(buf, opt + 40, config.majorOsVersion);
    Le.put16(buf, opt + 42, config.minorOsVersion);
    Le.put16(buf, opt + 44, config.majorImageVersion);
    Le.put16(buf, opt + 46, config.minorImageVersion);
    boolean efi = f.subsystem >= Coff.SUBSYSTEM_EFI_APPLICATION && f.subsystem <= Coff.SUBSYSTEM_EFI_ROM;
    Le.put16(buf, opt + 48, config.majorSubsystemVersion >= 0 ? config.majorSubsystemVersion : efi ? 1 : 6);
    Le.put16(buf, opt + 50, config.minorSubsystemVersion >= 0 ? config.minorSubsystemVersion : 0);
    Le.put32(buf, opt + 56, f.layout.sizeOfImage);
    Le.put32(buf, opt + 60, f.layout.sizeOfHeaders);
    Le.put16(buf, opt + 68, f.subsystem);
    int dllChars = 0;
    if (!config.fixed && config.dynamicBase) dllChars |= Coff.DLLCHAR_DYNAMIC_BASE;
    if (!config.fixed && config.dynamicBase && config.highEntropyVa(f.machine)) dllChars |= Coff.DLLCHAR_HIGH_ENTROPY_VA;
    if (config.nxCompat) dllChars |= Coff.DLLCHAR_NX_COMPAT;
    if (f.noSeh) dllChars |= Coff.DLLCHAR_NO_SEH;
    if (!config.dll && config.terminalServerAware) dllChars |= Coff.DLLCHAR_TERMINAL_SERVER_AWARE;
    Le.put16(buf, opt + 70, dllChars | config.dllCharacteristics);
    long sizes = opt + 72;
    long[] reserveCommit = {config.stackReserve, config.stackCommit, config.heapReserve, config.heapCommit};
    int width = plus ? 8 : 4;
    for (int i = 0; i < 4; i++) {
      if (plus) Le.put64(buf, sizes + (long) width * i, reserveCommit[i]);
      else Le.put32(buf, sizes + (long) width * i, reserveCommit[i]);
    }
    long numDirs = sizes + 4L * width + 4;
    Le.put32(buf, numDirs, Coff.NUM_DIRECTORIES);
    long dd = numDirs + 4;
    for (int i = 0; i < Coff.NUM_DIRECTORIES; i++) {
      Le.put32(buf, dd + 8L * i, f.directories[2 * i]);
      Le.put32(buf, dd + 8L * i + 4, f.directories[2 * i + 1]);
    }

    long sh = opt + optionalHeaderSize(f.machine);
    for (OutputSection s : sections) {
      Integer strOff = f.longNames.get(s);
      byte[] nm = (strOff != null ? "/" + strOff : s.name).getBytes(StandardCharsets.UTF_8);
      Bytes.copy(Bytes.of(nm), 0, buf, sh, Math.min(8, nm.length));
      Le.put32(buf, sh + 8, s.virtualSize);
      Le.put32(buf, sh + 12, s.rva);
      Le.put32(buf, sh + 16, s.rawSize);
      Le.put32(buf, sh + 20, s.fileOffset);
      Le.put32(buf, sh + 36, s.characteristics);
      sh += Layout.SECTION_HEADER_SIZE;
    }
  }

  /** DOS header and stub (the conventional "cannot be run in DOS mode" program). */
  private static void writeDosStub(Bytes buf) {
    Le.put16(buf, 0, 0x5A4D);
    Le.put16(buf, 2, Layout.DOS_STUB_SIZE);
    Le.put16(buf, 4, 1);
    Le.put16(buf, 8, 4);
    Le.put16(buf, 0x18, 0x40);
    Le.put32(buf, 0x3C, Layout.DOS_STUB_SIZE);
    byte[] prog = {0x0E, 0x1F, (byte) 0xBA, 0x0E, 0x00, (byte) 0xB4, 0x09, (byte) 0xCD, 0x21, (byte) 0xB8, 0x01, 0x4C,
        (byte) 0xCD, 0x21};
    Bytes.copy(Bytes.of(prog), 0, buf, 0x40, prog.length);
    byte[] msg = "This program cannot be run in DOS mode.$".getBytes(StandardCharsets.US_ASCII);
    Bytes.copy(Bytes.of(msg), 0, buf, 0x40 + prog.length, msg.length);
  }

  /** The PE checksum (-RELEASE): 16-bit one's-complement sum of the whole file plus its length. */
  static void writeChecksum(Bytes buf, byte[] tail) {
    long size = buf.byteSize();
    // The 16-bit words are summed per 1 MiB block in parallel (a long cannot overflow within a block), then
    // folded with end-around carry: the same result as folding after every word. The symbol table follows at
    // an even (file-aligned) offset.
    int imageBlocks = (int) ((size + CHECKSUM_BLOCK - 1) / CHECKSUM_BLOCK);
    int blocks = imageBlocks + (tail.length + CHECKSUM_BLOCK - 1) / CHECKSUM_BLOCK;
    long[] sums = new long[blocks];
    Parallel.forEach(blocks, b -> {
      long s = 0;
      if (b < imageBlocks) {
        long start = (long) b * CHECKSUM_BLOCK, end = Math.min(size & ~1L, start + CHECKSUM_BLOCK);
        for (long i = start; i < end; i += 2) s += Le.u16(buf, i);
      } else {
        int start = (b - imageBlocks) * CHECKSUM_BLOCK, end = Math.min(tail.length, start + CHECKSUM_BLOCK);
        for (int i = start; i < end; i += 2) s += (tail[i] & 0xFF) | (i + 1 < tail.length ? (tail[i + 1] & 0xFF) << 8 : 0);
      }
      sums[b] = s;
    });
    long sum = 0;
    for (long s : sums) sum += s;
    sum -= Le.u16(buf, CHECKSUM_OFFSET) + Le.u16(buf, CHECKSUM_OFFSET + 2); // the field itself does not count
    while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >>> 16);
    Le.put32(buf, CHECKSUM_OFFSET, sum + size + tail.length);
  }

  private static final int CHECKSUM_BLOCK = 1 << 20;
}
