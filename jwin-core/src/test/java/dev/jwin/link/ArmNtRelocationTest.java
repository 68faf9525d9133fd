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

/**
 * Each ARMNT (Thumb-2) relocation type the linker supports, on real encodings: {@code start} is at
 * offset 0 of .text, the instruction under test at offset 16; {@code func} is Thumb code in b.obj's
 * .text (so addresses of it carry the Thumb bit), {@code data} sits in its .data and {@code far} is an
 * absolute address 1 GiB away. Passes the same with {@code -Djwin.test.linker=lld-link-14} but for the
 * errors' location (object, section, offset and symbol), which lld-link-14 leaves out, and the wording of
 * the MOV32T error (lld-link-14 reports MOVW and MOVT separately).
 */
class ArmNtRelocationTest {
  @TempDir Path dir;

  static final int MACHINE_ARMNT = 0x1c4;
  static final int SLOT = 16;
  static final long IMAGE_BASE = 0x400000;
  static final int ADDR32 = 0x1, ADDR32NB = 0x2, REL32 = 0xA, SECTION = 0xE, SECREL = 0xF, MOV32T = 0x11,
      BRANCH20T = 0x12, BRANCH24T = 0x14, BLX23T = 0x15;
  static final int REL_BASED_THUMB_MOV32 = 7;
  static final long MOVW_MOVT_R0 = 0x0000F2C0_0000F240L; // movw r0, #0; movt r0, #0 (as two little-endian words)

  private static ObjectBuilder withInsn(long insn, int bytes, int type, String target) {
    ObjectBuilder a = new ObjectBuilder().machine(MACHINE_ARMNT);
    byte[] code = new byte[48];
    Bytes.putU32(code, 0, 0x4770); // bx lr
    if (bytes == 8) Bytes.putU64(code, SLOT, insn);
    else Bytes.putU32(code, SLOT, insn);
    var text = a.text().data(code);
    a.function("start", text, 0);
    text.reloc(SLOT, type, target);
    text.reloc(SLOT + 16, ADDR32NB, "data"); // the data's RVA, independently
    text.reloc(SLOT + 20, ADDR32NB, "func"); // the function's RVA | 1
    return a;
  }

  private static ObjectBuilder targetObject() {
    ObjectBuilder b = new ObjectBuilder().machine(MACHINE_ARMNT);
    var text = b.text().data("70 47 00 bf");
    b.function("func", text, 0);
    var data = b.data().data(Bytes.concat(Bytes.filled(8, 0x11), Bytes.ascii("TARGET!!")));
    b.global("data", data, 8);
    b.absolute("far", 0x40400000);
    return b;
  }

  private Link.Result link(ObjectBuilder a, String... args) {
    return Link.in(dir).input("a.obj", a).input("b.obj", targetObject()).args(args).run();
  }

  private static long slot(PeImage img) {
    return (Integer.toUnsignedLong(img.addressOfEntryPoint) & ~1L) + SLOT;
  }

  private static long dataRva(PeImage img) {
    return img.u32At(slot(img) + 16);
  }

  private static long funcRva(PeImage img) {
    return img.u32At(slot(img) + 20);
  }

  /** The 16-bit immediate of the Thumb-2 MOVW/MOVT at {@code rva}. */
  private static long movImm(PeImage img, long rva) {
    int op1 = img.u16At(rva), op2 = img.u16At(rva + 2);
    return (op2 & 0xFF) | ((op2 >> 4) & 0x700) | ((op1 << 1) & 0x800) | ((op1 & 0xF) << 12);
  }

  /** The byte offset of the Thumb-2 B.W/BL at {@code rva}, from the instruction plus 4. */
  private static long branch24Offset(PeImage img, long rva) {
    long op1 = img.u16At(rva), op2 = img.u16At(rva + 2);
    long s = (op1 >> 10) & 1, j1 = (op2 >> 13) & 1, j2 = (op2 >> 11) & 1;
    long i1 = ~(j1 ^ s) & 1, i2 = ~(j2 ^ s) & 1;
    long v = (s << 24) | (i1 << 23) | (i2 << 22) | ((op1 & 0x3FF) << 12) | ((op2 & 0x7FF) << 1);
    return (v << 39) >> 39;
  }

  @Test
  void imageIsPe32WithTheThumbBitOnTheEntryPoint() {
    PeImage img = link(withInsn(0, 4, ADDR32NB, "data")).image();
    assertThat(img.machine).isEqualTo(MACHINE_ARMNT);
    assertThat(img.magic).isEqualTo(PE32_MAGIC);
    assertThat(img.imageBase).isEqualTo(IMAGE_BASE);
    assertThat(img.addressOfEntryPoint & 1).isEqualTo(1);
    assertThat(funcRva(img) & 1).isEqualTo(1);
    assertThat(dataRva(img) & 1).isZero();
  }

  @Test
  void addr32OfCodeHasTheThumbBitAndAHighlowBaseRelocation() {
    PeImage img = link(withInsn(0, 4, ADDR32, "func")).image();
    assertThat(img.u32At(slot(img))).isEqualTo(IMAGE_BASE + funcRva(img));
    assertThat(img.baseRelocTypesAt(slot(img))).containsExactly(IMAGE_REL_BASED_HIGHLOW);
  }

  @Test
  void mov32tLoadsTheAddressWithAThumbMov32BaseRelocation() {
    PeImage img = link(withInsn(MOVW_MOVT_R0, 8, MOV32T, "data")).image();
    assertThat(movImm(img, slot(img)) | (movImm(img, slot(img) + 4) << 16)).isEqualTo(IMAGE_BASE + dataRva(img));
    assertThat(img.baseRelocTypesAt(slot(img))).containsExactly(REL_BASED_THUMB_MOV32);
  }

  @Test
  void branch24tAndBlx23tReachTheFunction() {
    for (int type : new int[] {BRANCH24T, BLX23T}) {
      PeImage img = link(withInsn(0xD000F000L, 4, type, "func")).image(); // bl
      assertThat(slot(img) + 4 + branch24Offset(img, slot(img))).isEqualTo(funcRva(img) & ~1L);
    }
  }

  @Test
  void branch20tIsAConditionalBranch() {
    PeImage img = link(withInsn(0x8000F000L, 4, BRANCH20T, "func")).image(); // beq.w
    long op1 = img.u16At(slot(img)), op2 = img.u16At(slot(img) + 2);
    long v = (((op1 >> 10) & 1) << 20) | (((op2 >> 11) & 1) << 19) | (((op2 >> 13) & 1) << 18) | ((op1 & 0x3F) << 12)
        | ((op2 & 0x7FF) << 1);
    assertThat(slot(img) + 4 + ((v << 43) >> 43)).isEqualTo(funcRva(img) & ~1L);
  }

  @Test
  void farBranchGoesThroughARangeExtensionThunk() {
    PeImage img = link(withInsn(0xD000F000L, 4, BRANCH24T, "far")).image();
    long thunk = slot(img) + 4 + branch24Offset(img, slot(img));
    assertThat(thunk).isGreaterThan(slot(img)).isLessThan(slot(img) + 0x100);
    long offset = movImm(img, thunk) | (movImm(img, thunk + 4) << 16);
    assertThat(img.u16At(thunk + 8)).isEqualTo(0x44E7); // add pc, ip
    assertThat((thunk + 12 + offset) & 0xFFFFFFFFL).isEqualTo(0x40400000L - IMAGE_BASE);
  }

  @Test
  void rel32SecrelAndSection() {
    PeImage img = link(withInsn(0, 4, REL32, "data")).image();
    assertThat(slot(img) + 4 + img.i32At(slot(img))).isEqualTo(dataRva(img));
    img = link(withInsn(0, 4, SECREL, "data")).image();
    assertThat(img.u32At(slot(img))).isEqualTo(dataRva(img) - Integer.toUnsignedLong(img.sectionAt(dataRva(img)).virtualAddress()));
    img = link(withInsn(0, 4, SECTION, "data")).image();
    assertThat(img.u16At(slot(img))).isEqualTo(img.sections.indexOf(img.sectionAt(dataRva(img))) + 1);
  }

  @Test
  void mov32tOnAnotherInstructionIsAnError() {
    Link.Result r = link(withInsn(0, 8, MOV32T, "data"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).singleElement().asString().contains("a.obj").contains(".text").contains("offset 0x10")
        .contains("data");
  }

  /** B.cond.W at the start of a section over 1 MiB long cannot reach even a thunk right after the section. */
  @Test
  void branch20tThatCannotReachItsThunkIsAnError() {
    ObjectBuilder a = new ObjectBuilder().machine(MACHINE_ARMNT);
    byte[] code = new byte[(1 << 20) + 16];
    Bytes.putU32(code, 0, 0x8000F000L); // beq.w
    var text = a.text().data(code);
    a.function("start", text, 0);
    text.reloc(0, BRANCH20T, "far");
    Link.Result r = link(a);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).singleElement().asString()
        .contains("a.obj").contains("relocation out of range").contains(".text").contains("offset 0x0").contains("far");
  }

  @Test
  void secrelAgainstAnAbsoluteSymbolIsAnError() {
    Link.Result r = link(withInsn(0, 4, SECREL, "far"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).singleElement().asString().contains("SECREL relocation cannot be applied to absolute symbols")
        .contains("a.obj").contains(".text").contains("offset 0x10").contains("far");
  }

  /** ARM-mode branches (ARM_BRANCH24, 0x3) have no place in Thumb-2 code. */
  @Test
  void armModeBranchIsUnsupported() {
    Link.Result r = link(withInsn(0, 4, 0x3, "func"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).singleElement().asString().contains("unsupported relocation type 0x3").contains("a.obj");
  }

  @Test
  void dynamicBaseCannotBeTurnedOff() {
    Link.Result r = link(withInsn(0, 4, ADDR32NB, "data"), "-dynamicbase:no");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).containsExactly("jwin: error: /dynamicbase:no is not compatible with arm");
  }

  @Test
  void importThunkIsMovwMovtLdrPc() {
    ObjectBuilder a = new ObjectBuilder().machine(MACHINE_ARMNT);
    var text = a.text().data("00 f0 00 d0 70 47");
    a.function("start", text, 0);
    text.reloc(0, BRANCH24T, "ExitProcess");
    ArchiveBuilder lib = new ArchiveBuilder().add(ImportMemberBuilder.code("KERNEL32.dll", "ExitProcess")
        .machine(MACHINE_ARMNT));
    PeImage img = Link.in(dir).input("a.obj", a).input("kernel32.lib", lib).run().image();
    long entry = Integer.toUnsignedLong(img.addressOfEntryPoint) & ~1L;
    long thunk = entry + 4 + branch24Offset(img, entry);
    long slot = Integer.toUnsignedLong(img.imports().get(0).symbols().get(0).iatRva());
    assertThat(movImm(img, thunk) | (movImm(img, thunk + 4) << 16)).isEqualTo(IMAGE_BASE + slot);
    assertThat(img.u32At(thunk + 8)).isEqualTo(0xF000F8DCL); // ldr.w pc, [ip]
    assertThat(img.baseRelocTypesAt(thunk)).containsExactly(REL_BASED_THUMB_MOV32);
  }
}
