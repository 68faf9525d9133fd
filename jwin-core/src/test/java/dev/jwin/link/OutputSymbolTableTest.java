package dev.jwin.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.Probe;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The COFF symbol table of an image ({@code -debug:dwarf}) lists the objects' defined symbols, but not the
 * addresses the linker made for mingw (the constructor lists, the pseudo-relocation list), even when an
 * object refers to them. Passes the same with {@code -Djwin.test.linker=lld-link-14}.
 */
class OutputSymbolTableTest {
  @TempDir Path dir;

  /** The names in the image's COFF symbol table, in order, each followed by its type as " 0x..". */
  private static List<String> symbolNames(byte[] image) {
    ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    int pe = b.getInt(0x3c);
    int table = b.getInt(pe + 12), count = b.getInt(pe + 16);
    int strings = table + 18 * count;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int rec = table + 18 * i;
      int start = b.getInt(rec) == 0 ? strings + b.getInt(rec + 4) : rec;
      int end = start;
      while (end < (start == rec ? rec + 8 : image.length) && image[end] != 0) end++;
      names.add(new String(image, start, end - start, StandardCharsets.UTF_8) + " 0x" + Integer.toHexString(b.getShort(rec + 14)));
      i += image[rec + 17]; // auxiliary records
    }
    return names;
  }

  @Test
  void linkerMadeMingwListsAreNotInTheSymbolTable() {
    ObjectBuilder mine = new ObjectBuilder();
    mine.global("mine", mine.data().data(Bytes.filled(8, 0x11)), 0);
    var r = Link.in(dir).input("a.obj", Probe.object("__CTOR_LIST__", "__RUNTIME_PSEUDO_RELOC_LIST__", "mine"))
        .input("b.obj", mine).args("-lldmingw", "-debug:dwarf").run();
    assertThat(r.errors()).isEmpty();
    List<String> names = symbolNames(r.outputBytes());
    assertThat(names).contains("start 0x20", "mine 0x0")
        .noneMatch(n -> n.startsWith("__CTOR_LIST__ ") || n.startsWith("__DTOR_LIST__ ")
            || n.startsWith("__RUNTIME_PSEUDO_RELOC_LIST__ ") || n.startsWith("__RUNTIME_PSEUDO_RELOC_LIST_END__ "));
  }

  /** a.obj refers to func before b.obj defines it as a function: the entry still says function (0x20). */
  @Test
  void typeComesFromTheDefiningObject() {
    ObjectBuilder b = new ObjectBuilder();
    b.function("func", b.text().data("c3"), 0);
    var r = Link.in(dir).input("a.obj", Probe.object("func")).input("b.obj", b).args("-debug:dwarf").run();
    assertThat(r.errors()).isEmpty();
    assertThat(symbolNames(r.outputBytes())).contains("func 0x20");
  }

  /** A file-local symbol's name goes to the table as the object spells it, short or long, whatever its bytes. */
  @Test
  void localNamesKeepTheirBytes() {
    ObjectBuilder b = new ObjectBuilder();
    String shortName = "l\u00e9ger", longName = "a_static_name_longer_than_eight_bytes";
    b.local(shortName, b.data().data(Bytes.filled(8, 0x11)), 0);
    b.local(longName, b.data().data(Bytes.filled(8, 0x22)), 4);
    var r = Link.in(dir).input("a.obj", Probe.object()).input("b.obj", b).args("-debug:dwarf").run();
    assertThat(r.errors()).isEmpty();
    assertThat(symbolNames(r.outputBytes())).contains(shortName + " 0x0", longName + " 0x0");
  }

  /** The file ends padded with zeros to the file alignment after the string table. */
  @Test
  void fileEndsAtTheFileAlignment() {
    var r = Link.in(dir).input("a.obj", Probe.object()).args("-debug:dwarf", "-filealign:0x400").run();
    assertThat(r.errors()).isEmpty();
    byte[] image = r.outputBytes();
    assertThat(image.length % 0x400).isZero();
    assertThat(symbolNames(image)).contains("start 0x20");
    assertThat(image[image.length - 1]).isZero();
  }
  /**
   * A weak external resolved to its default: lld-link-14 copies the default's symbol over it, name included, so the
   * table lists the default's name twice (where each was first listed) and not the weak name. Same table as lld's.
   */
  @Test
  void weakExternalIsListedUnderItsDefaultsName() {
    ObjectBuilder b = new ObjectBuilder();
    b.global(".weak.wf.default", b.data().data(Bytes.filled(8, 0x22)), 0);
    b.weak("wf", ".weak.wf.default");
    List<List<String>> tables = new ArrayList<>();
    for (String linker : List.of("lld-link-14", "")) {
      Link l = Link.in(dir).out(linker.isEmpty() ? "jwin.exe" : "lld.exe");
      if (!linker.isEmpty()) l.linker(linker);
      var r = l.input("a.obj", Probe.object("wf")).input("b.obj", b).args("-debug:dwarf").run();
      assertThat(r.errors()).isEmpty();
      tables.add(symbolNames(r.outputBytes()));
    }
    assertThat(tables.get(0)).doesNotContain("wf 0x0").filteredOn(n -> n.startsWith(".weak.wf.default ")).hasSize(2);
    assertThat(tables.get(1)).isEqualTo(tables.get(0));
  }
}
