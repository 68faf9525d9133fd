package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.ArchiveBuilder;
import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.ImportMemberBuilder;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.PeImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each I386 relocation type (PE/COFF spec 5.2.1) and the PE32 image around it. As in
 * {@link RelocationTest}, {@code _start} is at offset 0 of a .text section whose bytes from offset 16
 * on are relocation slots, and {@code _target} sits 8 bytes into b.obj's .data in front of "TARGET!!".
 * C symbols carry x86's leading underscore; {@code -entry:start} finds {@code _start}. DIR16, REL16 and
 * SECREL7 follow the spec; lld-link-14 rejects them as unsupported (with {@code -Djwin.test.linker=lld-link-14}
 * those tests fail, the others pass).
 */
class I386RelocationTest {
  @TempDir Path dir;

  static final byte[] MARKER = Bytes.ascii("TARGET!!");
  static final int SLOT = 16;
  static final long IMAGE_BASE = 0x400000;

  /** An i386 object that declares itself SafeSEH-compatible (@feat.00 bit 0), as lld-link requires by default. */
  static ObjectBuilder x86Object() {
    ObjectBuilder o = new ObjectBuilder().machine(IMAGE_FILE_MACHINE_I386);
    o.absolute("@feat.00", 1);
    return o;
  }

  private static ObjectBuilder withSlot(int type, long addend, String target) {
    ObjectBuilder a = x86Object();
    byte[] code = new byte[48];
    code[0] = (byte) 0xc3;
    Bytes.putU64(code, SLOT, addend);
    var text = a.text().data(code);
    a.function("_start", text, 0);
    text.reloc(SLOT, type, target);
    // A second slot resolves the target's RVA independently.
    text.reloc(SLOT + 16, IMAGE_REL_I386_DIR32NB, "_target");
    return a;
  }

  private static ObjectBuilder targetObject() {
    ObjectBuilder b = x86Object();
    var data = b.data().data(Bytes.concat(Bytes.filled(8, 0x11), MARKER, Bytes.zeros(8)));
    b.global("_target", data, 8);
    b.absolute("_far", 0x7fff0000);
    b.absolute("_small", 0x1234);
    return b;
  }

  private Link.Result link(ObjectBuilder a) {
    return Link.in(dir).input("a.obj", a).input("b.obj", targetObject()).run();
  }

  private PeImage image(int type, long addend) {
    return link(withSlot(type, addend, "_target")).image();
  }

  private static long slot(PeImage img) {
    return Integer.toUnsignedLong(img.addressOfEntryPoint) + SLOT;
  }

  private static long targetRva(PeImage img) {
    return img.u32At(slot(img) + 16);
  }

  @Test
  void imageIsPe32ForI386() {
    PeImage img = image(IMAGE_REL_I386_DIR32NB, 0);
    assertThat(img.machine).isEqualTo(IMAGE_FILE_MACHINE_I386);
    assertThat(img.magic).isEqualTo(PE32_MAGIC);
    assertThat(img.sizeOfOptionalHeader).isEqualTo(224);
    assertThat(img.imageBase).isEqualTo(IMAGE_BASE);
    assertThat(img.characteristics & IMAGE_FILE_32BIT_MACHINE).isNotZero();
    // lld-link's defaults for 32-bit images: no large addresses, no high-entropy ASLR.
    assertThat(img.characteristics & IMAGE_FILE_LARGE_ADDRESS_AWARE).isZero();
    assertThat(img.dllCharacteristics & 0x20).isZero();
  }

  @Test
  void dir32IsTheTargetVaWithHighlowBaseRelocation() {
    PeImage img = image(IMAGE_REL_I386_DIR32, 4);
    assertThat(img.bytesAt(targetRva(img), 8)).isEqualTo(MARKER);
    assertThat(img.u32At(slot(img))).isEqualTo(IMAGE_BASE + targetRva(img) + 4);
    assertThat(img.baseRelocTypesAt(slot(img))).containsExactly(IMAGE_REL_BASED_HIGHLOW);
  }

  @Test
  void dir32nbIsTheTargetRva() {
    PeImage img = image(IMAGE_REL_I386_DIR32NB, 0x20);
    assertThat(img.u32At(slot(img))).isEqualTo(targetRva(img) + 0x20);
    assertThat(img.baseRelocTypesAt(slot(img))).isEmpty();
  }

  @Test
  void rel32IsRelativeToTheEndOfTheField() {
    PeImage img = image(IMAGE_REL_I386_REL32, 0);
    assertThat(slot(img) + 4 + img.i32At(slot(img))).isEqualTo(targetRva(img));
    assertThat(img.baseRelocTypesAt(slot(img))).isEmpty();
  }

  @Test
  void dir16HoldsASmallAbsoluteAddress() {
    PeImage img = link(withSlot(IMAGE_REL_I386_DIR16, 2, "_small")).image();
    assertThat(img.u16At(slot(img))).isEqualTo(0x1236);
  }

  @Test
  void dir16OutOfRangeIsAnError() {
    Link.Result r = link(withSlot(IMAGE_REL_I386_DIR16, 0, "_target"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).singleElement().asString()
        .contains("a.obj").contains("relocation out of range").contains(".text").contains("0x10").contains("_target");
  }

  @Test
  void rel16IsRelativeToTheEndOfTheField() {
    PeImage img = image(IMAGE_REL_I386_REL16, 0);
    assertThat(slot(img) + 2 + (short) img.u16At(slot(img))).isEqualTo(targetRva(img));
  }

  @Test
  void rel16OutOfRangeIsAnError() {
    Link.Result r = link(withSlot(IMAGE_REL_I386_REL16, 0, "_far"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).singleElement().asString()
        .contains("a.obj").contains("relocation out of range").contains(".text").contains("offset 0x10").contains("_far");
  }

  /** A section-relative relocation needs a target in a section: lld-link's error, located. */
  @Test
  void secrelAgainstAnAbsoluteSymbolIsAnError() {
    Link.Result r = link(withSlot(IMAGE_REL_I386_SECREL, 0, "_small"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).singleElement().asString().contains("a.obj")
        .contains("SECREL relocation cannot be applied to absolute symbols").contains(".text").contains("offset 0x10")
        .contains("_small");
  }

  @Test
  void sectionIsTheOutputSectionIndex() {
    PeImage img = image(IMAGE_REL_I386_SECTION, 0);
    int index = img.sections.indexOf(img.sectionAt(targetRva(img))) + 1;
    assertThat(img.u16At(slot(img))).isEqualTo(index);
  }

  @Test
  void secrelIsTheOffsetInTheOutputSection() {
    PeImage img = image(IMAGE_REL_I386_SECREL, 0);
    assertThat(img.u32At(slot(img))).isEqualTo(targetRva(img) - Integer.toUnsignedLong(img.sectionAt(targetRva(img)).virtualAddress()));
  }

  @Test
  void secrel7KeepsTheHighBit() {
    PeImage img = image(IMAGE_REL_I386_SECREL7, 0x80);
    long off = targetRva(img) - Integer.toUnsignedLong(img.sectionAt(targetRva(img)).virtualAddress());
    assertThat(img.bytesAt(slot(img), 1)[0] & 0xff).isEqualTo(0x80 | (int) (off & 0x7f));
  }

  @Test
  void seg12AndTokenAreUnsupported() {
    for (int type : new int[] {IMAGE_REL_I386_SEG12, IMAGE_REL_I386_TOKEN}) {
      Link.Result r = link(withSlot(type, 0, "_target"));
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.errors()).singleElement().asString().contains("unsupported relocation type 0x" + Integer.toHexString(type));
    }
  }

  @Test
  void importThunkJumpsThroughTheAbsoluteIatAddress() {
    ObjectBuilder a = x86Object();
    var text = a.text().data("e8 00 00 00 00 c3");
    a.function("_start", text, 0);
    text.reloc(1, IMAGE_REL_I386_REL32, "_ExitProcess@4");
    ArchiveBuilder lib = new ArchiveBuilder().add(ImportMemberBuilder.code("KERNEL32.dll", "_ExitProcess@4")
        .machine(IMAGE_FILE_MACHINE_I386).nameType(IMPORT_NAME_UNDECORATE));
    PeImage img = Link.in(dir).input("a.obj", a).input("kernel32.lib", lib).run().image();
    PeImage.ImportedSymbol sym = img.imports().get(0).symbols().get(0);
    assertThat(sym.name()).isEqualTo("ExitProcess");
    long callEnd = Integer.toUnsignedLong(img.addressOfEntryPoint) + 5;
    long thunk = callEnd + img.i32At(callEnd - 4);
    assertThat(img.bytesAt(thunk, 2)).isEqualTo(Bytes.hex("ff 25"));
    assertThat(img.u32At(thunk + 2)).isEqualTo(IMAGE_BASE + Integer.toUnsignedLong(sym.iatRva()));
    assertThat(img.baseRelocTypesAt(thunk + 2)).containsExactly(IMAGE_REL_BASED_HIGHLOW);
    // PE32 import tables have 4-byte slots.
    assertThat(img.u32At(Integer.toUnsignedLong(sym.iatRva()) + 4)).isZero();
  }

  /** -lldmingw: a call to stdcall "_f@4" that only a cdecl "_f" defines resolves to it (mingw's stdcall fixup). */
  @Test
  void mingwStdcallFixupResolvesToTheUndecoratedSymbol() {
    PeImage img = Link.in(dir).input("a.obj", withSlot(IMAGE_REL_I386_DIR32NB, 0, "_target@4"))
        .input("b.obj", targetObject()).args("-lldmingw").run().image();
    assertThat(img.u32At(slot(img))).isEqualTo(targetRva(img));
  }
  /**
   * The stdcall fixup's options as lld-link-14 has them: on under -lldmingw, with a warning naming each fixup;
   * silent with -stdcall-fixup (which also turns it on outside mingw); off with -stdcall-fixup:no or without
   * both. jwin and lld-link-14 link the same objects with the same exit code and the same messages.
   */
  @ParameterizedTest
  @ValueSource(strings = {"-lldmingw", "-lldmingw -stdcall-fixup", "-stdcall-fixup", "-lldmingw -stdcall-fixup:no",
      "-safeseh"})
  void stdcallFixupOptionsAsLldLink14(String options) {
    Link.Result[] r = new Link.Result[2];
    for (int i = 0; i < 2; i++) {
      Link l = Link.in(dir).out(i == 0 ? "lld.exe" : "jwin.exe");
      if (i == 0) l.linker("lld-link-14");
      r[i] = l.input("a.obj", withSlot(IMAGE_REL_I386_DIR32NB, 0, "_target@4")).input("b.obj", targetObject())
          .args(options.split(" ")).run();
    }
    assertThat(r[1].err()).isEqualTo(r[0].err());
    assertThat(r[1].exitCode()).isEqualTo(r[0].exitCode());
    boolean fixup = options.equals("-lldmingw") || options.endsWith("-stdcall-fixup");
    assertThat(r[0].exitCode()).as(r[0].err()).isEqualTo(fixup ? 0 : 1);
    assertThat(r[0].err().contains("warning: Resolving _target@4 by linking to _target")).isEqualTo(options.equals("-lldmingw"));
    if (fixup) assertThat(r[1].image().u32At(slot(r[1].image()))).isEqualTo(targetRva(r[1].image()));
  }
}
