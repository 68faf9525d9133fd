package dev.jwin.libc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetTest {
  @Test
  void namesAndAliases() throws LibcException {
    assertThat(Target.parse("x86_64-windows-gnu")).isEqualTo(Target.X86_64);
    assertThat(Target.parse("x86_64-w64-mingw32")).isEqualTo(Target.X86_64);
    assertThat(Target.parse("i686-w64-windows-gnu")).isEqualTo(Target.I686);
    assertThat(Target.parse("aarch64")).isEqualTo(Target.AARCH64);
    assertThat(Target.AARCH64.conditionals()).containsEntry("LIBARM64", true).containsEntry("LIB64", false);
    assertThatThrownBy(() -> Target.parse("x86_64-linux-gnu")).hasMessageContaining("unknown target 'x86_64-linux-gnu'");
  }
}
