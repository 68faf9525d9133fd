package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.PeImage;
import dev.jwin.testkit.Probe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Absolute symbols and the linker-defined __ImageBase. */
class SpecialSymbolTest {
  @TempDir Path dir;

  /** start, then ADDR64 at 16 and ADDR32NB at 24, both against {@code symbol}. */
  private static ObjectBuilder addr64And32nb(String symbol) {
    ObjectBuilder o = new ObjectBuilder();
    var text = o.text().data(Bytes.concat(Bytes.hex("c3"), Bytes.zeros(31)));
    o.function("start", text, 0);
    text.reloc(16, IMAGE_REL_AMD64_ADDR64, symbol);
    text.reloc(24, IMAGE_REL_AMD64_ADDR32NB, symbol);
    return o;
  }

  @Test
  void addr64ToAnAbsoluteSymbolIsItsValueWithoutBaseRelocation() {
    ObjectBuilder abs = new ObjectBuilder();
    abs.absolute("abs", 0x12345678);
    PeImage img = Link.in(dir).input("a.obj", addr64And32nb("abs")).input("b.obj", abs).run().image();
    long slot = Integer.toUnsignedLong(img.addressOfEntryPoint) + 16;
    assertThat(img.u64At(slot)).isEqualTo(0x12345678L);
    assertThat(img.baseRelocTypesAt(slot)).isEmpty();
  }

  @Test
  void imageBaseSymbolIsTheImageBase() {
    PeImage img = Link.in(dir).input("a.obj", addr64And32nb("__ImageBase")).run().image();
    long slot = Integer.toUnsignedLong(img.addressOfEntryPoint) + 16;
    assertThat(img.u64At(slot)).isEqualTo(0x140000000L);
    assertThat(img.u32At(slot + 8)).isZero();
    assertThat(img.baseRelocTypesAt(slot)).containsExactly(IMAGE_REL_BASED_DIR64);
  }

  @Test
  void imageBaseSymbolFollowsTheBaseOption() {
    PeImage img = Link.in(dir).input("a.obj", addr64And32nb("__ImageBase")).args("-base:0x180000000").run().image();
    assertThat(img.imageBase).isEqualTo(0x180000000L);
    assertThat(img.u64At(Integer.toUnsignedLong(img.addressOfEntryPoint) + 16)).isEqualTo(0x180000000L);
  }

  @Test
  void entryPointIsTheRvaOfTheEntrySymbol() {
    ObjectBuilder o = Probe.object("start");
    PeImage img = Link.in(dir).input("a.obj", o).run().image();
    assertThat(Probe.rva(img, 0)).isEqualTo(Integer.toUnsignedLong(img.addressOfEntryPoint));
    assertThat(img.sectionAt(img.addressOfEntryPoint).has(IMAGE_SCN_MEM_EXECUTE)).isTrue();
  }
}
