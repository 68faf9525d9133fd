package dev.jwin.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.ArchiveBuilder;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.PeImage;
import dev.jwin.testkit.Probe;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archive members are lazy: loaded only to resolve an undefined symbol. */
class ArchiveTest {
  @TempDir Path dir;

  @Test
  void memberIsLoadedWhenReferenced() {
    var lib = new ArchiveBuilder().add("foo.obj", Probe.marked("foo", "FROM_LIB"));
    PeImage img = Link.in(dir).input("a.obj", Probe.object("foo")).input("lib.a", lib).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_LIB");
  }

  @Test
  void thinArchiveMembersAreReadFromTheirFiles() {
    Link link = Link.in(dir);
    Path lib = new ArchiveBuilder().add("foo.obj", Probe.marked("foo", "FROMTHIN"))
        .add("bar.obj", Probe.marked("bar", "NOTUSED_")).writeThin(dir.resolve("thin.a"));
    PeImage img = link.input("a.obj", Probe.object("foo")).args(lib.toString()).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROMTHIN");
    assertThat(img.fileContains("NOTUSED_")).isFalse();
  }

  @Test
  void thinArchiveWithAMissingMemberIsAnError() throws java.io.IOException {
    Link link = Link.in(dir);
    Path lib = new ArchiveBuilder().add("foo.obj", Probe.marked("foo", "FROMTHIN")).writeThin(dir.resolve("thin.a"));
    java.nio.file.Files.delete(dir.resolve("foo.obj"));
    var r = link.input("a.obj", Probe.object("foo")).args(lib.toString()).run();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).anySatisfy(l -> assertThat(l).contains("foo.obj"));
  }

  @Test
  void memberIsNotLoadedWhenNotReferenced() {
    var lib = new ArchiveBuilder()
        .add("foo.obj", Probe.marked("foo", "FROM_FOO"))
        .add("bar.obj", Probe.marked("bar", "FROM_BAR"));
    PeImage img = Link.in(dir).input("a.obj", Probe.object("foo")).input("lib.a", lib).run().image();
    assertThat(img.fileContains("FROM_FOO")).isTrue();
    assertThat(img.fileContains("FROM_BAR")).isFalse();
  }

  @Test
  void strongDefinitionBeatsLazyMember() {
    ObjectBuilder a = Probe.object("foo");
    var lib = new ArchiveBuilder().add("foo.obj", Probe.marked("foo", "FROM_LIB"));
    PeImage img = Link.in(dir).input("a.obj", a).input("b.obj", Probe.marked("foo", "FROM_OBJ"))
        .input("lib.a", lib).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_OBJ");
    assertThat(img.fileContains("FROM_LIB")).isFalse();
  }

  @Test
  void strongDefinitionBeatsLazyMemberEvenWhenTheArchiveComesFirst() {
    var lib = new ArchiveBuilder().add("foo.obj", Probe.marked("foo", "FROM_LIB"));
    // The definition is seen before any reference, so the member offering foo is never needed.
    // (lld-link loads a member as soon as an undefined reference meets its lazy symbol: with the
    // reference first and the definition after it, the member is already on its way in and clashes.)
    PeImage img = Link.in(dir).input("lib.a", lib).input("b.obj", Probe.marked("foo", "FROM_OBJ"))
        .input("a.obj", Probe.object("foo")).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_OBJ");
    assertThat(img.fileContains("FROM_LIB")).isFalse();
  }

  @Test
  void memberDefiningAnAlreadyDefinedSymbolIsNotLoaded() {
    // Only foo is referenced and b.obj defines it: the member offering foo and baz stays out.
    var lib = new ArchiveBuilder().add("foobaz.obj", Probe.marked(List.of("foo", "baz"), "FROM_LIB"));
    var r = Link.in(dir).input("a.obj", Probe.object("foo")).input("b.obj", Probe.marked("foo", "FROM_OBJ"))
        .input("lib.a", lib).run();
    PeImage img = r.image();
    assertThat(r.err()).doesNotContain("duplicate");
    assertThat(img.fileContains("FROM_LIB")).isFalse();
  }

  @Test
  void memberPulledByAnotherMemberIsLoaded() {
    // foo.obj needs bar, which lives in a later member of the same archive.
    ObjectBuilder foo = Probe.marked("foo", "FROM_FOO");
    foo.sections().get(0).reloc(0, dev.jwin.testkit.Coff.IMAGE_REL_AMD64_ADDR32NB, "bar");
    var lib = new ArchiveBuilder().add("foo.obj", foo).add("bar.obj", Probe.marked("bar", "FROM_BAR"));
    PeImage img = Link.in(dir).input("a.obj", Probe.object("foo")).input("lib.a", lib).run().image();
    assertThat(img.fileContains("FROM_BAR")).isTrue();
  }

  @Test
  void memberIsFoundThroughTheMicrosoftSecondLinkerMember() {
    var lib = new ArchiveBuilder().msSecondMember(true)
        .add("a_rather_long_member_name.obj", Probe.marked("foo", "FROM_LIB"));
    PeImage img = Link.in(dir).input("a.obj", Probe.object("foo")).input("lib.lib", lib).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_LIB");
  }

  @Test
  void longMemberNamesInTheGnuFormatWork() {
    var lib = new ArchiveBuilder().add("a_rather_long_member_name.obj", Probe.marked("foo", "FROM_LIB"));
    PeImage img = Link.in(dir).input("a.obj", Probe.object("foo")).input("lib.a", lib).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_LIB");
  }

  @Test
  void firstArchiveOnTheCommandLineWins() {
    var lib1 = new ArchiveBuilder().add("foo.obj", Probe.marked("foo", "FROM_LB1"));
    var lib2 = new ArchiveBuilder().add("foo.obj", Probe.marked("foo", "FROM_LB2"));
    PeImage img = Link.in(dir).input("a.obj", Probe.object("foo")).input("lib1.a", lib1).input("lib2.a", lib2)
        .run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_LB1");
  }

  @Test
  void membersLoadInIndexOrderWhenTheArchiveJoins() {
    // bar is referenced first, but foo's member comes first in the index: as lld-link, it loads (and is laid out) first.
    var lib = new ArchiveBuilder().add("foo.obj", Probe.marked("foo", "FROM_FOO")).add("bar.obj", Probe.marked("bar", "FROM_BAR"));
    PeImage img = Link.in(dir).input("a.obj", Probe.object("bar", "foo")).input("lib.a", lib).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_BAR");
    assertThat(Probe.markerAt(img, 1)).isEqualTo("FROM_FOO");
    assertThat(Probe.rva(img, 1)).isLessThan(Probe.rva(img, 0));
  }

  @Test
  void aNameInAnEarlierArchiveLoadsFromItEvenWhenReferencedAfterALaterOne() {
    // foo is referenced only by a member of lib2, after lib1 (which also offers foo) joined: lib1 still wins.
    ObjectBuilder bar = Probe.marked("bar", "FROM_BAR");
    bar.sections().get(0).reloc(0, dev.jwin.testkit.Coff.IMAGE_REL_AMD64_ADDR32NB, "foo");
    var lib1 = new ArchiveBuilder().add("foo.obj", Probe.marked("foo", "FROM_LB1"));
    var lib2 = new ArchiveBuilder().add("bar.obj", bar).add("foo.obj", Probe.marked("foo", "FROM_LB2"));
    PeImage img = Link.in(dir).input("a.obj", Probe.object("bar", "foo")).input("lib1.a", lib1).input("lib2.a", lib2)
        .run().image();
    assertThat(Probe.markerAt(img, 1)).isEqualTo("FROM_LB1");
    assertThat(img.fileContains("FROM_LB2")).isFalse();
  }
}
