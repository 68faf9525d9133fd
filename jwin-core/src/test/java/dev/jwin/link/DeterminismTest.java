package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.ArchiveBuilder;
import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.ImportMemberBuilder;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.Probe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same inputs give the same bytes: no clock, no hash order, no thread timing in the output. */
class DeterminismTest {
  @TempDir Path dir;

  private Link.Result link(String out) {
    ObjectBuilder a = Probe.object("foo", "c", "__imp_ExitProcess", "bar");
    var comdat = a.section(".rdata$k", RDATA | alignFlag(8)).comdat(IMAGE_COMDAT_SELECT_ANY).data("0102030405060708");
    a.global("k", comdat, 0);
    a.common("c", 48);
    a.bss(100);
    a.weak("bar", "foo");
    var lib = new ArchiveBuilder()
        .add("foo.obj", Probe.marked("foo", "FROM_LIB"))
        .add(ImportMemberBuilder.code("KERNEL32.dll", "ExitProcess"))
        .add("unused.obj", Probe.marked("unused", "UNUSED__"));
    return Link.in(dir).input("a.obj", a).input("lib.a", lib).out(out).run();
  }

  @Test
  void twoLinksOfTheSameInputsAreByteIdentical() throws InterruptedException {
    byte[] first = link("one.exe").outputBytes();
    Thread.sleep(1100); // a timestamp taken from the clock would differ
    byte[] second = link("two.exe").outputBytes();
    assertThat(first).isNotEmpty();
    assertThat(Bytes.concat(second)).isEqualTo(first);
  }

  @Test
  void timestampIsNotTheCurrentTime() {
    var img = link("one.exe").image();
    long now = System.currentTimeMillis() / 1000;
    assertThat(Math.abs(Integer.toUnsignedLong(img.timeDateStamp) - now)).isGreaterThan(3600);
  }
}
