package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.ArchiveBuilder;
import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.ImportMemberBuilder;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.PeImage;
import dev.jwin.testkit.Probe;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** Short import members (spec 7.1) become an import directory, an IAT and call thunks. */
class ImportTest {
  @TempDir Path dir;

  private static ArchiveBuilder kernel32() {
    return new ArchiveBuilder()
        .add(ImportMemberBuilder.code("KERNEL32.dll", "ExitProcess").hint(0x167))
        .add(ImportMemberBuilder.code("KERNEL32.dll", "GetStdHandle").hint(0x2a1))
        .add(ImportMemberBuilder.code("KERNEL32.dll", "WriteFile"));
  }

  /** start: {@code call ExitProcess}. */
  private static ObjectBuilder callsExitProcess() {
    ObjectBuilder o = new ObjectBuilder();
    var text = o.text().data("48 83 ec 28 31 c9 e8 00 00 00 00 cc");
    o.function("start", text, 0);
    text.reloc(7, IMAGE_REL_AMD64_REL32, "ExitProcess");
    return o;
  }

  @Test
  void importTableNamesTheDllAndTheFunction() {
    PeImage img = Link.in(dir).input("a.obj", callsExitProcess()).input("kernel32.lib", kernel32()).run().image();
    List<PeImage.ImportedDll> imports = img.imports();
    assertThat(imports).hasSize(1);
    assertThat(imports.get(0).name()).isEqualTo("KERNEL32.dll");
    assertThat(imports.get(0).symbols()).extracting(PeImage.ImportedSymbol::name).containsExactly("ExitProcess");
    assertThat(imports.get(0).symbols().get(0).hint()).isEqualTo(0x167);
  }

  @Test
  void callGoesThroughAJumpThunkToTheIatSlot() {
    PeImage img = Link.in(dir).input("a.obj", callsExitProcess()).input("kernel32.lib", kernel32()).run().image();
    long callEnd = Integer.toUnsignedLong(img.addressOfEntryPoint) + 11;
    long thunk = callEnd + img.i32At(callEnd - 4);
    assertThat(img.bytesAt(thunk, 2)).isEqualTo(Bytes.hex("ff 25"));
    long slot = thunk + 6 + img.i32At(thunk + 2);
    assertThat(slot).isEqualTo(Integer.toUnsignedLong(img.imports().get(0).symbols().get(0).iatRva()));
    assertThat(img.sectionAt(thunk).has(IMAGE_SCN_MEM_EXECUTE)).isTrue();
  }

  /**
   * Thunks are laid out in the order their import members were loaded (as lld-link does), while the IAT is
   * sorted by name: the library holds WriteFile before GetStdHandle.
   */
  @Test
  void thunksFollowLoadOrderNotTheIatOrder() {
    ObjectBuilder o = new ObjectBuilder();
    var text = o.text().data("e8 00 00 00 00 e8 00 00 00 00 c3");
    o.function("start", text, 0);
    text.reloc(1, IMAGE_REL_AMD64_REL32, o.undefined("WriteFile"));
    text.reloc(6, IMAGE_REL_AMD64_REL32, o.undefined("GetStdHandle"));
    ArchiveBuilder lib = new ArchiveBuilder().add(ImportMemberBuilder.code("KERNEL32.dll", "WriteFile"))
        .add(ImportMemberBuilder.code("KERNEL32.dll", "GetStdHandle"));
    PeImage img = Link.in(dir).input("a.obj", o).input("kernel32.lib", lib).run().image();
    long entry = Integer.toUnsignedLong(img.addressOfEntryPoint);
    long writeFileThunk = entry + 5 + img.i32At(entry + 1), getStdHandleThunk = entry + 10 + img.i32At(entry + 6);
    assertThat(writeFileThunk).isLessThan(getStdHandleThunk);
    assertThat(img.imports().get(0).symbols()).extracting(PeImage.ImportedSymbol::name)
        .containsExactly("GetStdHandle", "WriteFile");
  }

  @Test
  void impSymbolIsTheIatSlot() {
    PeImage img = Link.in(dir).input("a.obj", Probe.object("__imp_GetStdHandle")).input("kernel32.lib", kernel32())
        .run().image();
    PeImage.ImportedSymbol sym = img.imports().get(0).symbols().get(0);
    assertThat(sym.name()).isEqualTo("GetStdHandle");
    assertThat(Probe.rva(img, 0)).isEqualTo(Integer.toUnsignedLong(sym.iatRva()));
  }

  @Test
  void iatSlotInTheFileHoldsTheHintNameRvaLikeTheLookupTable() {
    PeImage img = Link.in(dir).input("a.obj", callsExitProcess()).input("kernel32.lib", kernel32()).run().image();
    PeImage.ImportedDll dll = img.imports().get(0);
    assertThat(img.u64At(Integer.toUnsignedLong(dll.iatRva()))).isEqualTo(img.u64At(Integer.toUnsignedLong(dll.lookupTableRva())));
    assertThat(img.u64At(Integer.toUnsignedLong(dll.iatRva()) + 8)).isZero();
  }

  @Test
  void iatDirectoryCoversTheSlots() {
    PeImage img = Link.in(dir).input("a.obj", callsExitProcess()).input("kernel32.lib", kernel32()).run().image();
    PeImage.DataDirectory iat = img.directory(DIR_IAT);
    long slot = Integer.toUnsignedLong(img.imports().get(0).symbols().get(0).iatRva());
    assertThat(slot).isBetween(Integer.toUnsignedLong(iat.rva()), Integer.toUnsignedLong(iat.rva()) + iat.size() - 8);
  }

  @Test
  void onlyReferencedFunctionsAreImportedEachOnce() {
    ObjectBuilder a = Probe.object("__imp_WriteFile", "__imp_ExitProcess", "__imp_WriteFile");
    PeImage img = Link.in(dir).input("a.obj", a).input("kernel32.lib", kernel32()).run().image();
    assertThat(img.imports().get(0).symbols()).extracting(PeImage.ImportedSymbol::name)
        .containsExactlyInAnyOrder("WriteFile", "ExitProcess");
    assertThat(Probe.rva(img, 0)).isEqualTo(Probe.rva(img, 2));
  }

  @Test
  void functionsAreGroupedByDll() {
    var lib = kernel32().add(ImportMemberBuilder.code("USER32.dll", "MessageBoxA"));
    ObjectBuilder a = Probe.object("__imp_ExitProcess", "__imp_MessageBoxA", "__imp_GetStdHandle");
    PeImage img = Link.in(dir).input("a.obj", a).input("kernel32.lib", lib).run().image();
    assertThat(img.imports()).extracting(PeImage.ImportedDll::name).containsExactlyInAnyOrder("KERNEL32.dll", "USER32.dll");
    for (PeImage.ImportedDll dll : img.imports()) {
      assertThat(dll.symbols()).hasSize(dll.name().equals("KERNEL32.dll") ? 2 : 1);
    }
  }

  @Test
  void importByOrdinal() {
    var lib = new ArchiveBuilder().add(ImportMemberBuilder.code("ORD.dll", "byord").ordinal(42));
    PeImage img = Link.in(dir).input("a.obj", Probe.object("__imp_byord")).input("ord.lib", lib).run().image();
    PeImage.ImportedSymbol sym = img.imports().get(0).symbols().get(0);
    assertThat(sym.name()).isNull();
    assertThat(sym.ordinal()).isEqualTo(42);
  }

  @Test
  void dataImportDefinesOnlyTheImpSymbol() {
    var lib = new ArchiveBuilder().add(ImportMemberBuilder.data("MSVCRT.dll", "_environ"));
    PeImage img = Link.in(dir).input("a.obj", Probe.object("__imp__environ")).input("msvcrt.lib", lib).run().image();
    assertThat(img.imports().get(0).name()).isEqualTo("MSVCRT.dll");
    assertThat(img.imports().get(0).symbols().get(0).name()).isEqualTo("_environ");
  }

  @Test
  void noImportDirectoryWithoutImports() {
    PeImage img = Link.in(dir).input("a.obj", Probe.object()).run().image();
    assertThat(img.directory(DIR_IMPORT).rva()).isZero();
    assertThat(img.imports()).isEmpty();
  }
  /**
   * lld-link-14 gives the import directory no alignment of its own (later lld-links align it to 4): right after
   * the export names it starts at whatever address they end, on every machine. The same DLL (one export, one
   * import) linked by jwin and by lld-link-14: the import directory at the same, unaligned, address.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"x64, 0x8664, 3, fn", "x86, 0x14c, 7, _fn", "arm64, 0xaa64, 2, fn", "arm, 0x1c4, 2, fn"})
  void importDirectoryIsWhereLldLink14PutsIt(String machine, String machineNumber, int addr32nb, String symbol) throws Exception {
    int m = Integer.decode(machineNumber);
    ObjectBuilder o = new ObjectBuilder().machine(m);
    var text = o.text().data(Bytes.zeros(4));
    o.function(symbol, text, 0);
    String imported = symbol.replace("fn", "GetTickCount");
    text.reloc(0, addr32nb, "__imp_" + imported);
    ArchiveBuilder lib = new ArchiveBuilder().add(ImportMemberBuilder.code("KERNEL32.dll", imported).machine(m));
    long[] importDirectory = new long[2];
    for (int i = 0; i < 2; i++) {
      Link l = Link.in(dir).entry(null).out(i == 0 ? "lld/t.dll" : "jwin/t.dll");
      if (i == 0) l.linker("lld-link-14");
      java.nio.file.Files.createDirectories(l.output().getParent());
      PeImage img = l.input("a.obj", o).input("k.lib", lib)
          .args("-safeseh:no", "-dll", "-noentry", "-machine:" + machine, "-export:fnexport=" + symbol.replaceFirst("^_", "")).run().image();
      importDirectory[i] = Integer.toUnsignedLong(img.dataDirectories.get(1).rva());
    }
    assertThat(importDirectory[0] % 4).as("lld-link-14's import directory address").isNotZero();
    assertThat(importDirectory[1]).isEqualTo(importDirectory[0]);
  }
}
