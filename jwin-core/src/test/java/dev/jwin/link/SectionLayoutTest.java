package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.PeImage;
import dev.jwin.testkit.Probe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How input sections become output sections (spec 3.2 grouped sections, alignment, discarding). */
class SectionLayoutTest {
  @TempDir Path dir;

  private static void piece(ObjectBuilder o, String section, String symbol) {
    var s = o.section(section, RDATA | alignFlag(8)).data(Bytes.ascii(String.format("%-8.8s", symbol)));
    o.global(symbol, s, 0);
  }

  @Test
  void groupedSectionsAreSortedByTheirFullName() {
    ObjectBuilder a = new ObjectBuilder();
    piece(a, ".CRT$XCZ", "xcz");
    piece(a, ".CRT$XCU", "xcu_a");
    ObjectBuilder b = new ObjectBuilder();
    piece(b, ".CRT$XCU", "xcu_b");
    piece(b, ".CRT$XCA", "xca");
    PeImage img = Link.in(dir).input("p.obj", Probe.object("xca", "xcu_a", "xcu_b", "xcz")).input("a.obj", a)
        .input("b.obj", b).run().image();
    long xca = Probe.rva(img, 0);
    // Same-named pieces keep command-line order; groups are contiguous here (all 8 bytes, 8-aligned).
    assertThat(Probe.rva(img, 1)).isEqualTo(xca + 8);
    assertThat(Probe.rva(img, 2)).isEqualTo(xca + 16);
    assertThat(Probe.rva(img, 3)).isEqualTo(xca + 24);
    // .CRT is merged into .rdata only with -lldmingw.
    assertThat(img.sectionAt(xca).name()).isEqualTo(".CRT");
  }

  @Test
  void crtIsMergedIntoRdataWithLldmingw() {
    ObjectBuilder a = new ObjectBuilder();
    piece(a, ".CRT$XCU", "xcu");
    PeImage img = Link.in(dir).input("p.obj", Probe.object("xcu")).input("a.obj", a).args("-lldmingw").run().image();
    assertThat(img.sectionAt(Probe.rva(img, 0)).name()).isEqualTo(".rdata");
  }

  @Test
  void dollarSuffixIsDroppedFromTheOutputSectionName() {
    ObjectBuilder a = new ObjectBuilder();
    var t = a.section(".text$mn", TEXT | alignFlag(16)).data("c3");
    a.function("start", t, 0);
    PeImage img = Link.in(dir).input("a.obj", a).run().image();
    assertThat(img.sectionAt(img.addressOfEntryPoint).name()).isEqualTo(".text");
    assertThat(img.findSection(".text$mn")).isEmpty();
  }

  @Test
  void sectionWithoutSuffixComesBeforeItsSuffixedGroupMembers() {
    ObjectBuilder a = new ObjectBuilder();
    piece(a, ".rdata$b", "rb");
    piece(a, ".rdata", "r");
    piece(a, ".rdata$a", "ra");
    PeImage img = Link.in(dir).input("p.obj", Probe.object("r", "ra", "rb")).input("a.obj", a).run().image();
    assertThat(Probe.rva(img, 0)).isLessThan(Probe.rva(img, 1));
    assertThat(Probe.rva(img, 1)).isLessThan(Probe.rva(img, 2));
  }

  @Test
  void sameNamedSectionsAreConcatenatedInCommandLineOrder() {
    PeImage img = Link.in(dir).input("p.obj", Probe.object("first", "second"))
        .input("b.obj", Probe.marked("first", "FIRST___")).input("c.obj", Probe.marked("second", "SECOND__"))
        .run().image();
    assertThat(img.sectionAt(Probe.rva(img, 0)).name()).isEqualTo(".data");
    assertThat(Probe.rva(img, 1)).isEqualTo(Probe.rva(img, 0) + 8);
  }

  @Test
  void inputSectionAlignmentIsHonoured() {
    ObjectBuilder a = new ObjectBuilder();
    a.data().align(1).data("01");
    var aligned = a.data().align(256).data("02");
    a.global("aligned", aligned, 0);
    PeImage img = Link.in(dir).input("p.obj", Probe.object("aligned")).input("a.obj", a).run().image();
    assertThat(Probe.rva(img, 0) % 256).isZero();
    assertThat(img.u8At(Probe.rva(img, 0))).isEqualTo(2);
  }

  @Test
  void codeAndDataGoToSectionsWithTheirPermissions() {
    PeImage img = Link.in(dir).input("p.obj", Probe.object("d")).input("b.obj", Probe.marked("d", "DATA____"))
        .run().image();
    PeImage.SectionHeader text = img.sectionAt(img.addressOfEntryPoint);
    assertThat(text.name()).isEqualTo(".text");
    assertThat(text.characteristics()).isEqualTo(IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ);
    PeImage.SectionHeader data = img.sectionAt(Probe.rva(img, 0));
    assertThat(data.name()).isEqualTo(".data");
    assertThat(data.characteristics())
        .isEqualTo(IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE);
  }

  @Test
  void drectveAndOtherRemovableSectionsAreNotInTheImage() {
    ObjectBuilder a = Probe.object();
    a.drectve("-include:start ");
    a.section(".info", IMAGE_SCN_LNK_INFO | IMAGE_SCN_LNK_REMOVE | alignFlag(1)).data(Bytes.ascii("REMOVED_"));
    PeImage img = Link.in(dir).input("a.obj", a).run().image();
    assertThat(img.fileContains("REMOVED_")).isFalse();
    assertThat(img.fileContains("-include:start")).isFalse();
    assertThat(img.sections).extracting(PeImage.SectionHeader::name).doesNotContain(".drectve", ".info");
  }

  @Test
  void uninitializedDataTakesNoFileSpace() {
    ObjectBuilder a = new ObjectBuilder();
    var bss = a.bss(1 << 20);
    a.global("buf", bss, 0);
    PeImage img = Link.in(dir).input("p.obj", Probe.object("buf")).input("a.obj", a).run().image();
    long rva = Probe.rva(img, 0);
    PeImage.SectionHeader sec = img.sectionAt(rva);
    assertThat(Integer.toUnsignedLong(sec.virtualAddress()) + sec.virtualSize()).isGreaterThanOrEqualTo(rva + (1 << 20));
    assertThat(img.fileSize()).isLessThan(1 << 16);
  }

  @Test
  void sectionsAreLaidOutAtAlignedAddressesAndOffsets() {
    PeImage img = Link.in(dir).input("p.obj", Probe.object("d")).input("b.obj", Probe.marked("d", "DATA____"))
        .run().image();
    long next = 0x1000;
    for (PeImage.SectionHeader s : img.sections) {
      assertThat(Integer.toUnsignedLong(s.virtualAddress())).as(s.name()).isEqualTo(next);
      next += (Integer.toUnsignedLong(s.virtualSize()) + 0xfff) & ~0xfffL;
      assertThat(s.pointerToRawData() % 0x200).as(s.name()).isZero();
      assertThat(s.sizeOfRawData() % 0x200).as(s.name()).isZero();
    }
    assertThat(Integer.toUnsignedLong(img.sizeOfImage)).isEqualTo(next);
  }

  /**
   * The base relocations' section is what takes this image past 4 GiB, after the COFF symbol table's thread has
   * started (it starts once every chunk has its place): the link fails, and the thread does not wait on for addresses
   * that will never come.
   */
  @Test
  void anImagePushedPast4GiBByItsBaseRelocationsFailsAndLeavesNoThreadBehind() throws InterruptedException {
    ObjectBuilder a = new ObjectBuilder();
    var t = a.text().data("c3");
    a.function("start", t, 0);
    var d = a.data().data(Bytes.zeros(8));
    d.reloc(0, IMAGE_REL_AMD64_ADDR64, "start");
    // Headers, .text and .data take a page each: with .bss the image is 0xFFFFF000 bytes, the most that fits.
    a.bss(0x7FFFE000);
    a.bss(0x7FFFE000);
    Link.Result r = Link.in(dir).input("a.obj", a).run();
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.errors()).as(r.err()).containsExactly("jwin: error: image larger than 4 GiB");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (symbolTableThreadAlive() && System.nanoTime() < deadline) Thread.sleep(10);
    assertThat(symbolTableThreadAlive()).as("a jwin-symtab thread still alive").isFalse();
  }

  private static boolean symbolTableThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(th -> th.getName().equals("jwin-symtab") && th.isAlive());
  }
}
