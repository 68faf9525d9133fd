package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.PeImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each AMD64 relocation type (PE/COFF spec 5.2.1). The entry function {@code start} sits at offset
 * 0 of a .text section whose bytes from offset 16 on are relocation slots, so a slot's RVA is
 * entry + offset. {@code target} is defined 8 bytes into b.obj's .data, right in front of the
 * marker "TARGET!!". COFF addends are implicit: the linker adds to what the slot already holds.
 */
class RelocationTest {
  @TempDir Path dir;

  static final byte[] MARKER = Bytes.ascii("TARGET!!");
  static final int SLOT = 16;

  /** a.obj: start + relocation slots pre-filled with {@code addend} (32-bit slots use the low half). */
  private static ObjectBuilder withSlot(int type, long addend) {
    ObjectBuilder a = new ObjectBuilder();
    byte[] code = new byte[48];
    code[0] = (byte) 0xc3;
    Bytes.putU64(code, SLOT, addend);
    var text = a.text().data(code);
    a.function("start", text, 0);
    text.reloc(SLOT, type, "target");
    // A second slot resolves the target's RVA independently.
    text.reloc(SLOT + 16, IMAGE_REL_AMD64_ADDR32NB, "target");
    return a;
  }

  private static ObjectBuilder targetObject() {
    ObjectBuilder b = new ObjectBuilder();
    var data = b.data().data(Bytes.concat(Bytes.filled(8, 0x11), MARKER, Bytes.zeros(8)));
    b.global("target", data, 8);
    return b;
  }

  private PeImage link(ObjectBuilder a, String... args) {
    return Link.in(dir).input("a.obj", a).input("b.obj", targetObject()).args(args).run().image();
  }

  private static long slot(PeImage img) {
    return Integer.toUnsignedLong(img.addressOfEntryPoint) + SLOT;
  }

  private static long targetRva(PeImage img) {
    return img.u32At(slot(img) + 16);
  }

  @Test
  void addr32nbIsTheTargetRva() {
    PeImage img = link(withSlot(IMAGE_REL_AMD64_ADDR32NB, 0));
    long rva = img.u32At(slot(img));
    assertThat(img.bytesAt(rva, 8)).isEqualTo(MARKER);
    assertThat(img.baseRelocTypesAt(slot(img))).isEmpty();
  }

  @Test
  void addr32nbAddsTheStoredAddend() {
    PeImage img = link(withSlot(IMAGE_REL_AMD64_ADDR32NB, 0x20));
    assertThat(img.u32At(slot(img))).isEqualTo(targetRva(img) + 0x20);
  }

  @Test
  void addr64IsTheTargetVaWithDir64BaseRelocation() {
    PeImage img = link(withSlot(IMAGE_REL_AMD64_ADDR64, 0));
    assertThat(img.bytesAt(targetRva(img), 8)).isEqualTo(MARKER);
    assertThat(img.u64At(slot(img))).isEqualTo(0x140000000L + targetRva(img));
    assertThat(img.baseRelocTypesAt(slot(img))).containsExactly(IMAGE_REL_BASED_DIR64);
  }

  @Test
  void addr64AddsTheStoredAddend() {
    PeImage img = link(withSlot(IMAGE_REL_AMD64_ADDR64, 0x1_0000_0004L));
    assertThat(img.u64At(slot(img))).isEqualTo(0x140000000L + targetRva(img) + 0x1_0000_0004L);
  }

  @Test
  void addr32IsTheTargetVaWithHighlowBaseRelocation() {
    // The VA must fit in 32 bits, so link below 4 GiB.
    PeImage img = link(withSlot(IMAGE_REL_AMD64_ADDR32, 4), "-base:0x10000000");
    assertThat(img.imageBase).isEqualTo(0x10000000L);
    assertThat(img.u32At(slot(img))).isEqualTo(0x10000000L + targetRva(img) + 4);
    assertThat(img.baseRelocTypesAt(slot(img))).containsExactly(IMAGE_REL_BASED_HIGHLOW);
  }

  @ParameterizedTest(name = "REL32_{0}")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5})
  void rel32IsTargetMinusEndOfFieldMinusK(int k) {
    int addend = -0x10;
    PeImage img = link(withSlot(IMAGE_REL_AMD64_REL32 + k, addend));
    long p = slot(img);
    assertThat(img.i32At(p)).isEqualTo((int) (targetRva(img) + addend - (p + 4 + k)));
    assertThat(img.baseRelocTypesAt(p)).isEmpty();
  }

  @Test
  void rel32ToTheEntryItself() {
    // start is both the place's section and the target: S - (P + 4) = -(16 + 4) with P = S + 16.
    ObjectBuilder a = new ObjectBuilder();
    var text = a.text().data(Bytes.concat(Bytes.hex("c3"), Bytes.zeros(31)));
    a.function("start", text, 0);
    text.reloc(SLOT, IMAGE_REL_AMD64_REL32, "start");
    PeImage img = Link.in(dir).input("a.obj", a).run().image();
    assertThat(img.i32At(slot(img))).isEqualTo(-(SLOT + 4));
  }

  @Test
  void sectionIsTheOneBasedOutputSectionIndex() {
    PeImage img = link(withSlot(IMAGE_REL_AMD64_SECTION, 0));
    PeImage.SectionHeader targetSection = img.sectionAt(targetRva(img));
    assertThat(img.u16At(slot(img))).isEqualTo(img.sections.indexOf(targetSection) + 1);
    assertThat(targetSection.has(IMAGE_SCN_MEM_WRITE)).isTrue();
  }

  @Test
  void secrelIsTheOffsetFromTheOutputSectionStart() {
    PeImage img = link(withSlot(IMAGE_REL_AMD64_SECREL, 3));
    long sectionStart = Integer.toUnsignedLong(img.sectionAt(targetRva(img)).virtualAddress());
    assertThat(img.u32At(slot(img))).isEqualTo(targetRva(img) - sectionStart + 3);
  }

  @Test
  void secrel7IsASevenBitOffsetFromTheOutputSectionStart() {
    PeImage img = link(withSlot(IMAGE_REL_AMD64_SECREL7, 0));
    long sectionStart = Integer.toUnsignedLong(img.sectionAt(targetRva(img)).virtualAddress());
    long expected = targetRva(img) - sectionStart;
    assertThat(expected).isLessThan(128);
    assertThat(img.u8At(slot(img)) & 0x7f).isEqualTo((int) expected);
  }

  @Test
  void relocationAgainstASectionSymbolUsesTheSectionStart() {
    ObjectBuilder a = new ObjectBuilder();
    var text = a.text().data(Bytes.concat(Bytes.hex("c3"), Bytes.zeros(31)));
    a.function("start", text, 0);
    var data = a.data().data(Bytes.concat(MARKER, Bytes.zeros(8)));
    // Addend 0 in the slot -> the .data contribution's first byte.
    text.relocToSection(SLOT, IMAGE_REL_AMD64_ADDR32NB, data);
    PeImage img = Link.in(dir).input("a.obj", a).run().image();
    assertThat(img.bytesAt(img.u32At(slot(img)), 8)).isEqualTo(MARKER);
  }

  @Test
  void relocationAgainstAStaticSymbol() {
    ObjectBuilder a = new ObjectBuilder();
    var text = a.text().data(Bytes.concat(Bytes.hex("c3"), Bytes.zeros(31)));
    a.function("start", text, 0);
    var data = a.data().data(Bytes.concat(Bytes.zeros(4), MARKER));
    a.local("marker", data, 4);
    text.reloc(SLOT, IMAGE_REL_AMD64_ADDR32NB, "marker");
    PeImage img = Link.in(dir).input("a.obj", a).run().image();
    assertThat(img.bytesAt(img.u32At(slot(img)), 8)).isEqualTo(MARKER);
  }

  /**
   * Sections are relocated in parallel, but their errors come out in input order (objects as named, each one's
   * relocations in order), whatever the thread count.
   */
  @Test
  void relocationErrorsAreReportedInInputOrder() {
    for (String threads : new String[] {"/threads:1", "/threads:8", "/threads:8"}) {
      Link link = Link.in(dir);
      for (int i = 0; i < 40; i++) {
        ObjectBuilder o = new ObjectBuilder();
        var text = o.text().data(Bytes.concat(Bytes.hex("c3"), Bytes.zeros(31 + 4096 * (i % 3))));
        o.function(i == 0 ? "start" : "f" + i, text, 0);
        text.reloc(4, 0x10 /* SSPAN32 */, i == 0 ? "start" : "f" + i);
        text.reloc(12, 0x0F /* PAIR */, i == 0 ? "start" : "f" + i);
        link.input("o" + i + ".obj", o);
      }
      Link.Result r = link.args("/errorlimit:0", threads).out("bad.exe").run();
      assertThat(r.exitCode()).as(threads).isEqualTo(1);
      java.util.List<String> expected = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) {
        expected.add("o" + i + ".obj 0x10 offset 0x4");
        expected.add("o" + i + ".obj 0xf offset 0xc");
      }
      assertThat(r.errors()).as(threads).extracting(e -> e.replaceAll(".*?(o\\d+\\.obj).*type (0x\\w+).*(offset 0x\\w+).*", "$1 $2 $3"))
          .containsExactlyElementsOf(expected);
    }
  }
}
