package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.PeImage;
import dev.jwin.testkit.Probe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identical code folding: which COMDAT sections fold (equal contents, equivalent relocations and associative
 * children, to a fixed point) and which never do (writable, address-significant data), and when it is on.
 * The probe's slots tell whether two symbols ended up at the same address.
 */
class IcfTest {
  @TempDir Path dir;

  /** COMDAT code section {@code .text} holding {@code hex}, led by function {@code name}. */
  private static ObjectBuilder.Section code(ObjectBuilder o, String name, String hex) {
    var sec = o.section(".text", TEXT | alignFlag(16)).comdat(IMAGE_COMDAT_SELECT_ANY).data(hex);
    o.function(name, sec, 0);
    return sec;
  }

  /** A call (e8 rel32) to {@code target}, then ret. */
  private static ObjectBuilder.Section caller(ObjectBuilder o, String name, String target) {
    return code(o, name, "e8 00 00 00 00 c3").reloc(1, IMAGE_REL_AMD64_REL32, target);
  }

  /** The probe, with an empty address-significance table: its slots do not make addresses significant. */
  private static ObjectBuilder probe(List<String> probed) {
    ObjectBuilder p = Probe.object(probed.toArray(String[]::new));
    addrsig(p, List.of());
    return p;
  }

  private PeImage link(ObjectBuilder o, List<String> probed, String... args) {
    Link l = Link.in(dir).input("p.obj", probe(probed)).input("a.obj", o).args(args);
    Link.Result r = l.run();
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.image();
  }

  /** Which probed symbols share an address with the first one. */
  private static List<Boolean> sameAsFirst(PeImage img, int n) {
    List<Boolean> out = new ArrayList<>();
    for (int i = 1; i < n; i++) out.add(Probe.rva(img, i) == Probe.rva(img, 0));
    return out;
  }

  private static boolean folded(PeImage img) {
    return Probe.rva(img, 0) == Probe.rva(img, 1);
  }

  private static ObjectBuilder twoEqualFunctions() {
    ObjectBuilder o = new ObjectBuilder();
    code(o, "f1", "b8 01 00 00 00 c3");
    code(o, "f2", "b8 01 00 00 00 c3");
    return o;
  }

  @Test
  void equalFunctionsFoldUnderOptIcfAndTheSectionShrinks() {
    PeImage on = link(twoEqualFunctions(), List.of("f1", "f2"), "-opt:icf");
    assertThat(folded(on)).isTrue();
    PeImage off = link(twoEqualFunctions(), List.of("f1", "f2"), "-opt:noicf");
    assertThat(folded(off)).isFalse();
    assertThat(on.section(".text").virtualSize()).isLessThan(off.section(".text").virtualSize());
  }

  @Test
  void icfIsOnExactlyWhereLldLinkTurnsItOn() {
    assertThat(folded(link(twoEqualFunctions(), List.of("f1", "f2")))).as("default (opt:ref)").isTrue();
    assertThat(folded(link(twoEqualFunctions(), List.of("f1", "f2"), "-opt:noref"))).as("opt:noref").isFalse();
    assertThat(folded(link(twoEqualFunctions(), List.of("f1", "f2"), "-debug"))).as("debug").isFalse();
    assertThat(folded(link(twoEqualFunctions(), List.of("f1", "f2"), "-debug", "-opt:ref"))).as("debug, opt:ref").isTrue();
    assertThat(folded(link(twoEqualFunctions(), List.of("f1", "f2"), "-opt:noref,icf"))).as("opt:noref,icf").isTrue();
    assertThat(folded(link(twoEqualFunctions(), List.of("f1", "f2"), "-opt:icf=5", "-opt:noicf"))).as("last wins").isFalse();
    assertThat(folded(link(twoEqualFunctions(), List.of("f1", "f2"), "-opt:ICF=2"))).as("icf=N").isTrue();
  }

  @Test
  void differentRelocationTargetsKeepFunctionsApart() {
    ObjectBuilder o = new ObjectBuilder();
    caller(o, "f1", "a");
    caller(o, "f2", "b");
    code(o, "a", "b8 01 00 00 00 c3");
    code(o, "b", "b8 02 00 00 00 c3");
    assertThat(folded(link(o, List.of("f1", "f2"), "-opt:icf"))).isFalse();
  }

  @Test
  void differentRelocationTypesKeepFunctionsApart() {
    ObjectBuilder o = new ObjectBuilder();
    code(o, "f1", "e8 00 00 00 00 c3").reloc(1, IMAGE_REL_AMD64_REL32, "a");
    code(o, "f2", "e8 00 00 00 00 c3").reloc(1, IMAGE_REL_AMD64_ADDR32NB, "a");
    code(o, "a", "c3");
    assertThat(folded(link(o, List.of("f1", "f2"), "-opt:icf"))).isFalse();
  }

  @Test
  void callersOfFunctionsThatFoldFoldToo() {
    ObjectBuilder o = new ObjectBuilder();
    caller(o, "f1", "a1");
    caller(o, "f2", "a2");
    code(o, "a1", "b8 07 00 00 00 c3");
    code(o, "a2", "b8 07 00 00 00 c3");
    PeImage img = link(o, List.of("f1", "f2", "a1", "a2"), "-opt:icf");
    assertThat(Probe.rva(img, 0)).isEqualTo(Probe.rva(img, 1));
    assertThat(Probe.rva(img, 2)).isEqualTo(Probe.rva(img, 3));
  }

  @Test
  void mutuallyRecursivePairsFoldOnlyAtTheFixedPoint() {
    // f1 <-> g1 and f2 <-> g2: no pair is equal until the other pair is assumed equal.
    ObjectBuilder o = new ObjectBuilder();
    caller(o, "f1", "g1");
    caller(o, "g1", "f1").data("e8 00 00 00 00 90 c3");
    caller(o, "f2", "g2");
    caller(o, "g2", "f2").data("e8 00 00 00 00 90 c3");
    PeImage img = link(o, List.of("f1", "f2", "g1", "g2"), "-opt:icf");
    assertThat(Probe.rva(img, 0)).isEqualTo(Probe.rva(img, 1));
    assertThat(Probe.rva(img, 2)).isEqualTo(Probe.rva(img, 3));
    assertThat(Probe.rva(img, 0)).isNotEqualTo(Probe.rva(img, 2));
    // The kept f1 calls the kept g1: rel32 at f1+1 points at g1.
    long f = Probe.rva(img, 0), g = Probe.rva(img, 2);
    assertThat(f + 5 + img.i32At(f + 1)).isEqualTo(g);
  }

  @Test
  void aCycleBrokenByOneDifferenceDoesNotFold() {
    ObjectBuilder o = new ObjectBuilder();
    caller(o, "f1", "g1");
    caller(o, "g1", "f1").data("e8 00 00 00 00 90 c3");
    caller(o, "f2", "g2");
    caller(o, "g2", "f2").data("e8 00 00 00 00 cc c3");
    PeImage img = link(o, List.of("f1", "f2"), "-opt:icf");
    assertThat(folded(img)).isFalse();
  }

  /** f1 and f2 equal, each with an associative .xdata child holding {@code x1} / {@code x2}. */
  private static ObjectBuilder withUnwindData(String x1, String x2) {
    ObjectBuilder o = new ObjectBuilder();
    var f1 = code(o, "f1", "b8 01 00 00 00 c3");
    var f2 = code(o, "f2", "b8 01 00 00 00 c3");
    o.section(".xdata", RDATA | alignFlag(4)).associative(f1).data(x1);
    o.section(".xdata", RDATA | alignFlag(4)).associative(f2).data(x2);
    return o;
  }

  @Test
  void associativeChildrenMustBeEqualToo() {
    assertThat(folded(link(withUnwindData("01 02 03 04", "01 02 03 04"), List.of("f1", "f2"), "-opt:icf"))).isTrue();
    assertThat(folded(link(withUnwindData("01 02 03 04", "01 02 03 05"), List.of("f1", "f2"), "-opt:icf"))).isFalse();
  }

  @Test
  void foldedUnwindDataIsWrittenOnce() {
    PeImage on = link(withUnwindData("01 02 03 04", "01 02 03 04"), List.of("f1", "f2"), "-opt:icf");
    PeImage off = link(withUnwindData("01 02 03 04", "01 02 03 04"), List.of("f1", "f2"), "-opt:noicf");
    assertThat(off.section(".rdata").virtualSize() - on.section(".rdata").virtualSize()).isEqualTo(4);
  }

  @Test
  void writableSectionsNeverFold() {
    ObjectBuilder o = new ObjectBuilder();
    o.global("d1", o.section(".data", DATA | alignFlag(8)).comdat(IMAGE_COMDAT_SELECT_ANY).data("11 22 33 44 55 66 77 88"), 0);
    o.global("d2", o.section(".data", DATA | alignFlag(8)).comdat(IMAGE_COMDAT_SELECT_ANY).data("11 22 33 44 55 66 77 88"), 0);
    addrsig(o, List.of());
    assertThat(folded(link(o, List.of("d1", "d2"), "-opt:icf"))).isFalse();
  }

  @Test
  void sectionsWithDifferentNamesDoNotFold() {
    ObjectBuilder o = new ObjectBuilder();
    o.function("f1", o.section(".text$a", TEXT | alignFlag(16)).comdat(IMAGE_COMDAT_SELECT_ANY).data("c3"), 0);
    o.function("f2", o.section(".text$b", TEXT | alignFlag(16)).comdat(IMAGE_COMDAT_SELECT_ANY).data("c3"), 0);
    assertThat(folded(link(o, List.of("f1", "f2"), "-opt:icf"))).isFalse();
  }

  /** Two equal read-only COMDAT constants r1 and r2. */
  private static ObjectBuilder twoConstants() {
    ObjectBuilder o = new ObjectBuilder();
    o.global("r1", o.section(".rdata", RDATA | alignFlag(8)).comdat(IMAGE_COMDAT_SELECT_ANY).data("01 00 00 00 02 00 00 00"), 0);
    o.global("r2", o.section(".rdata", RDATA | alignFlag(8)).comdat(IMAGE_COMDAT_SELECT_ANY).data("01 00 00 00 02 00 00 00"), 0);
    return o;
  }

  /** Adds an address-significance table listing {@code symbols} (one-byte ULEB128 indices). */
  private static void addrsig(ObjectBuilder o, List<String> symbols) {
    var sec = o.section(".llvm_addrsig", IMAGE_SCN_LNK_REMOVE).data(new byte[symbols.size()]);
    o.build();
    byte[] b = new byte[symbols.size()];
    for (int i = 0; i < b.length; i++) b[i] = (byte) o.symbolIndex(symbols.get(i));
    sec.data(b);
  }

  @Test
  void readOnlyDataFoldsOnlyWhenNoObjectCallsItsAddressSignificant() {
    ObjectBuilder none = twoConstants();
    assertThat(folded(link(none, List.of("r1", "r2"), "-opt:icf"))).as("no address-significance table").isFalse();
    ObjectBuilder empty = twoConstants();
    addrsig(empty, List.of());
    assertThat(folded(link(empty, List.of("r1", "r2"), "-opt:icf"))).as("empty table").isTrue();
    ObjectBuilder listed = twoConstants();
    addrsig(listed, List.of("r2"));
    assertThat(folded(link(listed, List.of("r1", "r2"), "-opt:icf"))).as("r2 listed").isFalse();
  }

  @Test
  void vtablesFoldEvenWhenTheirAddressIsSignificant() {
    ObjectBuilder o = new ObjectBuilder();
    o.global("??_7A@@6B@", o.section(".rdata", RDATA | alignFlag(8)).comdat(IMAGE_COMDAT_SELECT_ANY).data(Bytes.zeros(8)), 0);
    o.global("??_7B@@6B@", o.section(".rdata", RDATA | alignFlag(8)).comdat(IMAGE_COMDAT_SELECT_ANY).data(Bytes.zeros(8)), 0);
    assertThat(folded(link(o, List.of("??_7A@@6B@", "??_7B@@6B@"), "-opt:icf"))).isTrue();
  }

  @Test
  void safeIcfKeepsFunctionsWhoseAddressIsSignificant() {
    ObjectBuilder listed = twoEqualFunctions();
    addrsig(listed, List.of("f2"));
    assertThat(folded(link(listed, List.of("f1", "f2"), "-opt:safeicf"))).isFalse();
    assertThat(folded(link(listed, List.of("f1", "f2"), "-opt:icf"))).isTrue();
    ObjectBuilder unlisted = twoEqualFunctions();
    addrsig(unlisted, List.of());
    assertThat(folded(link(unlisted, List.of("f1", "f2"), "-opt:safeicf"))).isTrue();
  }

  @Test
  void theFoldedSectionKeepsTheLargestAlignment() {
    ObjectBuilder o = new ObjectBuilder();
    code(o, "f1", "c3").align(4);
    code(o, "f2", "c3").align(64);
    PeImage img = link(o, List.of("f1", "f2"), "-opt:icf");
    assertThat(folded(img)).isTrue();
    assertThat(Probe.rva(img, 0) % 64).isZero();
  }

  @Test
  void theResultDoesNotDependOnTheThreadCount() throws Exception {
    ObjectBuilder o = new ObjectBuilder();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      // Chains of callers over a few leaf bodies: classes split over several rounds.
      String name = "f" + i;
      if (i < 20) code(o, name, "b8 0" + (i % 3) + " 00 00 00 c3");
      else caller(o, name, "f" + (i - 20));
      names.add(name);
    }
    byte[] one = Files.readAllBytes(Link.in(dir).input("p.obj", probe(names))
        .input("a.obj", o).args("-opt:icf", "-threads:1").out("one.exe").run().output());
    byte[] four = Files.readAllBytes(Link.in(dir).input("p.obj", probe(names))
        .input("a.obj", o).args("-opt:icf", "-threads:4").out("four.exe").run().output());
    assertThat(four).isEqualTo(one);
    PeImage img = PeImage.parse(one);
    assertThat(sameAsFirst(img, 3)).containsExactly(false, false);
    assertThat(Probe.rva(img, 3)).isEqualTo(Probe.rva(img, 0));
  }

  @Test
  void unknownOptValuesAreOneErrorInLldsWords() {
    Link.Result r = Link.in(dir).input("p.obj", Probe.object()).args("-opt:ref,Bogus").run();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).containsExactly("jwin: error: /opt: unknown option: bogus");
    Link.Result lto = Link.in(dir).input("p.obj", Probe.object()).args("-opt:lldlto=9").run();
    assertThat(lto.exitCode()).isEqualTo(1);
    assertThat(lto.errors()).containsExactly("jwin: error: /opt:lldlto: invalid optimization level: 9");
  }
}
