package dev.jwin.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.coff.Bytes;
import dev.jwin.testkit.ArchiveBuilder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The archive symbol index as a hash table: lookups by name, first entry of a name, damaged indexes. */
class ArchiveIndexTest {
  private static final byte[] DATA = {1, 2, 3, 4};

  private static ArchiveIndex index(ArchiveBuilder b) {
    return new ArchiveReader("t.a", Bytes.of(b.build())).index();
  }

  @Test
  void namesFindTheirMembers() {
    ArchiveBuilder b = new ArchiveBuilder().add("a.o", DATA, "foo", "bar").add("b.o", DATA, "baz");
    ArchiveIndex x = index(b);
    int[] headers = b.layout().memberHeaders();
    assertThat(x.size()).isEqualTo(3);
    assertThat(x.memberOffset(x.find("foo"))).isEqualTo(headers[0]);
    assertThat(x.memberOffset(x.find("bar"))).isEqualTo(headers[0]);
    assertThat(x.memberOffset(x.find("baz"))).isEqualTo(headers[1]);
    assertThat(x.name(x.find("baz"))).isEqualTo("baz");
    assertThat(x.find("ba")).isEqualTo(-1);
    assertThat(x.find("bazz")).isEqualTo(-1);
    assertThat(x.find("")).isEqualTo(-1);
  }

  @Test
  void aNameListedTwiceFindsItsFirstEntry() {
    ArchiveBuilder b = new ArchiveBuilder().add("a.o", DATA, "foo").add("b.o", DATA, "foo", "bar");
    ArchiveIndex x = index(b);
    assertThat(x.find("foo")).isZero();
    assertThat(x.memberOffset(x.find("foo"))).isEqualTo(b.layout().memberHeaders()[0]);
  }

  @Test
  void manyNamesAllFoundIncludingHashNeighbours() {
    ArchiveBuilder b = new ArchiveBuilder();
    // "Aa" and "BB" have the same String.hashCode: the table must compare the bytes.
    b.add("x.o", DATA, "Aa", "BB", "AaAa", "BBBB", "AaBB");
    for (int i = 0; i < 500; i++) b.add("m" + i + ".o", DATA, "sym" + i, "__imp_sym" + i);
    ArchiveIndex x = index(b);
    assertThat(x.size()).isEqualTo(1005);
    for (String n : new String[] {"Aa", "BB", "AaAa", "BBBB", "AaBB"}) assertThat(x.name(x.find(n))).isEqualTo(n);
    for (int i = 0; i < 500; i++) {
      assertThat(x.name(x.find("sym" + i))).isEqualTo("sym" + i);
      assertThat(x.name(x.find("__imp_sym" + i))).isEqualTo("__imp_sym" + i);
    }
    assertThat(x.find("sym500")).isEqualTo(-1);
  }

  @Test
  void namesCompareAsLatin1Text() {
    // The index holds the raw byte 0xe9: the name is "f\u00e9e", one char per byte.
    ByteBuffer idx = ByteBuffer.allocate(4 + 4 + 4);
    idx.putInt(1).putInt(8).put(new byte[] {'f', (byte) 0xe9, 'e', 0});
    ArchiveIndex x = index(new ArchiveBuilder().add("a.o", DATA, "x").overrideSymbolIndex(idx.array()));
    assertThat(x.find("f\u00e9e")).isZero();
    assertThat(x.name(0)).isEqualTo("f\u00e9e");
    assertThat(x.find("f\u0129e")).isEqualTo(-1); // a char beyond Latin-1 never matches a byte
    assertThat(x.startsWith(0, "f\u00e9")).isTrue();
    assertThat(x.startsWith(0, "fe")).isFalse();
    assertThat(x.startsWith(0, "f\u00e9ex")).isFalse();
  }

  @Test
  void aTruncatedNameListKeepsTheEntriesBeforeTheDamage() {
    // Three entries claimed; the names region ends inside the second name.
    ByteBuffer idx = ByteBuffer.allocate(4 + 3 * 4 + 8);
    idx.putInt(3).putInt(8).putInt(8).putInt(8);
    idx.put("foo\0bar".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 'x');
    ArchiveIndex x = index(new ArchiveBuilder().add("a.o", DATA, "foo").overrideSymbolIndex(idx.array()));
    assertThat(x.size()).isEqualTo(1);
    assertThat(x.find("foo")).isZero();
    assertThat(x.find("bar")).isEqualTo(-1);
    assertThat(x.failure()).hasMessageContaining("truncated archive symbol index (symbol 1 of 3)");
  }
}
