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

/**
 * mingw's DWARF unwinding (i686): the frames registered by crtbegin.o run up to the zero terminator in
 * gcc's crtend.o, named last on the command line, so its .eh_frame must come after every other frame,
 * including those of the archive members (named before it) and of COMDAT groups ({@code .eh_frame$foo}).
 */
class EhFrameOrderTest {
  @TempDir Path dir;

  private static ObjectBuilder.Section frame(ObjectBuilder o, String section, String symbol, String marker) {
    var s = o.section(section, RDATA | alignFlag(4)).data(Bytes.ascii(marker));
    o.global(symbol, s, 0);
    return s;
  }

  /** Links main.obj, an archive whose member main.obj needs, then {@code last}; probes the four frames. */
  private PeImage link(String last) {
    ObjectBuilder main = new ObjectBuilder();
    main.function("main", main.text().data("c3"), 0);
    main.undefined("member_fn");
    frame(main, ".eh_frame", "eh_main", "MAIN");

    ObjectBuilder member = new ObjectBuilder();
    member.function("member_fn", member.text().data("c3"), 0);
    frame(member, ".eh_frame", "eh_member", "MEMB");
    var foo = member.section(".text$foo", TEXT | alignFlag(16)).data("c3").comdat(IMAGE_COMDAT_SELECT_ANY);
    member.function("foo", foo, 0);
    frame(member, ".eh_frame$foo", "eh_comdat", "FOO_").associative(foo);

    ObjectBuilder crtend = new ObjectBuilder();
    frame(crtend, ".eh_frame", "frame_end", "\0\0\0\0");

    return Link.in(dir).input("probe.obj", Probe.object("eh_main", "eh_member", "eh_comdat", "frame_end"))
        .input("main.obj", main).input("libm.a", new ArchiveBuilder().add("m.obj", member))
        .input(last, crtend).args("-lldmingw", "-opt:noref").run().image();
  }

  @Test
  void crtendTerminatorComesAfterArchiveMembersAndComdatFrames() {
    PeImage img = link("crtend.o");
    long ehMain = Probe.rva(img, 0), ehMember = Probe.rva(img, 1), ehComdat = Probe.rva(img, 2), end = Probe.rva(img, 3);
    // One output section: members load after every command-line file, then crtend.o moves behind them.
    assertThat(img.sectionAt(end).name()).startsWith(".eh_fram");
    for (long rva : new long[] {ehMain, ehMember, ehComdat}) assertThat(img.sectionAt(rva)).isEqualTo(img.sectionAt(end));
    assertThat(ehMain).isLessThan(ehMember);
    assertThat(ehMember).isLessThan(ehComdat);
    assertThat(ehComdat).isLessThan(end);
    assertThat(end + 4).isEqualTo(img.sectionAt(end).virtualAddress() + img.sectionAt(end).virtualSize());
  }

  /** The rule goes by the file name: another object named last keeps its place, before the members. */
  @Test
  void otherObjectsKeepLoadOrder() {
    PeImage img = link("frames.o");
    long ehMain = Probe.rva(img, 0), ehMember = Probe.rva(img, 1), last = Probe.rva(img, 3);
    assertThat(ehMain).isLessThan(last);
    assertThat(last).isLessThan(ehMember);
  }

  @Test
  void crtendNames() {
    assertThat(MinGW.isCrtend("/usr/lib/gcc/i686-w64-mingw32/12-win32/crtend.o")).isTrue();
    assertThat(MinGW.isCrtend("crtendS.o")).isTrue();
    assertThat(MinGW.isCrtend("crtend.obj")).isFalse();
    assertThat(MinGW.isCrtend("libgcc.a(crtend.o)")).isFalse();
    assertThat(MinGW.isCrtend("mycrtendXY.o")).isFalse();
  }
}
