package dev.jwin.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Output layouts, target names and the i686 export aliases. */
class LayoutTest {
  @Test
  void presetsAndPatterns() {
    assertThat(Layout.of("jna").path("x86_64-windows-gnu", "foo")).isEqualTo("win32-x86-64/foo.dll");
    assertThat(Layout.of("jna").path("i686-w64-mingw32", "foo")).isEqualTo("win32-x86/foo.dll");
    assertThat(Layout.of("JNA").path("aarch64-windows-gnu", "foo")).isEqualTo("win32-aarch64/foo.dll");
    assertThat(Layout.of("natives").path("x86_64-windows-gnu", "foo")).isEqualTo("natives/windows-x86_64/foo.dll");
    assertThat(Layout.of("natives").path("i686-windows-gnu", "foo")).isEqualTo("natives/windows-x86/foo.dll");
    assertThat(Layout.of("lib/{target}/{arch}/{name}.dll").path("x86_64-windows-gnu", "foo"))
        .isEqualTo("lib/x86_64-windows-gnu/x86_64/foo.dll");
  }

  @Test
  void badSettingsSayWhatIsExpected() {
    assertThatThrownBy(() -> Layout.of("lib/{arch}/x.dll")).hasMessageContaining("{name}");
    assertThatThrownBy(() -> Layout.arch("x86_64-linux-gnu")).hasMessage(
        "unknown target 'x86_64-linux-gnu' (expected x86_64-windows-gnu, i686-windows-gnu or aarch64-windows-gnu)");
    assertThatThrownBy(() -> Layout.arch("mips-windows-gnu")).hasMessageContaining("unknown target 'mips-windows-gnu'");
  }

  @Test
  void stdcallAliasesFromJavacHeaders() {
    String header = """
        JNIEXPORT jstring JNICALL Java_sample_Native_greet
          (JNIEnv *, jclass, jstring);
        JNIEXPORT void JNICALL Java_sample_Native_wide
          (JNIEnv *, jobject, jlong, jdouble, jint);
        JNIEXPORT jint JNICALL Java_sample_Native_none
          (JNIEnv *, jclass);
        """;
    assertThat(StdcallExports.def(List.of(header))).isEqualTo("""
        EXPORTS
          Java_sample_Native_greet = Java_sample_Native_greet@12
          Java_sample_Native_greet@12
          Java_sample_Native_wide = Java_sample_Native_wide@28
          Java_sample_Native_wide@28
          Java_sample_Native_none = Java_sample_Native_none@8
          Java_sample_Native_none@8
        """);
    assertThat(StdcallExports.def(List.of("int x;"))).isNull();
  }
}
