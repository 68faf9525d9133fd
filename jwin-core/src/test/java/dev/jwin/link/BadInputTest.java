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

  /** A file-local name is decoded only when asked, but its string-table offset is checked when the object is read. */
  @Test
  void localNameOffsetOutOfRange() throws IOException {
    ObjectBuilder o = valid();
    o.local("some_long_static_name", o.sections().get(1), 0).overrideNameOffset(100_000);
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
  @Test
  void directoryAsInput() throws IOException {
    Files.createDirectory(dir.resolve("dir.obj"));
    Link.Result r = link.args(dir.resolve("dir.obj").toString()).run();
    assertFailedCleanly(r, "dir.obj", Set.of("dir.obj"), "is a directory");
    assertThat(r.errors()).as("lld-link's words").anySatisfy(l -> assertThat(l).endsWith("dir.obj': Is a directory"));
  }

  // ---- COMDAT section definitions ----

  /** A valid object plus a COMDAT section {@code .text$c} led by {@code c_leader}; {@code start} refers to it. */
  private static ObjectBuilder withComdat() {
    ObjectBuilder o = valid();
    var c = o.section(".text$c", IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ).data("c3")
        .comdat(IMAGE_COMDAT_SELECT_ANY);
    o.function("c_leader", c, 0);
    o.sections().get(0).reloc(0, IMAGE_REL_AMD64_ADDR32NB, "c_leader");
    return o;
  }

  /** Offset of the section-definition aux record of section {@code i} (0-based) in the built object. */
  private static int sectionAux(ObjectBuilder o, int i) {
    var l = o.layout();
    return l.symbolTable() + l.symbolRecordSize() * (l.sectionSymbolIndex()[i] + 1);
  }

  @Test
  void comdatSelectionOutOfRange() throws IOException {
    for (int sel : new int[] {0, 7, 0xff}) {
      ObjectBuilder o = withComdat();
      byte[] b = o.build();
      b[sectionAux(o, 2) + 14] = (byte) sel;
      assertRejected("bad.obj", b, "comdat type");
    }
  }

  @Test
  void associativeComdatNamingItself() throws IOException {
    ObjectBuilder o = withComdat();
    var a = o.section(".xdata$c", IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ).data("01020304");
    a.associative(o.sections().get(2));
    byte[] b = o.build();
    Bytes.putU16(b, sectionAux(o, 3) + 12, 4);
    assertRejected("bad.obj", b, "associative");
  }

  @Test
  void comdatSectionWithoutSectionDefinition() throws IOException {
    ObjectBuilder o = valid().sectionSymbols(false);
    var c = o.section(".text$c", IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ | IMAGE_SCN_LNK_COMDAT)
        .data("c3");
    o.raw(".text$c", 0, c, 0, 0, IMAGE_SYM_CLASS_STATIC); // the section symbol, without its aux record
    o.function("c_leader", c, 0);
    o.sections().get(0).reloc(0, IMAGE_REL_AMD64_ADDR32NB, "c_leader");
    assertRejected("bad.obj", o.build(), "section definition");
  }

  // ---- relocations ----

  @Test
  void overflowRelocationCountPastTheFileOrZero() throws IOException {
    for (long count : new long[] {100_000, 0}) {
      ObjectBuilder o = valid();
      var text = o.sections().get(0);
      text.characteristics(text.characteristics() | IMAGE_SCN_LNK_NRELOC_OVFL).overrideNumberOfRelocations(0xffff);
      byte[] b = o.build();
      // Under NRELOC_OVFL the first relocation record holds the real count, itself included.
      Bytes.putU32(b, o.layout().relocations()[0], count);
      assertRejected("bad.obj", b, "relocation");
    }
  }

  // ---- section names ----

  @Test
  void invalidBase64SectionName() throws IOException {
    for (String name : new String[] {"//!!!!!!", "//AAAAAA", "//"}) {
      ObjectBuilder o = valid();
      byte[] b = o.build();
      byte[] field = Bytes.filled(8, 0);
      System.arraycopy(Bytes.ascii(name), 0, field, 0, name.length());
      System.arraycopy(field, 0, b, o.layout().sectionTable() + 40, 8);
      assertRejected("bad.obj", b, "section", "name", "string table");
    }
  }

  // ---- .drectve ----

  private void assertDirectiveRejected(String directives, String... keywords) throws IOException {
    ObjectBuilder o = valid();
    o.drectve(directives);
    assertRejected("bad.obj", o.build(), keywords);
  }

  @Test
  void directiveWithUnknownOption() throws IOException {
    assertDirectiveRejected(" -nosuchoption:x", "unknown", "nosuchoption");
  }

  @Test
  void directiveWithBinaryGarbage() throws IOException {
    ObjectBuilder o = valid();
    o.section(".drectve", IMAGE_SCN_LNK_INFO | IMAGE_SCN_LNK_REMOVE).data(Bytes.hex("00ff13fe80c1"));
    assertRejected("bad.obj", o.build(), "directive", "unknown", "drectve");
  }

  @Test
  void directiveWithBase() throws IOException {
    assertDirectiveRejected(" -base:0x10000000", "base", "directive", "drectve");
  }

  // ---- archives ----

  @Test
  void archiveLongNameWithoutTerminator() throws IOException {
    var lib = new ArchiveBuilder().add("a_member_with_a_long_name.obj", valid());
    byte[] b = lib.build();
    // Drop the "/\n" after the only long name: the name then runs to the end of the table.
    String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = s.indexOf("a_member_with_a_long_name.obj/\n");
    b[at + 29] = 'x';
    b[at + 30] = 'y';
    assertRejected("bad.a", b, "name", "terminat");
  }

  @Test
  void archiveNestedAsMember() throws IOException {
    byte[] inner = new ArchiveBuilder().add("start.obj", valid()).build();
    var lib = new ArchiveBuilder().add("inner.a", inner, "start");
    assertRejected("bad.a", lib.build(), "archive");
  }

  // ---- import members ----

  @Test
  void importMemberWithNameTypeSeven() throws IOException {
    var lib = new ArchiveBuilder().add(ImportMemberBuilder.code("KERNEL32.dll", "ExitProcess").nameType(7));
    Link.Result r = link.input("a.obj", Probe.object("ExitProcess")).input("bad.lib", lib.build()).run();
    assertFailedCleanly(r, "bad.lib", Set.of("a.obj", "bad.lib"), "name type", "import");
  }

  @Test
  void importMemberWithTypeThree() throws IOException {
    var lib = new ArchiveBuilder().add(ImportMemberBuilder.code("KERNEL32.dll", "ExitProcess").type(3));
    Link.Result r = link.input("a.obj", Probe.object("__imp_ExitProcess")).input("bad.lib", lib.build()).run();
    assertFailedCleanly(r, "bad.lib", Set.of("a.obj", "bad.lib"), "type", "import");
  }

  // ---- command line ----

  @Test
  void negativeStackSize() throws IOException {
    Link.Result r = link.input("a.obj", valid()).args("-stack:-1").run();
    assertFailedCleanly(r, "stack", Set.of("a.obj"), "stack", "number", "invalid");
  }
}
