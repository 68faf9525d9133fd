package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.ArchiveBuilder;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.PeImage;
import dev.jwin.testkit.Probe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weak externals (spec 5.5.3) and -alternatename: fallbacks used only when nothing stronger exists. */
class WeakExternalTest {
  @TempDir Path dir;

  /** Object with weak external foo whose default is foo_default, defined in front of "DEFAULT!". */
  private static ObjectBuilder weakFoo(int characteristics) {
    ObjectBuilder o = new ObjectBuilder();
    var data = o.data().data(dev.jwin.testkit.Bytes.ascii("DEFAULT!"));
    o.global("foo_default", data, 0);
    o.weak("foo", "foo_default", characteristics);
    return o;
  }

  @Test
  void weakExternalFallsBackToItsDefault() {
    PeImage img = Link.in(dir).input("a.obj", Probe.object("foo"))
        .input("w.obj", weakFoo(IMAGE_WEAK_EXTERN_SEARCH_ALIAS)).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("DEFAULT!");
  }

  @Test
  void weakExternalWithSearchNolibraryFallsBackToItsDefault() {
    PeImage img = Link.in(dir).input("a.obj", Probe.object("foo"))
        .input("w.obj", weakFoo(IMAGE_WEAK_EXTERN_SEARCH_NOLIBRARY)).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("DEFAULT!");
  }

  @Test
  void strongDefinitionOverridesAWeakExternal() {
    PeImage img = Link.in(dir).input("a.obj", Probe.object("foo"))
        .input("w.obj", weakFoo(IMAGE_WEAK_EXTERN_SEARCH_ALIAS)).input("s.obj", Probe.marked("foo", "STRONG!!"))
        .run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("STRONG!!");
  }

  @Test
  void strongDefinitionSeenFirstOverridesAWeakExternal() {
    PeImage img = Link.in(dir).input("s.obj", Probe.marked("foo", "STRONG!!")).input("a.obj", Probe.object("foo"))
        .input("w.obj", weakFoo(IMAGE_WEAK_EXTERN_SEARCH_ALIAS)).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("STRONG!!");
  }

  @Test
  void weakExternalDefaultIsNotADuplicateOfTheStrongDefinition() {
    var r = Link.in(dir).input("a.obj", Probe.object("foo")).input("w1.obj", weakFoo(IMAGE_WEAK_EXTERN_SEARCH_ALIAS))
        .input("s.obj", Probe.marked("foo", "STRONG!!")).run();
    r.image();
    assertThat(r.err()).doesNotContain("duplicate");
  }

  @Test
  void alternatenameResolvesAnUndefinedSymbol() {
    PeImage img = Link.in(dir).input("a.obj", Probe.object("foo")).input("b.obj", Probe.marked("bar", "FROM_BAR"))
        .args("-alternatename:foo=bar").run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_BAR");
  }

  @Test
  void alternatenameIsIgnoredWhenTheSymbolIsDefined() {
    PeImage img = Link.in(dir).input("a.obj", Probe.object("foo")).input("b.obj", Probe.marked("bar", "FROM_BAR"))
        .input("c.obj", Probe.marked("foo", "FROM_FOO")).args("-alternatename:foo=bar").run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_FOO");
  }

  @Test
  void alternatenameTargetIsLoadedFromAnArchive() {
    var lib = new ArchiveBuilder().add("bar.obj", Probe.marked("bar", "FROM_LIB"));
    PeImage img = Link.in(dir).input("a.obj", Probe.object("foo")).input("lib.a", lib)
        .args("-alternatename:foo=bar").run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_LIB");
  }
}
