package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.ArchiveBuilder;
import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.PeImage;
import dev.jwin.testkit.Probe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -opt:ref removes COMDAT sections nothing reachable refers to; -include: makes a symbol a root. */
class GarbageCollectionTest {
  @TempDir Path dir;

  /** COMDAT function {@code name} whose code is a ret followed by an 8-character marker. */
  private static ObjectBuilder.Section comdatFunction(ObjectBuilder o, String name, String marker) {
    var sec = o.section(".text$" + name, TEXT | alignFlag(16)).comdat(IMAGE_COMDAT_SELECT_ANY)
        .data(Bytes.concat(Bytes.hex("c3"), Bytes.ascii(marker), Bytes.zeros(7)));
    o.function(name, sec, 0);
    return sec;
  }

  /** start (calls used), plus COMDAT functions used and unused. */
  private static ObjectBuilder program() {
    ObjectBuilder o = new ObjectBuilder();
    var text = o.text().data("e8 00 00 00 00 c3");
    o.function("start", text, 0);
    text.reloc(1, IMAGE_REL_AMD64_REL32, "used");
    comdatFunction(o, "used", "USED____");
    comdatFunction(o, "unused", "UNUSED__");
    return o;
  }

  @Test
  void optRefRemovesAnUnreferencedComdatFunction() {
    PeImage img = Link.in(dir).input("a.obj", program()).args("-opt:ref").run().image();
    assertThat(img.fileContains("USED____")).isTrue();
    assertThat(img.fileContains("UNUSED__")).isFalse();
  }

  @Test
  void optNorefKeepsUnreferencedComdatFunctions() {
    PeImage img = Link.in(dir).input("a.obj", program()).args("-opt:noref").run().image();
    assertThat(img.fileContains("UNUSED__")).isTrue();
  }

  @Test
  void optRefKeepsWhatIsReachableThroughOtherComdats() {
    ObjectBuilder o = program();
    var used = o.sections().get(1);
    used.data(Bytes.concat(Bytes.hex("e8 00 00 00 00 c3"), Bytes.ascii("USED____"), Bytes.zeros(2)));
    used.reloc(1, IMAGE_REL_AMD64_REL32, "inner");
    comdatFunction(o, "inner", "INNER___");
    PeImage img = Link.in(dir).input("a.obj", o).args("-opt:ref").run().image();
    assertThat(img.fileContains("INNER___")).isTrue();
    assertThat(img.fileContains("UNUSED__")).isFalse();
  }

  @Test
  void optRefKeepsAndDropsAssociativeSectionsWithTheirParents() {
    ObjectBuilder o = program();
    o.section(".rdata$used", RDATA | alignFlag(4)).associative(o.sections().get(1)).data(Bytes.ascii("USEDCHLD"));
    o.section(".rdata$unused", RDATA | alignFlag(4)).associative(o.sections().get(2)).data(Bytes.ascii("DEADCHLD"));
    PeImage img = Link.in(dir).input("a.obj", o).args("-opt:ref").run().image();
    assertThat(img.fileContains("USEDCHLD")).isTrue();
    assertThat(img.fileContains("DEADCHLD")).isFalse();
  }

  @Test
  void optRefNeverRemovesNonComdatSections() {
    ObjectBuilder o = program();
    o.data().data(Bytes.ascii("PLAINDAT"));
    PeImage img = Link.in(dir).input("a.obj", o).args("-opt:ref").run().image();
    assertThat(img.fileContains("PLAINDAT")).isTrue();
  }

  @Test
  void includeKeepsAComdatFunction() {
    PeImage img = Link.in(dir).input("a.obj", program()).args("-opt:ref", "-include:unused").run().image();
    assertThat(img.fileContains("UNUSED__")).isTrue();
  }

  @Test
  void includePullsAnArchiveMember() {
    var lib = new ArchiveBuilder().add("bar.obj", Probe.marked("bar", "FROM_BAR"));
    PeImage img = Link.in(dir).input("a.obj", Probe.object()).input("lib.a", lib).args("-include:bar").run().image();
    assertThat(img.fileContains("FROM_BAR")).isTrue();
  }
}
