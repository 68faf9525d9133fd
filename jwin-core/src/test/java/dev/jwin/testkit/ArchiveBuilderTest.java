package dev.jwin.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The kit's ar writer: lib.exe-compatible layout, and short import members per spec 7.1. */
class ArchiveBuilderTest {
  private static String ascii(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.ISO_8859_1);
  }

  @Test
  void symbolIndexPointsAtMemberHeaders() {
    ObjectBuilder foo = new ObjectBuilder();
    foo.global("foo", foo.data().data("00"), 0);
    var ar = new ArchiveBuilder().add("foo.obj", foo).add("a_member_with_a_long_name.obj", new byte[] {1, 2, 3}, "bar");
    byte[] b = ar.build();
    assertThat(ascii(b, 0, 8)).isEqualTo("!<arch>\n");
    assertThat(ascii(b, 8, 16)).isEqualTo("/               ");
    assertThat(ascii(b, 8 + 58, 2)).isEqualTo("`\n");
    int index = 8 + 60;
    assertThat(Bytes.u32BE(b, index)).isEqualTo(2);
    assertThat(Bytes.u32BE(b, index + 4)).isEqualTo(ar.layout().memberHeaders()[0]);
    assertThat(Bytes.u32BE(b, index + 8)).isEqualTo(ar.layout().memberHeaders()[1]);
    assertThat(ascii(b, index + 12, 8)).isEqualTo("foo\0bar\0");
    assertThat(ascii(b, ar.layout().memberHeaders()[0], 16)).isEqualTo("foo.obj/        ");
    // Long names go through the "//" member, GNU style ("name/\n").
    assertThat(ascii(b, ar.layout().memberHeaders()[1], 16)).isEqualTo("/0              ");
    assertThat(ascii(b, 0, b.length)).contains("//              ").contains("a_member_with_a_long_name.obj/\n");
    // Odd-sized member data is padded to an even offset.
    assertThat(b.length % 2).isZero();
  }

  @Test
  void microsoftSecondLinkerMemberIsLittleEndianAndSorted() {
    var ar = new ArchiveBuilder().msSecondMember(true).add("z.obj", new byte[] {0, 0}, "zeta", "alpha");
    byte[] b = ar.build();
    int first = 8 + 60;
    int firstSize = Integer.parseInt(ascii(b, 8 + 48, 10).trim());
    int second = first + firstSize + (firstSize & 1);
    assertThat(ascii(b, second, 16)).isEqualTo("/               ");
    int s = second + 60;
    assertThat(Bytes.u32(b, s)).isEqualTo(1);
    assertThat(Bytes.u32(b, s + 4)).isEqualTo(ar.layout().memberHeaders()[0]);
    assertThat(Bytes.u32(b, s + 8)).isEqualTo(2);
    assertThat(Bytes.u16(b, s + 12)).isEqualTo(1);
    assertThat(Bytes.u16(b, s + 14)).isEqualTo(1);
    assertThat(ascii(b, s + 16, 11)).isEqualTo("alpha\0zeta\0");
  }

  @Test
  void shortImportMember() {
    byte[] b = ImportMemberBuilder.code("KERNEL32.dll", "ExitProcess").hint(7).build();
    assertThat(Bytes.u16(b, 0)).isZero();
    assertThat(Bytes.u16(b, 2)).isEqualTo(0xffff);
    assertThat(Bytes.u16(b, 4)).isZero();
    assertThat(Bytes.u16(b, 6)).isEqualTo(Coff.IMAGE_FILE_MACHINE_AMD64);
    assertThat(Bytes.u32(b, 12)).isEqualTo("ExitProcess".length() + 1 + "KERNEL32.dll".length() + 1);
    assertThat(Bytes.u16(b, 16)).isEqualTo(7);
    assertThat(Bytes.u16(b, 18)).isEqualTo(Coff.IMPORT_CODE | Coff.IMPORT_NAME << 2);
    assertThat(ascii(b, 20, b.length - 20)).isEqualTo("ExitProcess\0KERNEL32.dll\0");
    assertThat(ImportMemberBuilder.code("K.dll", "f").symbols()).containsExactly("__imp_f", "f");
    assertThat(ImportMemberBuilder.data("K.dll", "v").symbols()).containsExactly("__imp_v");
  }

  @Test
  void ordinalImportMember() {
    byte[] b = ImportMemberBuilder.code("ORD.dll", "f").ordinal(42).build();
    assertThat(Bytes.u16(b, 16)).isEqualTo(42);
    assertThat(Bytes.u16(b, 18) >> 2 & 7).isEqualTo(Coff.IMPORT_ORDINAL);
  }
}
