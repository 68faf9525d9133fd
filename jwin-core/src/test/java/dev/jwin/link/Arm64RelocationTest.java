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
 * Each ARM64 relocation type (PE/COFF spec 5.2.1) on real instruction encodings: {@code start} is at
 * offset 0 of .text, the instruction under test at offset 16; {@code target} is 8 bytes into b.obj's
 * .data ({@code odd} 12 bytes in, {@code far} an absolute address 1.25 GiB away). The addends live in
 * the instructions' immediates. Errors carry lld-link's words plus where: object, section, offset and
 * symbol. With {@code -Djwin.test.linker=lld-link-14} the error tests fail on that location (lld-link-14
 * prints the bare message) and on misaligned branches (lld-link-14 truncates them silently).
 */
class Arm64RelocationTest {
  @TempDir Path dir;

  static final int MACHINE_ARM64 = 0xaa64;
  static final int SLOT = 16;
  static final int ADDR32 = 0x1, ADDR32NB = 0x2, BRANCH26 = 0x3, PAGEBASE_REL21 = 0x4, REL21 = 0x5,
      PAGEOFFSET_12A = 0x6, PAGEOFFSET_12L = 0x7, SECREL = 0x8, SECREL_LOW12A = 0x9, SECREL_HIGH12A = 0xA,
      SECREL_LOW12L = 0xB, SECTION = 0xD, ADDR64 = 0xE, BRANCH19 = 0xF, BRANCH14 = 0x10, REL32 = 0x11;

  /** a.obj: start, then {@code insn} at SLOT relocated by {@code type} against {@code target}, then a probe slot. */
  private static ObjectBuilder withInsn(long insn, int type, String target) {
    ObjectBuilder a = new ObjectBuilder().machine(MACHINE_ARM64);
    byte[] code = new byte[48];
    Bytes.putU32(code, 0, 0xD65F03C0L); // ret
    Bytes.putU32(code, SLOT, insn);
    var text = a.text().data(code);
    a.function("start", text, 0);
    text.reloc(SLOT, type, target);
    text.reloc(SLOT + 16, ADDR32NB, "target"); // the target's RVA, independently
    return a;
  }

  private static ObjectBuilder targetObject() {
    ObjectBuilder b = new ObjectBuilder().machine(MACHINE_ARM64);
    var data = b.data().data(Bytes.concat(Bytes.filled(8, 0x11), Bytes.ascii("TARGET!!"), Bytes.zeros(16)));
    b.global("target", data, 8);
    b.global("odd", data, 12);
    b.global("unaligned", data, 9);
    b.global("deep", b.bss(0x1000010), 0x1000008); // 16 MiB into .bss: beyond SECREL_HIGH12A's 12 bits
    b.absolute("far", 0xF0000000); // 1.25 GiB below the image base: beyond every branch, within adrp's reach
    return b;
  }

  private Link.Result link(ObjectBuilder a) {
    return Link.in(dir).input("a.obj", a).input("b.obj", targetObject()).run();
  }

  private static long slot(PeImage img) {
    return Integer.toUnsignedLong(img.addressOfEntryPoint) + SLOT;
  }

  private static long target(PeImage img) {
    return img.u32At(slot(img) + 16);
  }

  private static long insn(PeImage img) {
    return img.u32At(slot(img));
  }

  /** The signed value of bits [lo, lo+bits) of an instruction. */
  private static long field(long insn, int lo, int bits) {
    long v = (insn >>> lo) & ((1L << bits) - 1);
    return (v << (64 - bits)) >> (64 - bits);
  }

  private static long adrImm(long insn) {
    long imm = ((insn >> 29) & 3) | (((insn >> 5) & 0x7FFFF) << 2);
    return (imm << 43) >> 43;
  }

  @Test
  void imageIsPe32PlusForArm64() {
    PeImage img = link(withInsn(0, ADDR32NB, "target")).image();
    assertThat(img.machine).isEqualTo(MACHINE_ARM64);
    assertThat(img.magic).isEqualTo(PE32PLUS_MAGIC);
    assertThat(img.imageBase).isEqualTo(0x140000000L);
  }

  @Test
  void branch26IsAWordOffset() {
    PeImage img = link(withInsn(0x94000000L, BRANCH26, "target")).image(); // bl
    assertThat(insn(img) >>> 26).isEqualTo(0x94000000L >>> 26);
    assertThat(slot(img) + 4 * field(insn(img), 0, 26)).isEqualTo(target(img));
  }

  @Test
  void branch19And14AreWordOffsets() {
    PeImage img = link(withInsn(0x54000000L, BRANCH19, "target")).image(); // b.eq
    assertThat(slot(img) + 4 * field(insn(img), 5, 19)).isEqualTo(target(img));
    img = link(withInsn(0x36000000L, BRANCH14, "target")).image(); // tbz w0, #0
    assertThat(slot(img) + 4 * field(insn(img), 5, 14)).isEqualTo(target(img));
  }

  /** B/BL beyond 128 MiB goes through a range-extension thunk (adrp, add, br x16) right after the caller. */
  @Test
  void branch26OutOfRangeGoesThroughARangeExtensionThunk() {
    PeImage img = link(withInsn(0x94000000L, BRANCH26, "far")).image();
    long thunk = slot(img) + 4 * field(insn(img), 0, 26);
    assertThat(thunk).isGreaterThan(slot(img)).isLessThan(slot(img) + 0x100);
    long adrp = img.u32At(thunk), add = img.u32At(thunk + 4);
    assertThat(adrp & 0x9F00001FL).isEqualTo(0x90000010L);
    assertThat(add & ~(0xFFFL << 10)).isEqualTo(0x91000210L);
    assertThat(img.u32At(thunk + 8)).isEqualTo(0xD61F0200L);
    long dest = (thunk & ~0xFFFL) + (adrImm(adrp) << 12) + ((add >> 10) & 0xFFF);
    assertThat(dest).isEqualTo(0xF0000000L - img.imageBase);
  }

  /** B.cond (1 MiB) and TBZ (32 KiB) get thunks too. */
  @Test
  void shortBranchesOutOfRangeGoThroughThunks() {
    PeImage img = link(withInsn(0x54000000L, BRANCH19, "far")).image();
    assertThat(img.u32At(slot(img) + 4 * field(insn(img), 5, 19) + 8)).isEqualTo(0xD61F0200L);
    img = link(withInsn(0x36000000L, BRANCH14, "far")).image();
    assertThat(img.u32At(slot(img) + 4 * field(insn(img), 5, 14) + 8)).isEqualTo(0xD61F0200L);
  }

  /** A TBZ at the start of a 64 KiB section cannot reach even a thunk right after the section (lld-link-14 fails too: "adding thunks hasn't converged"). */
  @Test
  void branchThatCannotReachItsThunkIsAnError() {
    ObjectBuilder a = new ObjectBuilder().machine(MACHINE_ARM64);
    byte[] code = new byte[0x10000];
    Bytes.putU32(code, 0, 0x36000000L);
    var text = a.text().data(code);
    a.function("start", text, 0);
    text.reloc(0, BRANCH14, "far");
    Link.Result r = link(a);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).singleElement().asString()
        .contains("a.obj").contains("relocation out of range").contains(".text").contains("offset 0x0");
  }

  @Test
  void adrpAndAddMakeTheAddress() {
    ObjectBuilder a = withInsn(0x90000000L, PAGEBASE_REL21, "target"); // adrp x0
    PeImage img = link(a).image();
    long page = (slot(img) & ~0xFFFL) + (adrImm(insn(img)) << 12);
    assertThat(page).isEqualTo(target(img) & ~0xFFFL);
    img = link(withInsn(0x91000000L, PAGEOFFSET_12A, "target")).image(); // add x0, x0, #0
    assertThat((insn(img) >> 10) & 0xFFF).isEqualTo(target(img) & 0xFFF);
  }

  @Test
  void adrIsByteRelative() {
    PeImage img = link(withInsn(0x10000000L, REL21, "target")).image(); // adr x0
    assertThat(slot(img) + adrImm(insn(img))).isEqualTo(target(img));
  }

  @Test
  void ldrOffsetIsScaledByTheAccessSize() {
    PeImage img = link(withInsn(0xF9400000L, PAGEOFFSET_12L, "target")).image(); // ldr x0, [x0]
    assertThat(((insn(img) >> 10) & 0xFFF) << 3).isEqualTo(target(img) & 0xFFF);
    img = link(withInsn(0xB9400000L, PAGEOFFSET_12L, "odd")).image(); // ldr w0, [x0]
    assertThat(((insn(img) >> 10) & 0xFFF) << 2).isEqualTo((target(img) + 4) & 0xFFF);
  }

  @Test
  void misalignedLdrOffsetIsAnError() {
    Link.Result r = link(withInsn(0xF9400000L, PAGEOFFSET_12L, "odd")); // ldr x0 needs 8-byte alignment
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).singleElement().asString().contains("misaligned ldr/str offset")
        .contains("a.obj").contains(".text").contains("offset 0x10").contains("odd");
    r = link(withInsn(0x3DC00000L, PAGEOFFSET_12L, "target")); // ldr q0 needs 16 (target is at 8 mod 16)
    assertThat(r.exitCode()).isEqualTo(1);
    r = link(withInsn(0xF9400000L, SECREL_LOW12L, "odd")); // the section-relative form checks the same
    assertThat(r.errors()).singleElement().asString().contains("misaligned ldr/str offset").contains("odd");
  }

  /** A branch lands on an instruction: a target that is not a multiple of 4 away is an error, not truncated. */
  @Test
  void misalignedBranchTargetIsAnError() {
    for (int type : new int[] {BRANCH26, BRANCH19, BRANCH14}) {
      long insn = type == BRANCH26 ? 0x94000000L : type == BRANCH19 ? 0x54000000L : 0x36000000L;
      Link.Result r = link(withInsn(insn, type, "unaligned"));
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.errors()).singleElement().asString().contains("misaligned branch target")
          .contains("a.obj").contains(".text").contains("offset 0x10").contains("unaligned");
    }
  }

  /** SECREL_HIGH12A holds bits 12..23 of the offset in the section: 16 MiB in does not fit (lld-link's error). */
  @Test
  void secrelHigh12aOverflowIsAnError() {
    Link.Result r = link(withInsn(0x91400000L, SECREL_HIGH12A, "deep"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).singleElement().asString().contains("overflow in SECREL_HIGH12A relocation")
        .contains("a.obj").contains(".text").contains("offset 0x10").contains("deep");
  }

  /** Every section-relative form needs a target in a section. */
  @Test
  void secrelFormsAgainstAnAbsoluteSymbolAreErrors() {
    long[][] cases = {{0, SECREL}, {0x91000000L, SECREL_LOW12A}, {0x91400000L, SECREL_HIGH12A}, {0xF9400000L, SECREL_LOW12L}};
    for (long[] c : cases) {
      Link.Result r = link(withInsn(c[0], (int) c[1], "far"));
      assertThat(r.exitCode()).as("type 0x%x", c[1]).isEqualTo(1);
      assertThat(r.errors()).singleElement().asString().contains("SECREL relocation cannot be applied to absolute symbols")
          .contains("a.obj").contains(".text").contains("offset 0x10").contains("far");
    }
  }

  @Test
  void tokenIsUnsupported() {
    Link.Result r = link(withInsn(0, 0xC, "target"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).singleElement().asString().contains("unsupported relocation type 0xc").contains("a.obj");
  }

  @Test
  void absoluteAndImageRelative() {
    PeImage img = link(withInsn(0, ADDR64, "target")).image();
    assertThat(img.u64At(slot(img))).isEqualTo(0x140000000L + target(img));
    assertThat(img.baseRelocTypesAt(slot(img))).containsExactly(IMAGE_REL_BASED_DIR64);
    img = link(withInsn(0, ADDR32, "target")).image();
    assertThat(img.u32At(slot(img))).isEqualTo((0x140000000L + target(img)) & 0xFFFFFFFFL);
    assertThat(img.baseRelocTypesAt(slot(img))).isEmpty(); // as lld-link: only 64-bit addresses are rebased
    img = link(withInsn(0, REL32, "target")).image();
    assertThat(slot(img) + 4 + img.i32At(slot(img))).isEqualTo(target(img));
  }

  @Test
  void sectionRelativeForms() {
    PeImage img = link(withInsn(0, SECREL, "target")).image();
    long secrel = target(img) - Integer.toUnsignedLong(img.sectionAt(target(img)).virtualAddress());
    assertThat(img.u32At(slot(img))).isEqualTo(secrel);
    img = link(withInsn(0x91000000L, SECREL_LOW12A, "target")).image();
    assertThat((insn(img) >> 10) & 0xFFF).isEqualTo(secrel & 0xFFF);
    img = link(withInsn(0x91400000L, SECREL_HIGH12A, "target")).image(); // add x0, x0, #0, lsl #12
    assertThat((insn(img) >> 10) & 0xFFF).isEqualTo((secrel >> 12) & 0xFFF);
    img = link(withInsn(0xF9400000L, SECREL_LOW12L, "target")).image();
    assertThat(((insn(img) >> 10) & 0xFFF) << 3).isEqualTo(secrel & 0xFFF);
    img = link(withInsn(0, SECTION, "target")).image();
    assertThat(img.u16At(slot(img))).isEqualTo(img.sections.indexOf(img.sectionAt(target(img))) + 1);
  }

  @Test
  void importThunkIsAdrpLdrBrThroughTheIatSlot() {
    ObjectBuilder a = new ObjectBuilder().machine(MACHINE_ARM64);
    byte[] code = new byte[8];
    Bytes.putU32(code, 0, 0x94000000L); // bl ExitProcess
    Bytes.putU32(code, 4, 0xD65F03C0L);
    var text = a.text().data(code);
    a.function("start", text, 0);
    text.reloc(0, BRANCH26, "ExitProcess");
    ArchiveBuilder lib = new ArchiveBuilder().add(ImportMemberBuilder.code("KERNEL32.dll", "ExitProcess")
        .machine(MACHINE_ARM64));
    PeImage img = Link.in(dir).input("a.obj", a).input("kernel32.lib", lib).run().image();
    long entry = Integer.toUnsignedLong(img.addressOfEntryPoint);
    long thunk = entry + 4 * field(img.u32At(entry), 0, 26);
    long slot = Integer.toUnsignedLong(img.imports().get(0).symbols().get(0).iatRva());
    long adrp = img.u32At(thunk), ldr = img.u32At(thunk + 4);
    assertThat(adrp & 0x9F00001FL).isEqualTo(0x90000010L);
    assertThat((thunk & ~0xFFFL) + (adrImm(adrp) << 12)).isEqualTo(slot & ~0xFFFL);
    assertThat(ldr & ~(0xFFFL << 10)).isEqualTo(0xF9400210L);
    assertThat(((ldr >> 10) & 0xFFF) << 3).isEqualTo(slot & 0xFFF);
    assertThat(img.u32At(thunk + 8)).isEqualTo(0xD61F0200L);
    assertThat(thunk % 4).isZero();
  }
}
