package dev.jwin.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwin.archive.ModuleDefinition.Export;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefFileTest {
  private static ModuleDefinition parse(String text) throws DefFile.ParseException {
    return DefFile.parse("t.def", text);
  }

  private static Export export(String name, String internal, int ordinal, boolean noname, boolean data,
      boolean constant, boolean isPrivate, String importName, String exportAs, int line, int column) {
    return new Export(name, internal, ordinal, noname, data, constant, isPrivate, importName, exportAs, line, column);
  }

  private static void assertError(String text, int line, int column, String message) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOfSatisfying(DefFile.ParseException.class, e -> {
          assertThat(e.diagnostic()).isEqualTo("t.def:" + line + ":" + column + ": " + message);
          assertThat(e.file()).isEqualTo("t.def");
        });
  }

  @Test
  void library() throws Exception {
    ModuleDefinition d = parse("LIBRARY kernel32.dll\n");
    assertThat(d.name()).isEqualTo("kernel32.dll");
    assertThat(d.isDll()).isTrue();
    assertThat(d.outputFile()).isEqualTo("kernel32.dll");
    assertThat(parse("LIBRARY foo").outputFile()).isEqualTo("foo.dll");
    assertThat(parse("library \"my lib\"").outputFile()).isEqualTo("my lib.dll");
    assertThat(parse("LIBRARY\nEXPORTS\nf\n").name()).isNull();
  }

  @Test
  void nameWithBase() throws Exception {
    ModuleDefinition d = parse("NAME app BASE=0x400000\n");
    assertThat(d.isDll()).isFalse();
    assertThat(d.outputFile()).isEqualTo("app.exe");
    assertThat(d.imageBase()).isEqualTo(0x400000L);
    assertThat(parse("name app base = 4096").imageBase()).isEqualTo(4096L);
    assertThat(parse("LIBRARY a.dll BASE=268435456").imageBase()).isEqualTo(0x10000000L);
  }

  @Test
  void heapAndStackSize() throws Exception {
    ModuleDefinition d = parse("HEAPSIZE 1048576,4096\nstacksize 0x200000\n");
    assertThat(d.heapReserve()).isEqualTo(1048576L);
    assertThat(d.heapCommit()).isEqualTo(4096L);
    assertThat(d.stackReserve()).isEqualTo(0x200000L);
    assertThat(d.stackCommit()).isZero();
  }

  @Test
  void version() throws Exception {
    assertThat(parse("VERSION 3.14")).satisfies(d -> {
      assertThat(d.majorImageVersion()).isEqualTo(3);
      assertThat(d.minorImageVersion()).isEqualTo(14);
    });
    assertThat(parse("Version 7").minorImageVersion()).isZero();
  }

  @Test
  void sections() throws Exception {
    ModuleDefinition d = parse("SECTIONS\n  .shared READ WRITE SHARED\n  .text execute read\nEXPORTS f\n");
    assertThat(d.sections()).containsExactly(
        new ModuleDefinition.Section(".shared", List.of("READ", "WRITE", "SHARED")),
        new ModuleDefinition.Section(".text", List.of("EXECUTE", "READ")));
    assertThat(d.exports()).extracting(Export::name).containsExactly("f");
  }

  @Test
  void exportForms() throws Exception {
    ModuleDefinition d = parse("""
        LIBRARY test.dll
        EXPORTS
          plain
          ext=internal
          fwd = other.func
          ord @5
          spaced @ 6 NONAME
          hidden @7 noname DATA
          var DATA
          k CONSTANT
          p PRIVATE
          alias == real
          ecfunc EXPORTAS #ecfunc
          "quoted name" @9
          Func@8
          @fast@12
        """);
    assertThat(d.exports()).containsExactly(
        export("plain", null, 0, false, false, false, false, null, null, 3, 3),
        export("ext", "internal", 0, false, false, false, false, null, null, 4, 3),
        export("fwd", "other.func", 0, false, false, false, false, null, null, 5, 3),
        export("ord", null, 5, false, false, false, false, null, null, 6, 3),
        export("spaced", null, 6, true, false, false, false, null, null, 7, 3),
        export("hidden", null, 7, true, true, false, false, null, null, 8, 3),
        export("var", null, 0, false, true, false, false, null, null, 9, 3),
        export("k", null, 0, false, false, true, false, null, null, 10, 3),
        export("p", null, 0, false, false, false, true, null, null, 11, 3),
        export("alias", null, 0, false, false, false, false, "real", null, 12, 3),
        export("ecfunc", null, 0, false, false, false, false, null, "#ecfunc", 13, 3),
        export("quoted name", null, 9, false, false, false, false, null, null, 14, 3),
        export("Func@8", null, 0, false, false, false, false, null, null, 15, 3),
        export("@fast@12", null, 0, false, false, false, false, null, null, 16, 3));
    assertThat(d.exports().get(2).isForwarder()).isTrue();
    assertThat(d.exports().get(1).isForwarder()).isFalse();
  }

  @Test
  void fastcallExportOnTheNextLineIsNotAnOrdinal() throws Exception {
    ModuleDefinition d = parse("EXPORTS\nfoo\n@bar@4\n");
    assertThat(d.exports()).extracting(Export::name).containsExactly("foo", "@bar@4");
  }

  @Test
  void commentsAndKeywordCase() throws Exception {
    ModuleDefinition d = parse("; a comment\nlibrary x.dll ; trailing\nexports\n  f ; DATA\n  g data\n");
    assertThat(d.name()).isEqualTo("x.dll");
    assertThat(d.exports()).containsExactly(
        export("f", null, 0, false, false, false, false, null, null, 4, 3),
        export("g", null, 0, false, true, false, false, null, null, 5, 3));
  }

  @Test
  void exportsNamedLikeKeywordsAtLineStart() throws Exception {
    // Windows exports HeapSize; a mixed-case keyword starting an entry line is a name.
    ModuleDefinition d = parse("EXPORTS\nHeapSize\nData\nVersion\nHEAPSIZE 4096\n");
    assertThat(d.exports()).extracting(Export::name).containsExactly("HeapSize", "Data", "Version");
    assertThat(d.heapReserve()).isEqualTo(4096L);
  }

  @Test
  void quotedKeywordIsAName() throws Exception {
    assertThat(parse("EXPORTS \"DATA\" \"EXPORTS\"").exports()).extracting(Export::name)
        .containsExactly("DATA", "EXPORTS");
  }

  @Test
  void emptyFile() throws Exception {
    ModuleDefinition d = parse("");
    assertThat(d.name()).isNull();
    assertThat(d.exports()).isEmpty();
    assertThat(d.outputFile()).isNull();
  }

  @Test
  void unknownDirective() {
    assertError("LIBRARY a\n  BOGUS x\n", 2, 3, "unknown directive: BOGUS");
  }

  @Test
  void ordinalOutOfRange() {
    assertError("EXPORTS\n f @0\n", 2, 4, "ordinal out of range (1..65535): 0");
    assertError("EXPORTS\n f @65536\n", 2, 4, "ordinal out of range (1..65535): 65536");
    assertError("EXPORTS\n f @ 99999999999\n", 2, 6, "ordinal out of range (1..65535): 99999999999");
  }

  @Test
  void ordinalMissing() {
    assertError("EXPORTS\n f @ DATA\n", 2, 6, "ordinal expected after '@', but got 'DATA'");
    assertError("EXPORTS\n f @", 2, 5, "ordinal expected after '@', but got end of file");
  }

  @Test
  void duplicateOrdinal() {
    assertError("EXPORTS\n a @1\n b @2\n c @1\n", 4, 2, "duplicate ordinal 1 for 'c' (already used by 'a' at line 2)");
  }

  @Test
  void nonameWithoutOrdinal() {
    assertError("EXPORTS\n a NONAME\n", 2, 4, "NONAME requires an ordinal before it");
  }

  @Test
  void missingNames() {
    assertError("EXPORTS\n a =\n", 3, 1, "identifier expected after '=', but got end of file");
    assertError("EXPORTS\n a = , b\n", 2, 6, "identifier expected after '=', but got ','");
    assertError("EXPORTS\n a ==\n", 3, 1, "identifier expected after '==', but got end of file");
    assertError("EXPORTS\n a EXPORTAS\n", 3, 1, "identifier expected after EXPORTAS, but got end of file");
  }

  @Test
  void badNumbers() {
    assertError("HEAPSIZE big\n", 1, 10, "integer expected for size, but got 'big'");
    assertError("STACKSIZE 1,\n", 2, 1, "integer expected for size, but got end of file");
    assertError("LIBRARY a BASE 5\n", 1, 16, "'=' expected after BASE, but got '5'");
    assertError("LIBRARY a BASE=0xZZ\n", 1, 16, "address out of range: 0xZZ");
    assertError("VERSION 1.x\n", 1, 9, "integer expected, but got '1.x'");
    assertError("VERSION\n", 2, 1, "version expected, but got end of file");
    assertError("VERSION 70000\n", 1, 9, "version out of range (0..65535): 70000");
  }

  @Test
  void unterminatedQuote() {
    assertError("EXPORTS\n  \"abc\n", 2, 3, "unterminated quoted name");
  }

  @Test
  void nonAsciiNamesSurviveByteForByte() throws Exception {
    String latin1 = new String("EXPORTS\n caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.nio.charset.StandardCharsets.ISO_8859_1);
    String name = parse(latin1).exports().getFirst().name();
    assertThat(name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
        .isEqualTo("caf\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
