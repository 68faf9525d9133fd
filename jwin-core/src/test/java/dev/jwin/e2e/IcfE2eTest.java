package dev.jwin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Identical code folding end to end: template instances that compile to the same code (and their unwind data)
 * fold with {@code -Wl,--icf=all} (lld-link's {@code -opt:icf}). The templates are compiled for the MSVC C++
 * ABI, whose COMDAT sections all share the name {@code .text} (mingw names each after its function, which keeps
 * lld-link from folding them), and called from a mingw C program through {@code extern "C"} functions.
 */
class IcfE2eTest {
  @BeforeAll
  static void startWine() {
    Tools.require();
    Wine.startServer(E2eCase.OUT_ROOT);
  }

  /** {@code icf_templates.cpp} compiled with clang for x86_64-pc-windows-msvc at -O2, without exceptions or RTTI. */
  private static Path msvcObject() {
    Path dir = E2eCase.OUT_ROOT.resolve("icf-msvc");
    E2eCase.freshDir(dir);
    Path obj = dir.resolve("icf_templates.obj");
    Proc.check(Proc.cmd(Tools.CLANGXX, "--target=x86_64-pc-windows-msvc", "-O2", "-fno-exceptions", "-fno-rtti", "-c",
        E2eCase.SRC.resolve("icf_templates.cpp"), "-o", obj), dir, "compile-icf_templates", E2eCase.COMPILE_TIMEOUT);
    return obj;
  }

  @Test
  void foldedTemplates_O2() {
    Path templates = msvcObject();
    // Same output under Wine as lld-link's image, and a .text of exactly lld-link's size.
    E2eCase folded = E2eCase.of("icf-O2", "icf_main.c").cflags("-O2").sameSizes(".text")
        .link(l -> l.linkerOption("-opt:icf").input(templates));
    folded.verify();
    // The same link without -opt:icf: jwin's .text is larger.
    E2eCase plain = E2eCase.of("icf-off-O2", "icf_main.c").cflags("-O2").link(l -> l.input(templates));
    E2eCase.Linked off = plain.link("main", plain.linkLine());
    long foldedText = ImageSummary.of(E2eCase.OUT_ROOT.resolve("icf-O2/main.jwin.exe")).section(".text").virtualSize();
    long plainText = off.candidate().section(".text").virtualSize();
    assertThat(foldedText).isLessThan(plainText);
  }
}
