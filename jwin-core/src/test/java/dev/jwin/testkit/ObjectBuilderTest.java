package dev.jwin.testkit;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kit's COFF writer puts every field where the PE/COFF specification says. */
class ObjectBuilderTest {
  @TempDir Path dir;

  private static ObjectBuilder sample() {
    ObjectBuilder o = new ObjectBuilder();
    var text = o.text().data("e8 00 00 00 00 c3");
    o.function("start", text, 0);
    text.reloc(1, IMAGE_REL_AMD64_REL32, "a_long_external_name");
    var comdat = o.section(".text$a_long_section_name", TEXT | alignFlag(16)).comdat(IMAGE_COMDAT_SELECT_ANY).data("c3");
    o.function("inl", comdat, 0);
    o.section(".xdata", RDATA | alignFlag(4)).associative(comdat).data("01020304");
    o.weak("w", "start", IMAGE_WEAK_EXTERN_SEARCH_ALIAS);
    o.common("c", 24);
    o.absolute("abs", 0x1234);
    return o;
  }

  @Test
  void fileHeaderAndSectionTable() {
    ObjectBuilder o = sample();
    byte[] b = o.build();
    assertThat(Bytes.u16(b, 0)).isEqualTo(IMAGE_FILE_MACHINE_AMD64);
    assertThat(Bytes.u16(b, 2)).isEqualTo(3);
    assertThat(Bytes.u32(b, 8)).isEqualTo(o.layout().symbolTable());
    assertThat(Bytes.u32(b, 12)).isEqualTo(o.layout().numberOfSymbols());
    int sec0 = 20;
    assertThat(new String(b, sec0, 5, StandardCharsets.US_ASCII)).isEqualTo(".text");
    assertThat(Bytes.u32(b, sec0 + 16)).isEqualTo(6);
    assertThat(Bytes.u32(b, sec0 + 20)).isEqualTo(o.layout().sectionData()[0]);
    assertThat(Bytes.u32(b, sec0 + 24)).isEqualTo(o.layout().relocations()[0]);
    assertThat(Bytes.u16(b, sec0 + 32)).isEqualTo(1);
    assertThat(Bytes.i32(b, sec0 + 36)).isEqualTo(TEXT | alignFlag(16));
    // Long section name: "/<offset>" into the string table.
    int sec1 = 60;
    String ref = new String(b, sec1, 8, StandardCharsets.US_ASCII).trim().replace("\0", "");
    assertThat(ref).startsWith("/");
    int off = Integer.parseInt(ref.substring(1));
    assertThat(cstring(b, o.layout().stringTable() + off)).isEqualTo(".text$a_long_section_name");
  }

  @Test
  void relocationRecordNamesTheSymbolIndex() {
    ObjectBuilder o = sample();
    byte[] b = o.build();
    int r = o.layout().relocations()[0];
    assertThat(Bytes.u32(b, r)).isEqualTo(1);
    int index = (int) Bytes.u32(b, r + 4);
    assertThat(Bytes.u16(b, r + 8)).isEqualTo(IMAGE_REL_AMD64_REL32);
    int sym = o.layout().symbolTable() + 18 * index;
    assertThat(Bytes.u32(b, sym)).isZero(); // long name
    assertThat(cstring(b, o.layout().stringTable() + (int) Bytes.u32(b, sym + 4))).isEqualTo("a_long_external_name");
    assertThat(Bytes.u16(b, sym + 12)).isZero();
    assertThat(Bytes.u8(b, sym + 16)).isEqualTo(IMAGE_SYM_CLASS_EXTERNAL);
  }

  @Test
  void sectionSymbolsCarryComdatSelectionAndAssociation() {
    ObjectBuilder o = sample();
    byte[] b = o.build();
    int comdatSym = o.layout().symbolTable() + 18 * o.layout().sectionSymbolIndex()[1];
    assertThat(Bytes.u8(b, comdatSym + 16)).isEqualTo(IMAGE_SYM_CLASS_STATIC);
    assertThat(Bytes.u8(b, comdatSym + 17)).isEqualTo(1);
    int aux = comdatSym + 18;
    assertThat(Bytes.u32(b, aux)).isEqualTo(1);
    assertThat(Bytes.u8(b, aux + 14)).isEqualTo(IMAGE_COMDAT_SELECT_ANY);
    int assocAux = o.layout().symbolTable() + 18 * o.layout().sectionSymbolIndex()[2] + 18;
    assertThat(Bytes.u16(b, assocAux + 12)).isEqualTo(2);
    assertThat(Bytes.u8(b, assocAux + 14)).isEqualTo(IMAGE_COMDAT_SELECT_ASSOCIATIVE);
    // The leader follows the section symbols.
    int leader = o.layout().symbolTable() + 18 * o.layout().symbolIndex()[1];
    assertThat(new String(b, leader, 3, StandardCharsets.US_ASCII)).isEqualTo("inl");
    assertThat(Bytes.u16(b, leader + 12)).isEqualTo(2);
  }

  @Test
  void weakCommonAndAbsoluteSymbols() {
    ObjectBuilder o = sample();
    byte[] b = o.build();
    int[] idx = o.layout().symbolIndex();
    int weak = o.layout().symbolTable() + 18 * idx[2];
    assertThat(Bytes.u8(b, weak + 16)).isEqualTo(IMAGE_SYM_CLASS_WEAK_EXTERNAL);
    assertThat(Bytes.u8(b, weak + 17)).isEqualTo(1);
    assertThat(Bytes.u32(b, weak + 18)).isEqualTo(idx[0]);
    assertThat(Bytes.u32(b, weak + 22)).isEqualTo(IMAGE_WEAK_EXTERN_SEARCH_ALIAS);
    int common = o.layout().symbolTable() + 18 * idx[3];
    assertThat(Bytes.u32(b, common + 8)).isEqualTo(24);
    assertThat(Bytes.u16(b, common + 12)).isZero();
    int abs = o.layout().symbolTable() + 18 * idx[4];
    assertThat(Bytes.u16(b, abs + 12)).isEqualTo(0xffff);
    assertThat(o.definedExternalNames()).containsExactly("start", "inl", "c", "abs");
  }

  @Test
  void bigobjHeader() {
    ObjectBuilder o = sample().bigobj(true);
    byte[] b = o.build();
    assertThat(Bytes.u16(b, 0)).isZero();
    assertThat(Bytes.u16(b, 2)).isEqualTo(0xffff);
    assertThat(Bytes.u16(b, 4)).isEqualTo(2);
    assertThat(Bytes.u16(b, 6)).isEqualTo(IMAGE_FILE_MACHINE_AMD64);
    assertThat(Bytes.u32(b, 44)).isEqualTo(3);
    assertThat(Bytes.u32(b, 48)).isEqualTo(o.layout().symbolTable());
    assertThat(o.layout().symbolRecordSize()).isEqualTo(20);
    assertThat(o.layout().stringTable() - o.layout().symbolTable()).isEqualTo(20 * o.layout().numberOfSymbols());
  }

  @Test
  void corruptionsApplyToTheBuiltBytes() {
    byte[] b = sample().overrideNumberOfSections(0xfffe).overrideNumberOfSymbols(77).truncateTo(30).build();
    assertThat(b).hasSize(30);
    assertThat(Bytes.u16(b, 2)).isEqualTo(0xfffe);
    assertThat(Bytes.u32(b, 12)).isEqualTo(77);
  }

  private static String cstring(byte[] b, int off) {
    int end = off;
    while (b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  /** When llvm-readobj-14 is installed, it must read the same structure back. */
  @Test
  void llvmReadobjAgrees() throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/llvm-readobj-14")), "llvm-readobj-14 not installed");
    for (boolean big : new boolean[] {false, true}) {
      Path obj = sample().bigobj(big).write(dir.resolve(big ? "big.obj" : "a.obj"));
      Process p = new ProcessBuilder("/usr/bin/llvm-readobj-14", "--sections", "--symbols", "--relocations",
          obj.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(out).isZero();
      assertThat(out).contains("Name: .text$a_long_section_name", "IMAGE_REL_AMD64_REL32 a_long_external_name",
          "Selection: Any (0x2)", "Selection: Associative (0x5)", "AssocSection: .text$a_long_section_name (2)",
          "StorageClass: WeakExternal (0x69)", "Linked: start", "Search: Alias (0x3)", "Value: 24",
          "Section: IMAGE_SYM_ABSOLUTE (-1)");
    }
  }
}
