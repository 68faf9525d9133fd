package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.PeImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS directory ({@code _tls_used}, as mingw's tlssup.o defines it in .rdata): the linker points the
 * TLS data directory at it and writes the largest alignment of the .tls sections into its Characteristics,
 * the last field of IMAGE_TLS_DIRECTORY64 (offset 36) or IMAGE_TLS_DIRECTORY32 (offset 20), and touches
 * nothing else: the data right after the directory is a marker that must survive. Passes the same with
 * {@code -Djwin.test.linker=lld-link-14}.
 */
class TlsDirectoryTest {
  @TempDir Path dir;

  static final int MACHINE_ARMNT = 0x1c4;
  static final long MARKER = 0x0123456789ABCDEFL;

  private PeImage link(int machine, String prefix, int directorySize) {
    ObjectBuilder o = new ObjectBuilder().machine(machine);
    var text = o.text().data(machine == MACHINE_ARMNT ? "70 47 00 bf" : "c3 90 90 90");
    o.function(prefix + "start", text, 0);
    o.section(".tls$AAA", DATA).align(16).data(Bytes.filled(16, 0x22));
    byte[] rdata = new byte[directorySize + 8];
    Bytes.putU64(rdata, directorySize, MARKER);
    o.global(prefix + "_tls_used", o.rdata().data(rdata), 0);
    Link.Result r = Link.in(dir).input("a.obj", o).entry("start")
        .args(machine == IMAGE_FILE_MACHINE_I386 ? new String[] {"-safeseh:no"} : new String[0]).run();
    assertThat(r.errors()).isEmpty();
    return r.image();
  }

  private static void assertAlignmentOnly(PeImage img, int directorySize) {
    PeImage.DataDirectory tls = img.directory(DIR_TLS);
    assertThat(tls.size()).isEqualTo(directorySize);
    assertThat(img.u32At(tls.rva() + directorySize - 4)).isEqualTo(alignFlag(16));
    assertThat(img.bytesAt(tls.rva(), directorySize - 4)).containsOnly((byte) 0);
    assertThat(img.u64At(tls.rva() + directorySize)).isEqualTo(MARKER);
  }

  @Test
  void amd64WritesTheAlignmentAtOffset36() {
    assertAlignmentOnly(link(IMAGE_FILE_MACHINE_AMD64, "", 40), 40);
  }

  @Test
  void i386WritesTheAlignmentAtOffset20() {
    assertAlignmentOnly(link(IMAGE_FILE_MACHINE_I386, "_", 24), 24);
  }

  @Test
  void armntWritesTheAlignmentAtOffset20() {
    assertAlignmentOnly(link(MACHINE_ARMNT, "", 24), 24);
  }
}
