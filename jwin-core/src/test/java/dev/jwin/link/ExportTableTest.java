package dev.jwin.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.archive.ArchiveReader;
import dev.jwin.coff.Bytes;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.PeImage;
import dev.jwin.testkit.Probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export directory of DLLs (spec 6.3) and the import library written beside it. */
class ExportTableTest {
  @TempDir Path dir;

  /** What the export directory says: name → ordinal, ordinal → RVA, plus the DLL name and base. */
  record Exports(String dllName, int ordinalBase, Map<String, Integer> ordinals, Map<Integer, Long> rvas) {}

  static Exports exports(PeImage img) {
    PeImage.DataDirectory d = img.dataDirectories.get(0);
    long dirRva = Integer.toUnsignedLong(d.rva());
    assertThat(dirRva).as("export directory present").isNotZero();
    String dll = img.cstringAt(img.u32At(dirRva + 12));
    int base = (int) img.u32At(dirRva + 16);
    int entries = (int) img.u32At(dirRva + 20);
    int names = (int) img.u32At(dirRva + 24);
    long eat = img.u32At(dirRva + 28), np = img.u32At(dirRva + 32), ot = img.u32At(dirRva + 36);
    Map<Integer, Long> rvas = new LinkedHashMap<>();
    for (int i = 0; i < entries; i++) {
      long rva = img.u32At(eat + 4L * i);
      if (rva != 0) rvas.put(base + i, rva);
    }
    Map<String, Integer> ordinals = new LinkedHashMap<>();
    for (int i = 0; i < names; i++) {
      ordinals.put(img.cstringAt(img.u32At(np + 4L * i)), base + img.u16At(ot + 2L * i));
    }
    return new Exports(dll, base, ordinals, rvas);
  }

  /** An object with functions {@code start}, {@code alpha}, {@code beta} at offsets 0, 16, 32 and data {@code gamma}. */
  static ObjectBuilder library(String drectve) {
    ObjectBuilder o = new ObjectBuilder();
    var text = o.text().data(new byte[48]);
    o.function("start", text, 0);
    o.function("alpha", text, 16);
    o.function("beta", text, 32);
    var data = o.data().data(new byte[8]);
    o.global("gamma", data, 0);
    if (drectve != null) o.drectve(drectve);
    return o;
  }

  private Link dll(ObjectBuilder o) {
    return Link.in(dir).input("lib.obj", o).out("lib.dll").args("-dll", "-noentry");
  }

  @Test
  void namesAreSortedAndOrdinalsFollowThemFromOne() {
    PeImage img = dll(library(null)).args("-export:beta", "-export:alpha", "-export:gamma,DATA").run().image();
    Exports e = exports(img);
    assertThat(e.dllName()).isEqualTo("lib.dll");
    assertThat(List.copyOf(e.ordinals().keySet())).containsExactly("alpha", "beta", "gamma");
    assertThat(e.ordinals()).containsEntry("alpha", 1).containsEntry("beta", 2).containsEntry("gamma", 3);
    assertThat(e.rvas().get(2) - e.rvas().get(1)).isEqualTo(16);
    assertThat(img.sectionAt(e.rvas().get(3)).name()).isEqualTo(".data");
  }

  @Test
  void explicitOrdinalsAndNonameExports() {
    PeImage img = dll(library(null)).args("-export:alpha,@7", "-export:beta,@9,NONAME", "-export:start").run().image();
    Exports e = exports(img);
    assertThat(e.ordinals()).containsOnlyKeys("alpha", "start");
    assertThat(e.ordinals()).containsEntry("alpha", 7).containsEntry("start", 10);
    assertThat(e.rvas()).containsKeys(7, 9, 10);
    assertThat(e.rvas().get(9) - e.rvas().get(7)).isEqualTo(16);
  }

  @Test
  void undecoratedNameFindsTheCxxFunction() {
    ObjectBuilder o = library(null);
    o.function("?mangled@@YAHXZ", o.sections().get(0), 32);
    PeImage img = dll(o).args("-export:mangled", "-export:alpha").run().image();
    Exports e = exports(img);
    assertThat(e.ordinals()).containsOnlyKeys("alpha", "mangled");
    assertThat(e.rvas().get(e.ordinals().get("mangled")) - e.rvas().get(e.ordinals().get("alpha"))).isEqualTo(16);
  }

  @Test
  void privateExportIsInTheTable() {
    PeImage img = dll(library(null)).args("-export:alpha,PRIVATE", "-export:beta,@3,PRIVATE").run().image();
    // Unnumbered exports come after the highest explicit ordinal, as in lld.
    assertThat(exports(img).ordinals()).containsEntry("alpha", 4).containsEntry("beta", 3);
  }

  @Test
  void renamedExportPointsAtTheInternalSymbol() {
    PeImage img = dll(library(null)).args("-export:public=beta", "-export:alpha").run().image();
    Exports e = exports(img);
    assertThat(e.ordinals()).containsOnlyKeys("alpha", "public");
    assertThat(e.rvas().get(e.ordinals().get("public")) - e.rvas().get(e.ordinals().get("alpha"))).isEqualTo(16);
  }

  @Test
  void forwarderPointsAtItsTargetName() {
    PeImage img = dll(library(null)).args("-export:Sleep=kernel32.Sleep", "-export:alpha").run().image();
    Exports e = exports(img);
    long rva = e.rvas().get(e.ordinals().get("Sleep"));
    PeImage.DataDirectory d = img.dataDirectories.get(0);
    assertThat(rva).isBetween(Integer.toUnsignedLong(d.rva()), Integer.toUnsignedLong(d.rva()) + d.size());
    assertThat(img.cstringAt(rva)).isEqualTo("kernel32.Sleep");
  }

  @Test
  void drectveExportsAsDllexportEmitsThem() {
    PeImage img = dll(library(" -export:alpha -export:gamma,data")).run().image();
    assertThat(exports(img).ordinals()).containsOnlyKeys("alpha", "gamma");
  }

  @Test
  void moduleDefinitionFileGivesNamesOrdinalsAndTheDllName() throws Exception {
    Path def = dir.resolve("lib.def");
    Files.writeString(def, "LIBRARY renamed.dll\nEXPORTS\n  alpha @3\n  beta @4 NONAME\n  gamma DATA\n");
    PeImage img = Link.in(dir).input("lib.obj", library(null)).out("lib.dll").args("-dll", "-noentry", "-def:" + def).run().image();
    Exports e = exports(img);
    assertThat(e.ordinals()).containsEntry("alpha", 3).containsEntry("gamma", 5).doesNotContainKey("beta");
    assertThat(e.rvas()).containsKey(4);
  }

  @Test
  void duplicateOrdinalIsAnError() {
    Link.Result r = dll(library(null)).args("-export:alpha,@3", "-export:beta,@3").run();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("jwin: error: duplicate export ordinal");
    assertThat(Files.exists(dir.resolve("lib.dll"))).isFalse();
  }

  @Test
  void exportOfAnUndefinedSymbolIsAnError() {
    Link.Result r = dll(library(null)).args("-export:nowhere").run();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("undefined symbol: nowhere");
  }

  @Test
  void mingwExportsEveryEligibleSymbolWhenNoneIsNamed() {
    ObjectBuilder o = library(null);
    var text = o.text().data(new byte[16]);
    o.function("DllMain", text, 0);
    o.function("_head_libfoo_a", text, 8);
    PeImage img = dll(o).args("-lldmingw").run().image();
    assertThat(exports(img).ordinals()).containsOnlyKeys("alpha", "beta", "gamma", "start");
  }

  @Test
  void implibListsCodeAndDataImports() throws Exception {
    Path lib = dir.resolve("lib.lib");
    dll(library(null)).args("-export:alpha", "-export:gamma,DATA", "-implib:" + lib).run().image();
    byte[] bytes = Files.readAllBytes(lib);
    List<String> symbols = new ArrayList<>();
    new ArchiveReader(lib.toString(), Bytes.of(bytes)).forEachSymbol((s, off) -> symbols.add(s));
    assertThat(symbols).contains("alpha", "__imp_alpha", "__imp_gamma").doesNotContain("gamma");
  }

  @Test
  void exeLinkedAgainstTheImportLibraryImportsFromTheDll() throws Exception {
    Path lib = dir.resolve("lib.lib");
    dll(library(null)).args("-export:alpha", "-implib:" + lib).run().image();
    PeImage exe = Link.in(dir).input("main.obj", Probe.object("alpha")).input("lib.lib", Files.readAllBytes(lib)).run().image();
    assertThat(exe.imports()).extracting(PeImage.ImportedDll::name).containsExactly("lib.dll");
    assertThat(exe.imports().get(0).symbols()).extracting(PeImage.ImportedSymbol::name).containsExactly("alpha");
  }

  @Test
  void dllHasTheDllFlagAndBaseRelocations() {
    PeImage img = dll(library(null)).args("-export:alpha").run().image();
    assertThat(img.characteristics & 0x2000).isNotZero();
    assertThat(img.imageBase).isEqualTo(0x180000000L);
    assertThat(img.dllCharacteristics & 0x8000).as("no TERMINAL_SERVER_AWARE on DLLs").isZero();
  }
}
