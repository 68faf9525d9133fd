package dev.jwin.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.archive.ArchiveDump.Index;
import dev.jwin.archive.ArchiveWriter.Format;
import dev.jwin.archive.ArchiveWriter.Member;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveWriterTest {
  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i + 1);
    }
    return b;
  }

  private static final List<Member> MEMBERS = List.of(
      new Member("a.obj", bytes(3), List.of("zeta", "alpha")),
      new Member("a_rather_long_member_name.obj", bytes(4), List.of("mid", "alpha")),
      new Member("b.obj", bytes(5), List.of()),
      new Member("a_rather_long_member_name.obj", bytes(1), List.of("\u007fnull")));

  @Test
  void coffLayoutHasBothLinkerMembersAndNulTerminatedLongNames() {
    ArchiveDump d = ArchiveDump.read(ArchiveWriter.write(MEMBERS, Format.COFF));
    assertThat(d.raw()).extracting(ArchiveDump.Raw::nameField)
        .containsExactly("/", "/", "//", "a.obj/", "/0", "b.obj/", "/0");
    // The long name is stored once, NUL-terminated, and shared by both members using it.
    assertThat(new String(d.raw().get(2).body())).isEqualTo("a_rather_long_member_name.obj\0");
    List<ArchiveDump.Raw> m = d.members();
    int a = m.get(0).offset();
    int longName = m.get(1).offset();
    int last = m.get(3).offset();
    // First definition wins; the first linker member keeps member order, the second is sorted.
    assertThat(d.gnuIndex()).containsExactly(
        new Index("zeta", a), new Index("alpha", a), new Index("mid", longName), new Index("\u007fnull", last));
    assertThat(d.coffIndex()).containsExactly(
        new Index("alpha", a), new Index("mid", longName), new Index("zeta", a), new Index("\u007fnull", last));
    assertThat(d.coffMemberOffsets()).containsExactly(a, longName, m.get(2).offset(), last);
  }

  @Test
  void gnuLayoutKeepsDuplicateSymbolsAndSlashNewlineNames() {
    ArchiveDump d = ArchiveDump.read(ArchiveWriter.write(MEMBERS, Format.GNU));
    assertThat(d.raw()).extracting(ArchiveDump.Raw::nameField)
        .containsExactly("/", "//", "a.obj/", "/0", "b.obj/", "/0");
    assertThat(new String(d.raw().get(1).body())).isEqualTo("a_rather_long_member_name.obj/\n\n"); // padded, inside the size
    assertThat(d.gnuIndex()).extracting(Index::symbol).containsExactly("zeta", "alpha", "mid", "alpha", "\u007fnull");
    assertThat(d.coffIndex()).isEmpty();
  }

  @Test
  void headersAreDeterministicAndMembersEvenAligned() {
    byte[] archive = ArchiveWriter.write(MEMBERS, Format.COFF);
    ArchiveDump d = ArchiveDump.read(archive);
    assertThat(d.raw().get(0).header()).isEqualTo(String.format("%-16s%-12s%-6s%-6s%-8s%-10s`\n", "/", "0", "0", "0", "0",
        d.raw().get(0).sizeField()));
    assertThat(d.raw().get(2).header()).startsWith("//" + " ".repeat(46));
    for (ArchiveDump.Raw r : d.members()) {
      assertThat(r.header().substring(16, 48)).isEqualTo(String.format("%-12s%-6s%-6s%-8s", "0", "0", "0", "644"));
      assertThat(r.offset() % 2).isZero();
    }
    assertThat(d.members()).extracting(r -> r.body().length).containsExactly(3, 4, 5, 1);
    assertThat(ArchiveWriter.write(MEMBERS, Format.COFF)).isEqualTo(archive);
  }

  @Test
  void nameWithSlashGoesToLongNames() {
    ArchiveDump d = ArchiveDump.read(ArchiveWriter.write(List.of(new Member("dir/x.o", bytes(2), List.of("s"))), Format.GNU));
    assertThat(d.raw()).extracting(ArchiveDump.Raw::nameField).containsExactly("/", "//", "/0");
  }

  @Test
  void emptyArchives() {
    assertThat(ArchiveWriter.write(List.of(), Format.GNU)).isEqualTo("!<arch>\n".getBytes());
    ArchiveDump d = ArchiveDump.read(ArchiveWriter.write(List.of(), Format.COFF));
    assertThat(d.raw()).hasSize(2);
    assertThat(d.gnuIndex()).isEmpty();
    assertThat(d.coffIndex()).isEmpty();
  }

  @Test
  void symbolsOfShortImportsAndObjects() {
    var entries = List.<ImportLibraryWriter.Entry>of(
        new ImportLibraryWriter.ShortImport("f", 0, ImportLibraryWriter.ImportType.CODE, ImportLibraryWriter.NameType.NAME, null),
        new ImportLibraryWriter.ShortImport("v", 0, ImportLibraryWriter.ImportType.DATA, ImportLibraryWriter.NameType.NAME, null),
        new ImportLibraryWriter.WeakAlias("w", "t", true));
    var members = ImportLibraryWriter.members("x.dll", dev.jwin.coff.Machine.AMD64, entries);
    assertThat(members).extracting(m -> ArchiveWriter.symbolsOf(m.data())).containsExactly(
        List.of("__IMPORT_DESCRIPTOR_x"), // the two references are undefined there
        List.of("__NULL_IMPORT_DESCRIPTOR"),
        List.of("\u007fx_NULL_THUNK_DATA"),
        List.of("__imp_f", "f"),
        List.of("__imp_v"),
        List.of("__imp_w"));
    assertThat(ArchiveWriter.symbolsOf("plain text, not an object".getBytes())).isEmpty();
  }
}
