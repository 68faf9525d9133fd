package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.ArchiveBuilder;
import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.ImportMemberBuilder;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.Probe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed inputs: one clear {@code jwin: error:} line naming the file and the problem, exit
 * code 1, no stack trace, the previous output file untouched and no temporary file left behind.
 */
class BadInputTest {
  @TempDir Path dir;

  private static final byte[] PREVIOUS = Bytes.ascii("previous output, must survive a failed link");
  private Link link;

  @BeforeEach
  void existingOutput() throws IOException {
    link = Link.in(dir);
    Files.write(link.output(), PREVIOUS);
  }

  /** A valid object: start, with an ADDR64 relocation to a local data symbol, and a long name. */
  private static ObjectBuilder valid() {
    ObjectBuilder o = new ObjectBuilder();
    var text = o.text().data(Bytes.concat(Bytes.hex("c3"), Bytes.zeros(15)));
    o.function("start", text, 0);
    var data = o.data().data(Bytes.ascii("DATA____"));
    o.local("a_long_data_symbol", data, 0);
    text.reloc(8, IMAGE_REL_AMD64_ADDR64, "a_long_data_symbol");
    return o;
  }

  /** Links {@code bad.obj} and checks the failure contract; keywords: at least one must appear. */
  private void assertRejected(String file, byte[] bytes, String... keywords) throws IOException {
    Link.Result r = link.input(file, bytes).run();
    assertFailedCleanly(r, file, Set.of(file), keywords);
  }

  private void assertFailedCleanly(Link.Result r, String file, Set<String> inputs, String... keywords)
      throws IOException {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.errors()).as(r.err()).isNotEmpty();
    assertThat(r.errors()).as("an error naming %s and one of %s", file, String.join("/", keywords))
        .anySatisfy(l -> {
          assertThat(l).contains(file);
          assertThat(l.toLowerCase(Locale.ROOT)).containsAnyOf(keywords);
        });
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(Files.readAllBytes(r.output())).as("previous output").isEqualTo(PREVIOUS);
    try (Stream<Path> files = Files.list(dir)) {
      Set<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
      Set<String> expected = new java.util.HashSet<>(inputs);
      expected.add(r.output().getFileName().toString());
      assertThat(names).as("files left in the output directory").isEqualTo(expected);
    }
  }

  @Test
  void truncatedCoffHeader() throws IOException {
    assertRejected("bad.obj", Bytes.truncate(valid().build(), 12), "truncated", "too small", "too short", "header",
        "end of file");
  }

  @Test
  void sectionDataPastEndOfFile() throws IOException {
    ObjectBuilder o = valid();
    int size = o.build().length;
    o.sections().get(1).overridePointerToRawData(size - 4);
    assertRejected("bad.obj", o.build(), "section", "data");
  }

  @Test
  void relocationsPastEndOfFile() throws IOException {
    ObjectBuilder o = valid();
    o.sections().get(0).overrideNumberOfRelocations(5000);
    assertRejected("bad.obj", o.build(), "relocation");
  }

  @Test
  void relocationSymbolIndexPastTheSymbolTable() throws IOException {
    ObjectBuilder o = valid();
    o.sections().get(0).relocToIndex(0, IMAGE_REL_AMD64_ADDR32NB, 9999);
    assertRejected("bad.obj", o.build(), "relocation", "symbol");
  }

  @Test
  void relocationOffsetPastTheSectionEnd() throws IOException {
    ObjectBuilder o = valid();
    o.sections().get(0).reloc(64, IMAGE_REL_AMD64_ADDR64, "start");
    assertRejected("bad.obj", o.build(), "relocation");
  }

  @Test
  void unknownRelocationType() throws IOException {
    ObjectBuilder o = valid();
    o.sections().get(0).reloc(0, 0x55, "start");
    assertRejected("bad.obj", o.build(), "relocation");
  }

  @Test
  void stringTableOffsetOutOfRange() throws IOException {
    ObjectBuilder o = valid();
    o.global("some_long_global_name", o.sections().get(1), 0).overrideNameOffset(100_000);
    assertRejected("bad.obj", o.build(), "string", "name");
  }

  @Test
  void symbolTablePastEndOfFile() throws IOException {
    ObjectBuilder o = valid();
    int size = o.build().length;
    o.overridePointerToSymbolTable(size + 64);
    assertRejected("bad.obj", o.build(), "symbol");
  }

  @Test
  void symbolSectionNumberOutOfRange() throws IOException {
    ObjectBuilder o = valid();
    o.raw("stray", 0, null, 57, 0, IMAGE_SYM_CLASS_EXTERNAL);
    assertRejected("bad.obj", o.build(), "section");
  }

  @Test
  void absurdNumberOfSections() throws IOException {
    assertRejected("bad.obj", valid().overrideNumberOfSections(0xfffe).build(), "section");
  }

  @Test
  void absurdNumberOfSymbols() throws IOException {
    assertRejected("bad.obj", valid().overrideNumberOfSymbols(0x7fffffff).build(), "symbol");
  }

  @Test
  void archiveMemberSizePastEndOfFile() throws IOException {
    var lib = new ArchiveBuilder().add("start.obj", valid()).overrideMemberSize(0, "99999");
    assertRejected("bad.a", lib.build(), "member", "size", "truncated", "end of file");
  }

  @Test
  void archiveMemberSizeNotANumber() throws IOException {
    var lib = new ArchiveBuilder().add("start.obj", valid()).overrideMemberSize(0, "12x4");
    assertRejected("bad.a", lib.build(), "member", "size");
  }

  @Test
  void truncatedArchiveSymbolIndex() throws IOException {
    // Claims 1000 symbols but holds one offset.
    var lib = new ArchiveBuilder().add("start.obj", valid())
        .overrideSymbolIndex(Bytes.concat(new byte[] {0, 0, 0x03, (byte) 0xe8}, new byte[] {0, 0, 0, 8}));
    assertRejected("bad.a", lib.build(), "symbol", "index", "table");
  }

  @Test
  void truncatedImportMember() throws IOException {
    var lib = new ArchiveBuilder().add(ImportMemberBuilder.code("KERNEL32.dll", "ExitProcess").overrideSizeOfData(500));
    Link.Result r = link.input("a.obj", Probe.object("__imp_ExitProcess")).input("bad.lib", lib.build()).run();
    assertFailedCleanly(r, "bad.lib", Set.of("a.obj", "bad.lib"), "import", "truncated", "size");
  }

  @Test
  void unknownFileMagic() throws IOException {
    assertRejected("notes.obj", Bytes.ascii("just some text, not an object file\n"), "unknown", "format", "magic",
        "not ", "unrecognized");
  }

  @Test
  void emptyFile() throws IOException {
    assertRejected("empty.obj", new byte[0], "empty", "unknown", "format", "truncated", "too small", "not ");
  }

  @Test
  void missingInputFile() throws IOException {
    Link.Result r = link.args(dir.resolve("nosuch.obj").toString()).run();
    assertFailedCleanly(r, "nosuch.obj", Set.of(), "no such file", "cannot open", "could not open", "not found",
        "does not exist");
  }
}
