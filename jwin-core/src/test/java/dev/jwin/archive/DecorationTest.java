package dev.jwin.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.archive.ImportLibraryWriter.Entry;
import dev.jwin.archive.ImportLibraryWriter.ImportType;
import dev.jwin.coff.Machine;
import dev.jwin.archive.ImportLibraryWriter.NameType;
import dev.jwin.archive.ImportLibraryWriter.ShortImport;
import dev.jwin.archive.ImportLibraryWriter.WeakAlias;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecorationTest {
  private static final Decoration.Options DLLTOOL = Decoration.Options.DLLTOOL;
  private static final Decoration.Options KILL_AT = new Decoration.Options(true, true, true);

  private static List<Entry> entries(String exports, Machine machine, Decoration.Options options) throws Exception {
    return Decoration.entries(DefFile.parse("t.def", "EXPORTS\n" + exports).exports(), machine, options);
  }

  private static ShortImport code(String symbol, NameType type) {
    return new ShortImport(symbol, 0, ImportType.CODE, type, null);
  }

  @Test
  void i386AddsLeadingUnderscoreAndStripsItOnImport() throws Exception {
    assertThat(entries("cdeclFunc\nStdFunc@8\n", Machine.I386, DLLTOOL)).containsExactly(
        code("_cdeclFunc", NameType.NAME_NOPREFIX),
        code("_StdFunc@8", NameType.NAME_NOPREFIX));
  }

  @Test
  void fastcallAndCppNamesAreAlreadyDecorated() throws Exception {
    assertThat(entries("@fast@12\n?method@@QAEXXZ\n", Machine.I386, DLLTOOL)).containsExactly(
        code("@fast@12", NameType.NAME),
        code("?method@@QAEXXZ", NameType.NAME));
  }

  @Test
  void killAtImportsUndecoratedNames() throws Exception {
    assertThat(entries("StdFunc@8\ncdecl\n@fast@12\n?cpp@@YAXXZ\nvar@4 DATA\n", Machine.I386, KILL_AT))
        .containsExactly(
            code("_StdFunc@8", NameType.NAME_UNDECORATE),
            code("_cdecl", NameType.NAME_NOPREFIX),
            code("@fast@12", NameType.NAME_UNDECORATE),
            code("?cpp@@YAXXZ", NameType.NAME),
            new ShortImport("_var@4", 0, ImportType.DATA, NameType.NAME_UNDECORATE, null));
  }

  @Test
  void killAtOnlyAppliesToI386() throws Exception {
    assertThat(entries("StdFunc@8\n", Machine.AMD64, KILL_AT)).containsExactly(code("StdFunc@8", NameType.NAME));
  }

  @Test
  void noLeadingUnderscore() throws Exception {
    var options = new Decoration.Options(false, false, true);
    assertThat(entries("f\n", Machine.I386, options)).containsExactly(code("f", NameType.NAME));
  }

  @Test
  void otherMachinesUseNamesAsWritten() throws Exception {
    for (Machine m : List.of(Machine.AMD64, Machine.ARM64, Machine.ARMNT)) {
      assertThat(entries("f\n_g\nh@4\n", m, DLLTOOL)).containsExactly(
          code("f", NameType.NAME), code("_g", NameType.NAME), code("h@4", NameType.NAME));
    }
  }

  @Test
  void ordinalsDataConstantPrivateAndExportAs() throws Exception {
    assertThat(entries("a @3\nb @4 NONAME\nc DATA\nd CONSTANT\ne PRIVATE\nf EXPORTAS g\n", Machine.AMD64, DLLTOOL))
        .containsExactly(
            new ShortImport("a", 3, ImportType.CODE, NameType.NAME, null),
            new ShortImport("b", 4, ImportType.CODE, NameType.ORDINAL, null),
            new ShortImport("c", 0, ImportType.DATA, NameType.NAME, null),
            new ShortImport("d", 0, ImportType.CONST, NameType.NAME, null),
            new ShortImport("f", 0, ImportType.CODE, NameType.NAME_EXPORTAS, "g"));
  }

  @Test
  void externalNameIsTheImportedSymbol() throws Exception {
    assertThat(entries("ext=internal\nfwd=other.func\n", Machine.I386, DLLTOOL)).containsExactly(
        code("_ext", NameType.NAME_NOPREFIX), code("_fwd", NameType.NAME_NOPREFIX));
  }

  @Test
  void importNameUsesANameTypeWhenOneFits() throws Exception {
    assertThat(entries("Func@8==Func\nstrlwr==_strlwr\n", Machine.I386, DLLTOOL)).containsExactly(
        code("_Func@8", NameType.NAME_UNDECORATE),
        code("_strlwr", NameType.NAME));
    assertThat(entries("same==same\n", Machine.AMD64, DLLTOOL)).containsExactly(code("same", NameType.NAME));
  }

  @Test
  void importNameOtherwiseBecomesAWeakAlias() throws Exception {
    assertThat(entries("f==g\nv DATA==w\n", Machine.AMD64, DLLTOOL)).containsExactly(
        new WeakAlias("f", "g", false),
        new WeakAlias("f", "g", true),
        new WeakAlias("v", "w", true));
    assertThat(entries("f==g\n", Machine.I386, DLLTOOL)).containsExactly(
        new WeakAlias("_f", "_g", false), new WeakAlias("_f", "_g", true));
  }

  @Test
  void libExeConventionsTreatAnyAtAsDecorated() throws Exception {
    var lib = new Decoration.Options(false, true, false);
    assertThat(entries("_Func@8\nFunc2@4\nplain\n", Machine.I386, lib)).containsExactly(
        code("_Func@8", NameType.NAME),
        code("Func2@4", NameType.NAME),
        code("_plain", NameType.NAME_NOPREFIX));
  }

  @Test
  void applyNameType() {
    assertThat(Decoration.applyNameType(NameType.NAME, "_f@4")).isEqualTo("_f@4");
    assertThat(Decoration.applyNameType(NameType.NAME_NOPREFIX, "_f@4")).isEqualTo("f@4");
    assertThat(Decoration.applyNameType(NameType.NAME_UNDECORATE, "_f@4")).isEqualTo("f");
    assertThat(Decoration.applyNameType(NameType.NAME_UNDECORATE, "@f@4")).isEqualTo("f");
    assertThat(Decoration.applyNameType(NameType.NAME_NOPREFIX, "?x@@Y")).isEqualTo("x@@Y");
  }

  @Test
  void isDecorated() {
    assertThat(Decoration.isDecorated("Func@8", true)).isFalse();
    assertThat(Decoration.isDecorated("Func@8", false)).isTrue();
    assertThat(Decoration.isDecorated("@f@4", true)).isTrue();
    assertThat(Decoration.isDecorated("?f@@YAXXZ", true)).isTrue();
    assertThat(Decoration.isDecorated("vc@@8", true)).isTrue();
    assertThat(Decoration.isDecorated("plain", false)).isFalse();
  }
}
