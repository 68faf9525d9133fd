package dev.jwin.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled jni.h / jni_md.h against the JNI specification's numbers: type sizes on Windows, the index of
 * function-table slots, stdcall decoration on i686; in C and C++, for x86_64 and i686, warnings as errors.
 */
class JniHeadersTest {
  static final Path INCLUDE = Path.of("src/main/resources/dev/jwin/maven/include").toAbsolutePath();
  @TempDir Path dir;

  static final String CHECKS = """
      #include <stddef.h>
      #include "jni.h"
      #define SLOT(name, index) _Static_assert(offsetof(struct JNINativeInterface_, name) == (index) * sizeof(void *), #name)
      _Static_assert(sizeof(jint) == 4 && sizeof(jlong) == 8 && sizeof(jbyte) == 1 && sizeof(jchar) == 2, "sizes");
      _Static_assert(sizeof(jboolean) == 1 && sizeof(jshort) == 2 && sizeof(jvalue) == 8, "sizes");
      SLOT(GetVersion, 4);
      SLOT(FindClass, 6);
      SLOT(NewGlobalRef, 21);
      SLOT(AllocObject, 27);
      SLOT(GetMethodID, 33);
      SLOT(CallVoidMethodA, 63);
      SLOT(GetFieldID, 94);
      SLOT(GetStaticMethodID, 113);
      SLOT(NewString, 163);
      SLOT(NewStringUTF, 167);
      SLOT(GetArrayLength, 171);
      SLOT(NewBooleanArray, 175);
      SLOT(RegisterNatives, 215);
      SLOT(GetJavaVM, 219);
      SLOT(ExceptionCheck, 228);
      SLOT(GetObjectRefType, 232);
      SLOT(GetStringUTFLengthAsLong, 235);
      _Static_assert(sizeof(struct JNINativeInterface_) == 236 * sizeof(void *), "table size");
      _Static_assert(offsetof(struct JNIInvokeInterface_, AttachCurrentThreadAsDaemon) == 7 * sizeof(void *), "vm");
      """;

  @Test
  void cSlotsSizesAndStdcallDecoration() throws Exception {
    Path c = dir.resolve("t.c");
    Files.writeString(c, CHECKS + """
        JNIEXPORT jint JNICALL Java_p_C_m(JNIEnv *env, jclass cls, jstring s, jlong big) {
          (void)cls;
          return (*env)->GetStringUTFLength(env, s) + (jint)big;
        }
        """);
    for (String target : List.of("x86_64-windows-gnu", "i686-windows-gnu"))
      clang("clang-14", target, c, dir.resolve(target + ".o"), "-std=c11");
    String x64 = run(List.of("llvm-nm-14", dir.resolve("x86_64-windows-gnu.o").toString()));
    String x86 = run(List.of("llvm-nm-14", dir.resolve("i686-windows-gnu.o").toString()));
    assertThat(x64).contains(" T Java_p_C_m");
    assertThat(x86).contains(" T _Java_p_C_m@20"); // env, cls, s: 4 bytes each; big: 8
  }

  @Test
  void cxxMemberFunctions() throws Exception {
    Path cpp = dir.resolve("t.cpp");
    Files.writeString(cpp, CHECKS.replace("_Static_assert", "static_assert") + """
        extern "C" JNIEXPORT jint JNICALL Java_p_C_m(JNIEnv *env, jclass, jobject cb) {
          jclass k = env->GetObjectClass(cb);
          jmethodID m = env->GetMethodID(k, "apply", "(I)I");
          jstring s = env->NewStringUTF("x");
          return env->CallIntMethod(cb, m, 3) + env->GetStringUTFLength(s);
        }
        """);
    for (String target : List.of("x86_64-windows-gnu", "i686-windows-gnu"))
      clang("clang++-14", target, cpp, dir.resolve(target + ".o"), "-std=c++17");
  }

  private static void clang(String clang, String target, Path src, Path out, String std) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(clang, "--target=" + target, std, "-Wall", "-Wextra", "-Werror",
        "-I" + INCLUDE, "-c", src.toString(), "-o", out.toString()));
    run(cmd);
  }

  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
    return out;
  }
}
