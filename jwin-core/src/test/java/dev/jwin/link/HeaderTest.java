package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.PeImage;
import dev.jwin.testkit.Probe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Header fields of an x64 executable with lld-link's defaults. */
class HeaderTest {
  @TempDir Path dir;

  private PeImage linkMinimal(String... args) {
    return Link.in(dir).input("a.obj", Probe.object()).args(args).run().image();
  }

  @Test
  void dosHeaderPointsAtThePeSignature() {
    PeImage img = linkMinimal();
    byte[] b = img.fileBytes();
    assertThat(new String(b, 0, 2, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("MZ");
    int peOffset = Bytes.i32(b, 0x3c);
    assertThat(Bytes.u32(b, peOffset)).isEqualTo(0x4550);
  }

  @Test
  void x64Defaults() {
    PeImage img = linkMinimal();
    assertThat(img.machine).isEqualTo(IMAGE_FILE_MACHINE_AMD64);
    assertThat(img.magic).isEqualTo(PE32PLUS_MAGIC);
    assertThat(img.sizeOfOptionalHeader).isEqualTo(240);
    assertThat(img.imageBase).isEqualTo(0x140000000L);
    assertThat(img.sectionAlignment).isEqualTo(0x1000);
    assertThat(img.fileAlignment).isEqualTo(0x200);
    assertThat(img.dataDirectories).hasSize(16);
    assertThat(img.characteristics & (IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_LARGE_ADDRESS_AWARE))
        .isEqualTo(IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_LARGE_ADDRESS_AWARE);
    assertThat(img.characteristics & IMAGE_FILE_DLL).isZero();
  }

  @Test
  void dllCharacteristicsDefaultToAslrAndNx() {
    PeImage img = linkMinimal();
    assertThat(img.dllCharacteristics).isEqualTo(IMAGE_DLLCHARACTERISTICS_HIGH_ENTROPY_VA
        | IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE | IMAGE_DLLCHARACTERISTICS_NX_COMPAT
        | IMAGE_DLLCHARACTERISTICS_TERMINAL_SERVER_AWARE);
  }

  @Test
  void stackAndHeapDefaults() {
    PeImage img = linkMinimal();
    assertThat(img.sizeOfStackReserve).isEqualTo(0x100000);
    assertThat(img.sizeOfStackCommit).isEqualTo(0x1000);
    assertThat(img.sizeOfHeapReserve).isEqualTo(0x100000);
    assertThat(img.sizeOfHeapCommit).isEqualTo(0x1000);
  }

  @Test
  void consoleSubsystem() {
    PeImage img = linkMinimal();
    assertThat(img.subsystem).isEqualTo(IMAGE_SUBSYSTEM_WINDOWS_CUI);
    assertThat(img.majorSubsystemVersion).isEqualTo(6);
  }

  @Test
  void windowsSubsystem() {
    PeImage img = Link.in(dir).input("a.obj", Probe.object()).subsystem("windows").run().image();
    assertThat(img.subsystem).isEqualTo(IMAGE_SUBSYSTEM_WINDOWS_GUI);
  }

  @Test
  void machineOptionIsAccepted() {
    PeImage img = linkMinimal("-machine:x64");
    assertThat(img.machine).isEqualTo(IMAGE_FILE_MACHINE_AMD64);
  }

  @Test
  void baseOptionSetsTheImageBase() {
    PeImage img = linkMinimal("-base:0x150000000");
    assertThat(img.imageBase).isEqualTo(0x150000000L);
  }

  @Test
  void headersAreFileAligned() {
    PeImage img = linkMinimal();
    assertThat(img.sizeOfHeaders % img.fileAlignment).isZero();
    assertThat(img.sections.get(0).pointerToRawData()).isGreaterThanOrEqualTo(img.sizeOfHeaders);
  }

  @Test
  void sizeOfCodeCoversTheTextSection() {
    PeImage img = linkMinimal();
    assertThat(img.sizeOfCode).isEqualTo(img.section(".text").sizeOfRawData());
    assertThat(img.baseOfCode).isEqualTo(img.section(".text").virtualAddress());
  }

  @Test
  void imageAndOsVersionsFromTheCommandLine() {
    byte[] b = linkMinimal("-version:3.7", "-osversion:10.2").fileBytes();
    int opt = Bytes.i32(b, 0x3c) + 24;
    assertThat(Bytes.u16(b, opt + 40)).isEqualTo(10);
    assertThat(Bytes.u16(b, opt + 42)).isEqualTo(2);
    assertThat(Bytes.u16(b, opt + 44)).isEqualTo(3);
    assertThat(Bytes.u16(b, opt + 46)).isEqualTo(7);
  }

  @Test
  void releaseWritesTheChecksumOfTheWholeFile() {
    byte[] b = linkMinimal("-release").fileBytes();
    int field = Bytes.i32(b, 0x3c) + 24 + 64;
    long sum = 0;
    for (int i = 0; i + 1 < b.length; i += 2) {
      if (i == field || i == field + 2) continue;
      sum += Bytes.u16(b, i);
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    assertThat(Bytes.u32(b, field)).isEqualTo((sum & 0xffff) + b.length);
  }
}
