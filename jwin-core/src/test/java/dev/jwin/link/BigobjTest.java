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

/** /bigobj objects (ANON_OBJECT_HEADER_BIGOBJ, 20-byte symbols) link like regular ones. */
class BigobjTest {
  @TempDir Path dir;

  @Test
  void bigobjSymbolsRelocationsAndComdatsResolve() {
    ObjectBuilder a = Probe.object("foo", "inl").bigobj(true);
    var data = a.data().data(Bytes.ascii("BIGOBJ!!"));
    a.global("foo", data, 0);
    var comdat = a.section(".rdata$inl", RDATA | alignFlag(8)).comdat(IMAGE_COMDAT_SELECT_ANY)
        .data(Bytes.ascii("INLINE_A"));
    a.global("inl", comdat, 0);
    ObjectBuilder b = new ObjectBuilder();
    var other = b.section(".rdata$inl", RDATA | alignFlag(8)).comdat(IMAGE_COMDAT_SELECT_ANY).data(Bytes.ascii("INLINE_B"));
    b.global("inl", other, 0);
    PeImage img = Link.in(dir).input("a.obj", a).input("b.obj", b).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("BIGOBJ!!");
    assertThat(Probe.markerAt(img, 1)).isEqualTo("INLINE_A");
    assertThat(img.fileContains("INLINE_B")).isFalse();
  }

  @Test
  void bigobjWeakExternalFallsBack() {
    ObjectBuilder a = Probe.object("w").bigobj(true);
    a.global("w_default", a.data().data(Bytes.ascii("DEFAULT!")), 0);
    a.weak("w", "w_default");
    PeImage img = Link.in(dir).input("a.obj", a).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("DEFAULT!");
  }
}
