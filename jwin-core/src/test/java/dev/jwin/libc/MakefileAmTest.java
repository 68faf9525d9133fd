package dev.jwin.libc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MakefileAmTest {
  @TempDir Path dir;

  MakefileAm parse(String text, Map<String, Boolean> conds) throws IOException {
    Path f = dir.resolve("Makefile.am");
    Files.writeString(f, text);
    return MakefileAm.parse(f, conds, Map.of("MSVCRT_LIB", "libmsvcrt-os.a"));
  }

  @Test
  void assignmentsContinuationsAndConditionals() throws IOException {
    MakefileAm m = parse("""
        # comment
        src=a.c \\
          b.c   # trailing comment
        src += c.c
        if LIB64
        src += x64.c
        else
        src += other.c
        endif
        if !W32API
        all=$(src) @MSVCRT_LIB@ $(unset)
        endif
        """, Map.of("LIB64", true));
    assertThat(m.words("src")).containsExactly("a.c", "b.c", "c.c", "x64.c");
    assertThat(m.words("all")).containsExactly("a.c", "b.c", "c.c", "x64.c", "libmsvcrt-os.a");
    assertThat(m.has("unset")).isFalse();
  }

  @Test
  void includesWithReldirAndRules() throws IOException {
    Files.createDirectories(dir.resolve("lib64"));
    Files.writeString(dir.resolve("lib64/Makefile.am"), "lib64_DATA += %reldir%/libfoo.a\n");
    Files.createDirectories(dir.resolve("crt"));
    Files.writeString(dir.resolve("crt/crtbegin.c"), "");
    MakefileAm m = parse("""
        lib64_DATA = lib64/libbar.a
        include lib64/Makefile.am
        lib64/crt2.o: lib64/crt1.o
        \tcp $< $@
        lib64/%.o: crt/%.c
        \t$(COMPILE) -c $< -o $@
        """, Map.of());
    assertThat(m.words("lib64_DATA")).containsExactly("lib64/libbar.a", "lib64/libfoo.a");
    assertThat(m.ruleFor("lib64/crt2.o", dir).orElseThrow().recipe()).containsExactly("cp $< $@");
    assertThat(m.ruleFor("lib64/crtbegin.o", dir).orElseThrow().prerequisites()).containsExactly("crt/crtbegin.c");
    assertThat(m.ruleFor("lib64/crtend.o", dir)).isEmpty(); // crt/crtend.c does not exist
  }
}
