package dev.jwin.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.CorruptInputException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading {@code ar} archives, including names that point into a missing or broken name table. */
class ArchiveReaderTest {
  private static String header(String name, int size) {
    return String.format("%-16s%-12s%-6s%-6s%-8s%-10d`\n", name, "0", "0", "0", "644", size);
  }

  private static ArchiveReader reader(String text) {
    return new ArchiveReader("t.a", Bytes.of(text.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void longNamesResolveThroughTheNameTable() {
    String names = "a_rather_long_member_name.o/\n\n"; // even length: members are 2-byte aligned
    String a = "!<arch>\n" + header("//", names.length()) + names + header("/0", 2) + "xy";
    List<String> members = new ArrayList<>();
    reader(a).forEachMember(m -> members.add(m.name()));
    assertThat(members).containsExactly("a_rather_long_member_name.o");
  }

  @Test
  void longNameWithoutANameTableIsAnErrorNotARecursion() {
    String a = "!<arch>\n" + header("/0", 2) + "xy";
    assertThatThrownBy(() -> reader(a).forEachMember(m -> {}))
        .isInstanceOf(CorruptInputException.class).hasMessageContaining("outside the name table");
  }

  @Test
  void malformedLongNameReferenceIsAnError() {
    String a = "!<arch>\n" + header("/1x", 2) + "xy";
    assertThatThrownBy(() -> reader(a).forEachMember(m -> {}))
        .isInstanceOf(CorruptInputException.class).hasMessageContaining("malformed name");
  }

  @Test
  void memberPastTheEndIsAnError() {
    String a = "!<arch>\n" + header("m.o/", 200) + "xy";
    assertThatThrownBy(() -> reader(a).forEachMember(m -> {}))
        .isInstanceOf(CorruptInputException.class).hasMessageContaining("extends past the end");
  }

  @Test
  void membersWithLongNamesCanBeReadFromManyThreadsAtOnce() {
    StringBuilder names = new StringBuilder();
    StringBuilder members = new StringBuilder();
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      int nameOffset = names.length();
      names.append("member_with_a_long_name_").append(i).append(".o/\n");
      offsets.add(nameOffset);
    }
    if (names.length() % 2 == 1) names.append('\n');
    String head = "!<arch>\n" + header("//", names.length()) + names;
    List<Long> headerOffsets = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      headerOffsets.add((long) (head.length() + members.length()));
      members.append(header("/" + offsets.get(i), 2)).append("xy");
    }
    String text = head + members;
    for (int round = 0; round < 50; round++) {
      ArchiveReader r = reader(text);
      List<String> got = headerOffsets.parallelStream().map(off -> r.memberAt(off).name()).toList();
      assertThat(got).hasSize(16).allMatch(n -> n.startsWith("member_with_a_long_name_"));
    }
  }

  @Test
  void anArchiveOpenedFromItsFileReadsWhatTheBytesDo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    String names = "a_rather_long_member_name.o/\n\n";
    String text = "!<arch>\n" + header("//", names.length()) + names + header("/0", 2) + "xy" + header("b.o/", 3) + "abc\n";
    java.nio.file.Path file = dir.resolve("t.a");
    java.nio.file.Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
    List<String> fromBytes = new ArrayList<>();
    reader(text).forEachMember(m -> fromBytes.add(m.name() + "=" + new String(m.data().toArray(), StandardCharsets.ISO_8859_1)));
    var f = new java.io.RandomAccessFile(file.toFile(), "r");
    try (ArchiveReader r = ArchiveReader.open("t.a", f, file, f.length(), dev.jwin.coff.FileKind.ARCHIVE)) {
      List<String> fromFile = new ArrayList<>();
      r.forEachMember(m -> fromFile.add(m.name() + "=" + new String(m.data().toArray(), StandardCharsets.ISO_8859_1)));
      assertThat(fromFile).containsExactlyElementsOf(fromBytes).containsExactly("a_rather_long_member_name.o=xy", "b.o=abc");
      long second = r.memberAt(8).nextOffset();
      assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8).parallelStream().map(i -> r.memberAt(second).name()).distinct().toList())
          .containsExactly("a_rather_long_member_name.o");
    }
    assertThat(f.getChannel().isOpen()).as("closed with the reader").isFalse();
  }

  @Test
  void anArchiveFileThatShrankAfterOpeningIsAnError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    String text = "!<arch>\n" + header("b.o/", 4) + "abcd";
    java.nio.file.Path file = dir.resolve("t.a");
    java.nio.file.Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
    try (var f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      ArchiveReader r = ArchiveReader.open("t.a", f, file, f.length(), dev.jwin.coff.FileKind.ARCHIVE);
      f.setLength(text.length() - 2);
      assertThatThrownBy(() -> r.memberAt(8)).isInstanceOf(CorruptInputException.class)
          .hasMessageContaining("t.a").hasMessageContaining("shrank");
    }
  }
}
