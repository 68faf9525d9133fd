package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.PeImage;
import dev.jwin.testkit.Probe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Common symbols: external, section 0, value = size (spec 5.4.2). */
class CommonSymbolTest {
  @TempDir Path dir;

  private static ObjectBuilder commons(String name, int size, Object... more) {
    ObjectBuilder o = new ObjectBuilder();
    o.common(name, size);
    for (int i = 0; i < more.length; i += 2) {
      o.common((String) more[i], (Integer) more[i + 1]);
    }
    return o;
  }

  @Test
  void largestCommonSizeWins() {
    // c is 8 bytes in a.obj and 64 in b.obj; d must not overlap the 64 bytes of c.
    PeImage img = Link.in(dir).input("p.obj", Probe.object("c", "d")).input("a.obj", commons("c", 8, "d", 16))
        .input("b.obj", commons("c", 64)).run().image();
    long c = Probe.rva(img, 0);
    long d = Probe.rva(img, 1);
    assertThat(d >= c + 64 || d + 16 <= c).as("c=0x%x d=0x%x", c, d).isTrue();
    PeImage.SectionHeader sec = img.sectionAt(c);
    assertThat(c + 64).isLessThanOrEqualTo(Integer.toUnsignedLong(sec.virtualAddress()) + sec.virtualSize());
  }

  @Test
  void commonSymbolsAreZeroFilledWritableDataTakingNoFileSpace() {
    int size = 1 << 20;
    PeImage img = Link.in(dir).input("p.obj", Probe.object("big")).input("a.obj", commons("big", size)).run().image();
    long rva = Probe.rva(img, 0);
    PeImage.SectionHeader sec = img.sectionAt(rva);
    assertThat(sec.has(IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE)).isTrue();
    assertThat(rva + size).isLessThanOrEqualTo(Integer.toUnsignedLong(sec.virtualAddress()) + sec.virtualSize());
    assertThat(img.sizeOfImage).isGreaterThanOrEqualTo(size);
    assertThat(img.fileSize()).isLessThan(size / 8);
    assertThat(img.bytesAt(rva, 16)).containsOnly(0);
  }

  @Test
  void commonSymbolsAreNaturallyAlignedUpTo32() {
    // Natural alignment capped at 32 bytes, like link.exe; sizes chosen so packing would misalign.
    PeImage img = Link.in(dir).input("p.obj", Probe.object("c1", "c4", "c16", "c100"))
        .input("a.obj", commons("c1", 1, "c4", 4, "c16", 16, "c100", 100)).run().image();
    assertThat(Probe.rva(img, 1) % 4).isZero();
    assertThat(Probe.rva(img, 2) % 16).isZero();
    assertThat(Probe.rva(img, 3) % 32).isZero();
  }

  @Test
  void regularDefinitionBeatsCommon() {
    PeImage img = Link.in(dir).input("p.obj", Probe.object("c")).input("a.obj", commons("c", 64))
        .input("b.obj", Probe.marked("c", "DEFINED!")).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("DEFINED!");
  }

  @Test
  void regularDefinitionSeenFirstBeatsCommon() {
    PeImage img = Link.in(dir).input("b.obj", Probe.marked("c", "DEFINED!")).input("p.obj", Probe.object("c"))
        .input("a.obj", commons("c", 64)).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("DEFINED!");
  }
}
