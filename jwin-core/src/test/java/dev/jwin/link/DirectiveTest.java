package dev.jwin.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.ArchiveBuilder;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.PeImage;
import dev.jwin.testkit.Probe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Linker options embedded in an object's .drectve section. */
class DirectiveTest {
  @TempDir Path dir;

  private static ObjectBuilder probeWithDirectives(String directives, String... symbols) {
    ObjectBuilder o = Probe.object(symbols);
    o.drectve(directives);
    return o;
  }

  @Test
  void defaultlibSearchesTheLibraryPath() {
    Link link = Link.in(dir);
    link.write("foo.lib", new ArchiveBuilder().add("foo.obj", Probe.marked("foo", "FROM_LIB")).build());
    PeImage img = link.input("a.obj", probeWithDirectives("-defaultlib:foo.lib ", "foo"))
        .args("-libpath:" + dir).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_LIB");
  }

  @Test
  void defaultlibAddsTheLibExtension() {
    Link link = Link.in(dir);
    link.write("foo.lib", new ArchiveBuilder().add("foo.obj", Probe.marked("foo", "FROM_LIB")).build());
    PeImage img = link.input("a.obj", probeWithDirectives("-defaultlib:foo ", "foo"))
        .args("-libpath:" + dir).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_LIB");
  }

  @Test
  void msvcStyleQuotedDirectivesAreUnderstood() {
    Link link = Link.in(dir);
    link.write("foo.lib", new ArchiveBuilder().add("foo.obj", Probe.marked("foo", "FROM_LIB")).build());
    PeImage img = link.input("a.obj", probeWithDirectives("   /DEFAULTLIB:\"foo\" ", "foo"))
        .args("-libpath:" + dir).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_LIB");
  }

  @Test
  void includePullsAnOtherwiseUnreferencedArchiveMember() {
    var lib = new ArchiveBuilder().add("bar.obj", Probe.marked("bar", "FROM_BAR"));
    PeImage img = Link.in(dir).input("a.obj", probeWithDirectives("-include:bar")).input("lib.a", lib).run().image();
    assertThat(img.fileContains("FROM_BAR")).isTrue();
  }

  @Test
  void includeOfAnUndefinedSymbolIsAnError() {
    var r = Link.in(dir).input("a.obj", probeWithDirectives("-include:nowhere")).run();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).anySatisfy(l -> assertThat(l).contains("undefined symbol: nowhere"));
  }

  @Test
  void alternatenameInADirective() {
    PeImage img = Link.in(dir).input("a.obj", probeWithDirectives("-alternatename:foo=bar", "foo"))
        .input("b.obj", Probe.marked("bar", "FROM_BAR")).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_BAR");
  }

  @Test
  void severalDirectivesInOneSection() {
    var lib = new ArchiveBuilder().add("baz.obj", Probe.marked("baz", "FROM_BAZ"));
    PeImage img = Link.in(dir).input("a.obj", probeWithDirectives(" -include:baz  -alternatename:foo=bar ", "foo"))
        .input("b.obj", Probe.marked("bar", "FROM_BAR")).input("lib.a", lib).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_BAR");
    assertThat(img.fileContains("FROM_BAZ")).isTrue();
  }
}
