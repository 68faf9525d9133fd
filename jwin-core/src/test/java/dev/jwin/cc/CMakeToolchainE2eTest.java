package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cmake/jwin-toolchain.cmake}: a small CMake project (a shared library with its import library, a static
 * library, and an executable mixing C and C++) configured with the toolchain file, built by CMake's Makefiles,
 * and run under Wine.
 */
class CMakeToolchainE2eTest {
  @TempDir Path dir;

  private void write(Path p, String text) throws Exception {
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void sharedAndStaticLibrariesAndExecutable() throws Exception {
    JwinInstall.requireTools("cmake", "make", "clang-14", "llvm-ar-14", "llvm-ranlib-14", "wine");
    JwinInstall jwin = JwinInstall.create(dir.resolve("jwin"));
    Path src = dir.resolve("proj");
    write(src.resolve("CMakeLists.txt"), """
        cmake_minimum_required(VERSION 3.16)
        project(jwindemo C CXX RC)
        add_library(greet SHARED greet.c greet.rc)
        target_compile_definitions(greet PRIVATE GREET_BUILD)
        add_library(mathx STATIC mathx.c shout.cpp)
        add_executable(app main.c)
        target_link_libraries(app PRIVATE greet mathx)
        set_target_properties(app PROPERTIES LINKER_LANGUAGE CXX)
        """);
    write(src.resolve("greet.h"), """
        #ifdef GREET_BUILD
        #define GREET_API __declspec(dllexport)
        #else
        #define GREET_API __declspec(dllimport)
        #endif
        GREET_API const char *greet(const char *who, char *buf, int n);
        GREET_API extern int greet_calls;
        """);
    write(src.resolve("greet.c"), """
        #include <stdio.h>
        #include "greet.h"
        int greet_calls;
        const char *greet(const char *who, char *buf, int n) {
          greet_calls++;
          snprintf(buf, n, "hello, %s", who);
          return buf;
        }
        """);
    write(src.resolve("greet.rc"), """
        #include <winver.h>
        VS_VERSION_INFO VERSIONINFO
        FILEVERSION 3,1,4,1
        BEGIN
          BLOCK "StringFileInfo"
          BEGIN
            BLOCK "040904b0"
            BEGIN
              VALUE "FileDescription", "greet library"
            END
          END
        END
        """);
    write(src.resolve("mathx.c"), "int mathx_gcd(int a, int b) { while (b) { int t = a % b; a = b; b = t; } return a; }\n");
    write(src.resolve("shout.cpp"), """
        #include <algorithm>
        #include <cctype>
        #include <string>
        static std::string last;
        extern "C" const char *shout(const char *s) {
          last = s;
          std::transform(last.begin(), last.end(), last.begin(), [](unsigned char c) { return std::toupper(c); });
          return last.c_str();
        }
        """);
    write(src.resolve("main.c"), """
        #include <stdio.h>
        #include "greet.h"
        int mathx_gcd(int, int);
        const char *shout(const char *);
        int main(int argc, char **argv) {
          char buf[64];
          printf("%s\\n", greet("cmake", buf, sizeof buf));
          printf("%s %d %d\\n", shout(greet("jwin", buf, sizeof buf)), mathx_gcd(84, 36), greet_calls);
          return argc - 1;
        }
        """);
    Path build = dir.resolve("build");
    Path toolchain = jwin.root.resolve("cmake/jwin-toolchain.cmake");
    jwin.runOk(dir, Duration.ofMinutes(3), "cmake", "-S", src.toString(), "-B", build.toString(),
        "-DCMAKE_TOOLCHAIN_FILE=" + toolchain, "-DCMAKE_BUILD_TYPE=Release");
    String made = jwin.runOk(dir, Duration.ofMinutes(3), "cmake", "--build", build.toString(), "-j2").output();
    for (String f : List.of("app.exe", "libgreet.dll", "libgreet.dll.a", "libmathx.a"))
      assertThat(build.resolve(f)).as(made).isNotEmptyFile();

    // The DLL carries the version resource compiled from greet.rc by jwin windres.
    String resources = jwin.runOk(dir, Duration.ofMinutes(1), "llvm-readobj-14", "--coff-resources",
        build.resolve("libgreet.dll").toString()).output();
    assertThat(resources).contains("Type: VERSIONINFO (ID 16)", "BD04EFFE");
    assertThat(made).contains("greet.rc");

    // libstdc++ is linked dynamically, as g++ does: Wine finds its DLL in gcc-mingw-w64's directory.
    jwin.env.put("WINEPATH", "Z:" + gccRuntimeDir() + ";Z:/usr/x86_64-w64-mingw32/lib"); // + libwinpthread-1.dll
    JwinInstall.Result run = jwin.run(build, Duration.ofMinutes(1), List.of("wine", "app.exe", "x", "y"));
    assertThat(run.output()).isEqualTo("hello, cmake\nHELLO, JWIN 12 2\n");
    assertThat(run.exitCode()).isEqualTo(2);
  }

  /** gcc-mingw-w64's directory with libstdc++-6.dll (the posix thread model, jwin cc's default). */
  private static Path gccRuntimeDir() throws Exception {
    try (var dirs = Files.list(Path.of("/usr/lib/gcc/x86_64-w64-mingw32"))) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("libstdc++-6.dll"))).sorted()
          .reduce((a, b) -> b.getFileName().toString().endsWith("-posix") ? b : a)
          .orElseThrow(() -> new AssertionError("no libstdc++-6.dll under /usr/lib/gcc/x86_64-w64-mingw32: "
              + "apt-get install g++-mingw-w64-x86-64"));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new AssertionError("no /usr/lib/gcc/x86_64-w64-mingw32: apt-get install g++-mingw-w64-x86-64");
    }
  }
}
