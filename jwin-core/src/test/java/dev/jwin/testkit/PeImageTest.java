package dev.jwin.testkit;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kit's PE reader on a small image assembled by hand. */
class PeImageTest {
  /**
   * Headers in the first 0x200 bytes; one section .idata at RVA 0x1000 (file 0x200, 0x200 bytes)
   * holding an import table for K.dll (f by name with hint 5, ordinal 9) and a base relocation block.
   */
  static byte[] tinyImage() {
    byte[] b = new byte[0x400];
    b[0] = 'M';
    b[1] = 'Z';
    Bytes.putU32(b, 0x3c, 0x40);
    Bytes.putU32(b, 0x40, 0x4550);
    int c = 0x44;
    Bytes.putU16(b, c, IMAGE_FILE_MACHINE_AMD64);
    Bytes.putU16(b, c + 2, 1);
    Bytes.putU16(b, c + 16, 240);
    Bytes.putU16(b, c + 18, IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_LARGE_ADDRESS_AWARE);
    int o = c + 20;
    Bytes.putU16(b, o, PE32PLUS_MAGIC);
    Bytes.putU32(b, o + 16, 0x1000);
    Bytes.putU64(b, o + 24, 0x140000000L);
    Bytes.putU32(b, o + 32, 0x1000);
    Bytes.putU32(b, o + 36, 0x200);
    Bytes.putU32(b, o + 56, 0x2000);
    Bytes.putU32(b, o + 60, 0x200);
    Bytes.putU16(b, o + 68, IMAGE_SUBSYSTEM_WINDOWS_CUI);
    Bytes.putU32(b, o + 108, 16);
    Bytes.putU32(b, o + 112 + 8 * DIR_IMPORT, 0x1000);
    Bytes.putU32(b, o + 112 + 8 * DIR_IMPORT + 4, 40);
    Bytes.putU32(b, o + 112 + 8 * DIR_BASERELOC, 0x1100);
    Bytes.putU32(b, o + 112 + 8 * DIR_BASERELOC + 4, 12);
    int s = o + 240;
    System.arraycopy(Bytes.ascii(".idata"), 0, b, s, 6);
    Bytes.putU32(b, s + 8, 0x110c);
    Bytes.putU32(b, s + 12, 0x1000);
    Bytes.putU32(b, s + 16, 0x200);
    Bytes.putU32(b, s + 20, 0x200);
    Bytes.putU32(b, s + 36, RDATA);
    int d = 0x200; // RVA 0x1000
    Bytes.putU32(b, d, 0x1040); // ILT
    Bytes.putU32(b, d + 12, 0x1080); // name
    Bytes.putU32(b, d + 16, 0x1060); // IAT
    for (int table : new int[] {0x240, 0x260}) {
      Bytes.putU64(b, table, 0x1090);
      Bytes.putU64(b, table + 8, 0x8000000000000009L);
    }
    System.arraycopy(Bytes.ascii("K.dll"), 0, b, 0x280, 5);
    Bytes.putU16(b, 0x290, 5);
    b[0x292] = 'f';
    Bytes.putU32(b, 0x300, 0x1000); // base relocation block for page 0x1000
    Bytes.putU32(b, 0x304, 12);
    Bytes.putU16(b, 0x308, IMAGE_REL_BASED_DIR64 << 12 | 0x60);
    Bytes.putU16(b, 0x30a, 0);
    return b;
  }

  @Test
  void readsHeadersAndSections() {
    PeImage img = PeImage.parse(tinyImage());
    assertThat(img.machine).isEqualTo(IMAGE_FILE_MACHINE_AMD64);
    assertThat(img.isPe32Plus()).isTrue();
    assertThat(img.imageBase).isEqualTo(0x140000000L);
    assertThat(img.addressOfEntryPoint).isEqualTo(0x1000);
    assertThat(img.sections).hasSize(1);
    assertThat(img.section(".idata").virtualSize()).isEqualTo(0x110c);
    assertThat(img.sectionAt(0x1100).name()).isEqualTo(".idata");
    assertThat(img.cstringAt(0x1080)).isEqualTo("K.dll");
    assertThat(img.u64At(0x1048)).isEqualTo(0x8000000000000009L);
  }

  @Test
  void readsImportsAndBaseRelocations() {
    PeImage img = PeImage.parse(tinyImage());
    assertThat(img.imports()).containsExactly(new PeImage.ImportedDll("K.dll", 0x1040, 0x1060, java.util.List.of(
        new PeImage.ImportedSymbol("f", 5, -1, 0x1060), new PeImage.ImportedSymbol(null, 0, 9, 0x1068))));
    assertThat(img.baseRelocs()).containsExactly(new PeImage.BaseReloc(IMAGE_REL_BASED_DIR64, 0x1060));
  }

  @Test
  void dumpIsAStableSummary() {
    String dump = PeImage.parse(tinyImage()).dump();
    assertThat(dump.lines()).contains(
        "machine 0x8664",
        "imagebase 0x140000000",
        "dir IMPORT rva=0x1000 size=0x28",
        "section .idata va=0x1000 vsize=0x110c rawsize=0x200 rawptr=0x200 chars=0x40000040",
        "import K.dll ilt=0x1040 iat=0x1060",
        "  f hint=5 slot=0x1060",
        "  #9 slot=0x1068",
        "basereloc DIR64 0x1060");
  }
}
