package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.PeImage;
import dev.jwin.testkit.Probe;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COMDAT selection (spec 5.5.6): which copy of a COMDAT section survives, and when copies clash. */
class ComdatTest {
  @TempDir Path dir;

  /** Object with COMDAT section .rdata$foo, leader foo, holding {@code contents}. */
  private static ObjectBuilder comdat(int selection, String contents) {
    ObjectBuilder o = new ObjectBuilder();
    var sec = o.section(".rdata$foo", RDATA | alignFlag(8)).comdat(selection).data(Bytes.ascii(contents));
    o.global("foo", sec, 0);
    return o;
  }

  private Link.Result link(ObjectBuilder a, ObjectBuilder b) {
    return Link.in(dir).input("p.obj", Probe.object("foo")).input("a.obj", a).input("b.obj", b).run();
  }

  @Test
  void anyKeepsTheFirstCopyAndDropsTheOthers() {
    PeImage img = link(comdat(IMAGE_COMDAT_SELECT_ANY, "COPY_A__"), comdat(IMAGE_COMDAT_SELECT_ANY, "COPY_B__"))
        .image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("COPY_A__");
    assertThat(img.fileContains("COPY_B__")).isFalse();
  }

  @Test
  void anyAllowsCopiesOfDifferentSizes() {
    PeImage img = link(comdat(IMAGE_COMDAT_SELECT_ANY, "COPY_A__"),
        comdat(IMAGE_COMDAT_SELECT_ANY, "COPY_B__LONGER__")).image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("COPY_A__");
  }

  @Test
  void noDuplicatesRejectsASecondCopy() {
    var r = link(comdat(IMAGE_COMDAT_SELECT_NODUPLICATES, "COPY_A__"),
        comdat(IMAGE_COMDAT_SELECT_NODUPLICATES, "COPY_A__"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).anySatisfy(l -> assertThat(l).contains("duplicate symbol: foo"));
  }

  @Test
  void noDuplicatesWithASingleCopyLinks() {
    PeImage img = Link.in(dir).input("p.obj", Probe.object("foo"))
        .input("a.obj", comdat(IMAGE_COMDAT_SELECT_NODUPLICATES, "COPY_A__")).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("COPY_A__");
  }

  @Test
  void sameSizeAcceptsCopiesOfEqualSize() {
    PeImage img = link(comdat(IMAGE_COMDAT_SELECT_SAME_SIZE, "COPY_A__"),
        comdat(IMAGE_COMDAT_SELECT_SAME_SIZE, "COPY_B__")).image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("COPY_A__");
    assertThat(img.fileContains("COPY_B__")).isFalse();
  }

  @Test
  void sameSizeRejectsCopiesOfDifferentSize() {
    var r = link(comdat(IMAGE_COMDAT_SELECT_SAME_SIZE, "COPY_A__"),
        comdat(IMAGE_COMDAT_SELECT_SAME_SIZE, "COPY_B__LONGER__"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).anySatisfy(l -> assertThat(l).contains("duplicate symbol: foo"));
  }

  @Test
  void exactMatchAcceptsIdenticalCopies() {
    PeImage img = link(comdat(IMAGE_COMDAT_SELECT_EXACT_MATCH, "SAME____"),
        comdat(IMAGE_COMDAT_SELECT_EXACT_MATCH, "SAME____")).image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("SAME____");
  }

  @Test
  void exactMatchRejectsDifferentContents() {
    var r = link(comdat(IMAGE_COMDAT_SELECT_EXACT_MATCH, "COPY_A__"),
        comdat(IMAGE_COMDAT_SELECT_EXACT_MATCH, "COPY_B__"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).anySatisfy(l -> assertThat(l).contains("duplicate symbol: foo"));
  }

  @Test
  void largestKeepsTheLargerCopy() {
    PeImage img = link(comdat(IMAGE_COMDAT_SELECT_LARGEST, "SMALL___"),
        comdat(IMAGE_COMDAT_SELECT_LARGEST, "LARGE___LARGE___")).image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("LARGE___");
    assertThat(img.fileContains("SMALL___")).isFalse();
  }

  @Test
  void largestKeepsTheLargerCopyWhenItComesFirst() {
    PeImage img = link(comdat(IMAGE_COMDAT_SELECT_LARGEST, "LARGE___LARGE___"),
        comdat(IMAGE_COMDAT_SELECT_LARGEST, "SMALL___")).image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("LARGE___");
    assertThat(img.fileContains("SMALL___")).isFalse();
  }

  /** COMDAT foo (ANY) plus an associative section holding {@code childMarker}. */
  private static ObjectBuilder withChild(String marker, String childMarker) {
    ObjectBuilder o = comdat(IMAGE_COMDAT_SELECT_ANY, marker);
    o.section(".rdata$child", RDATA | alignFlag(8)).associative(o.sections().get(0)).data(Bytes.ascii(childMarker));
    return o;
  }

  @Test
  void associativeSectionIsDroppedWithItsParent() {
    PeImage img = link(withChild("COPY_A__", "CHILD_A_"), withChild("COPY_B__", "CHILD_B_")).image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("COPY_A__");
    assertThat(img.fileContains("CHILD_A_")).isTrue();
    assertThat(img.fileContains("CHILD_B_")).isFalse();
  }

  @Test
  void comdatFunctionIsReachableFromItsOwnObject() {
    ObjectBuilder a = Probe.object("foo");
    var sec = a.section(".text$foo", TEXT | alignFlag(16)).comdat(IMAGE_COMDAT_SELECT_ANY).data("c3cccccc");
    a.function("foo", sec, 0);
    PeImage img = Link.in(dir).input("a.obj", a).run().image();
    assertThat(img.u8At(Probe.rva(img, 0))).isEqualTo(0xc3);
  }

  @Test
  void comdatSectionWithNoSectionSymbolAtAllLinks() {
    // GNU as writes .pdata$name of a linkonce function as a COMDAT section with no symbol at all.
    ObjectBuilder o = Probe.object().sectionSymbols(false);
    o.section(".pdata$foo", RDATA | alignFlag(4) | IMAGE_SCN_LNK_COMDAT).data(Bytes.zeros(12));
    Link.in(dir).input("a.obj", o).run().image();
  }

  /** As lld-link: a COMDAT section that no section definition names is not linked (i686 .eh_frame$f from GNU as). */
  @Test
  void comdatSectionWithNoSectionSymbolIsDropped() {
    ObjectBuilder o = Probe.object().sectionSymbols(false);
    o.section(".eh_frame$foo", RDATA | alignFlag(4) | IMAGE_SCN_LNK_COMDAT).data(Bytes.ascii("UNNAMED_"));
    PeImage img = Link.in(dir).input("a.obj", o).args("-opt:noref").run().image();
    assertThat(img.fileContains("UNNAMED_")).isFalse();
  }

  /** A COMDAT section with a section definition but no leader is dropped, even without -opt:ref. */
  @Test
  void comdatSectionWithoutLeaderIsDropped() {
    ObjectBuilder o = Probe.object();
    o.section(".rdata$lonely", RDATA | alignFlag(8)).comdat(IMAGE_COMDAT_SELECT_ANY).data(Bytes.ascii("LONELY__"));
    PeImage img = Link.in(dir).input("a.obj", o).args("-opt:noref").run().image();
    assertThat(img.fileContains("LONELY__")).isFalse();
  }

  /** Object whose start calls COMDAT function foo in .text$foo, with leaderless .xdata$foo and .eh_frame$bar. */
  private static ObjectBuilder functionWithUnwindInfo() {
    ObjectBuilder o = Probe.object("foo");
    var text = o.section(".text$foo", TEXT | alignFlag(16)).comdat(IMAGE_COMDAT_SELECT_ANY).data("c3cccccc");
    o.function("foo", text, 0);
    o.section(".xdata$foo", RDATA | alignFlag(4)).comdat(IMAGE_COMDAT_SELECT_ANY).data(Bytes.ascii("XDATAFOO"));
    o.section(".eh_frame$bar", RDATA | alignFlag(4)).comdat(IMAGE_COMDAT_SELECT_ANY).data(Bytes.ascii("EHBAR___"));
    return o;
  }

  /** mingw: a leaderless .xdata$f (.pdata$f, .eh_frame$f) lives and dies with the prevailing .text$f. */
  @Test
  void mingwUnwindInfoIsAssociatedWithItsFunction() {
    PeImage img = Link.in(dir).input("a.obj", functionWithUnwindInfo()).args("-lldmingw", "-opt:ref").run().image();
    assertThat(img.fileContains("XDATAFOO")).isTrue();
    assertThat(img.fileContains("EHBAR___")).isFalse();
  }

  /** The copy in a second object goes with that object's discarded .text$foo. */
  @Test
  void mingwUnwindInfoOfADiscardedCopyIsDropped() {
    ObjectBuilder b = new ObjectBuilder();
    var text = b.section(".text$foo", TEXT | alignFlag(16)).comdat(IMAGE_COMDAT_SELECT_ANY).data("c3cccccc");
    b.function("foo", text, 0);
    b.section(".xdata$foo", RDATA | alignFlag(4)).comdat(IMAGE_COMDAT_SELECT_ANY).data(Bytes.ascii("XDATADUP"));
    PeImage img = Link.in(dir).input("a.obj", functionWithUnwindInfo()).input("b.obj", b).args("-lldmingw", "-opt:noref")
        .run().image();
    assertThat(img.fileContains("XDATAFOO")).isTrue();
    assertThat(img.fileContains("XDATADUP")).isFalse();
  }

  /** Outside mingw mode nothing associates .xdata$foo by its name. */
  @Test
  void unwindInfoIsNotAssociatedByNameOutsideMingw() {
    PeImage img = Link.in(dir).input("a.obj", functionWithUnwindInfo()).args("-opt:noref").run().image();
    assertThat(img.fileContains("XDATAFOO")).isFalse();
  }

  /**
   * lld-link-14 associates a mingw .xdata$foo by name even when a static leader of its own (clang's
   * GCC_except_table) already linked it, so the image holds it twice: jwin does the same, for the same image.
   */
  @Test
  void mingwUnwindInfoWithItsOwnLeaderIsLinkedTwiceAsLldLinkDoes() {
    ObjectBuilder o = Probe.object("foo");
    var text = o.section(".text$foo", TEXT | alignFlag(16)).comdat(IMAGE_COMDAT_SELECT_ANY).data("c3cccccc");
    o.function("foo", text, 0);
    var xdata = o.section(".xdata$foo", RDATA | alignFlag(4)).comdat(IMAGE_COMDAT_SELECT_ANY).data(Bytes.ascii("XDATAFOO"));
    o.local("GCC_except_table0", xdata, 4);
    PeImage img = Link.in(dir).input("a.obj", o).args("-lldmingw", "-opt:noref").run().image();
    byte[] file = img.fileBytes();
    String text8 = new String(file, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(text8.indexOf("XDATAFOO")).isNotNegative();
    assertThat(text8.indexOf("XDATAFOO", text8.indexOf("XDATAFOO") + 8)).isNotNegative();
  }
  /**
   * Sections named alike, where the COMDAT leaders come in the symbol table in another order than their
   * sections: non-COMDAT sections by index, then COMDATs by their leaders' order, then associative sections
   * (lld-link's ObjFile::initializeChunks and initializeSymbols). Linked by jwin and lld-link-14: same order.
   */
  @Test
  void sectionsAreLaidOutInLldLinksOrder() {
    ObjectBuilder o = Probe.object();
    var plain1 = o.section(".rdata", RDATA | alignFlag(8)).data(Bytes.ascii("PLAIN_1_"));
    var second = o.section(".rdata", RDATA | alignFlag(8)).comdat(IMAGE_COMDAT_SELECT_ANY).data(Bytes.ascii("LEADS_2_"));
    var first = o.section(".rdata", RDATA | alignFlag(8)).comdat(IMAGE_COMDAT_SELECT_ANY).data(Bytes.ascii("LEADS_1_"));
    o.section(".rdata", RDATA | alignFlag(8)).associative(first).data(Bytes.ascii("ASSOC_1_"));
    o.section(".rdata", RDATA | alignFlag(8)).data(Bytes.ascii("PLAIN_2_"));
    o.section(".rdata", RDATA | alignFlag(8)).associative(second).data(Bytes.ascii("ASSOC_2_"));
    o.global("first", first, 0);
    o.local("static_leader", second, 0);
    o.global("plain", plain1, 0);
    List<String> markers = List.of("PLAIN_1_", "LEADS_2_", "LEADS_1_", "ASSOC_1_", "PLAIN_2_", "ASSOC_2_");
    List<String> expected = List.of("PLAIN_1_", "PLAIN_2_", "LEADS_1_", "LEADS_2_", "ASSOC_1_", "ASSOC_2_");
    byte[] object = o.build();
    PeImage jwin = Link.in(dir).input("a.obj", object).args("-opt:noref").run().image();
    PeImage lld = Link.in(dir).linker("lld-link-14").out("lld.exe").input("a.obj", object).args("-opt:noref").run()
        .image();
    assertThat(markerOrder(lld, markers)).isEqualTo(expected);
    assertThat(markerOrder(jwin, markers)).isEqualTo(markerOrder(lld, markers));
  }

  /** The markers in the order they appear in the image file. */
  private static List<String> markerOrder(PeImage img, List<String> markers) {
    String file = new String(img.fileBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    for (String m : markers) assertThat(file).contains(m);
    return markers.stream().sorted(java.util.Comparator.comparingInt(file::indexOf)).toList();
  }
}
