package dev.jwin.libc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CMakeScriptTest {
  @TempDir Path dir;

  private CMakeScript run(String text, String... defines) throws Exception {
    Path f = dir.resolve("CMakeLists.txt");
    Files.writeString(f, text);
    CMakeScript s = CMakeScript.load(f);
    for (int i = 0; i < defines.length; i += 2) {
      s.define(defines[i], defines[i + 1]);
    }
    s.run();
    return s;
  }

  @Test
  void setListsAndConditionsAsCMakeEvaluatesThem() throws Exception {
    CMakeScript s = run("""
        # generic sources
        set(GENERIC a.c b.c
          c.c) # trailing comment
        option(EXCLUDE_D "skip d" On)
        if(NOT FUCHSIA AND NOT EXCLUDE_D)
          set(GENERIC ${GENERIC} d.c)
        elseif(MINGW)
          set(GENERIC ${GENERIC} mingw.c)
        else()
          set(GENERIC ${GENERIC} other.c)
        endif()
        if (WIN32)
          set(x86_SOURCES ${GENERIC} x86/b.S)
        endif ()
        if(${CMAKE_SYSTEM_NAME} MATCHES "AIX")
          list(APPEND x86_SOURCES aix.c)
        endif()
        if (CMAKE_SOURCE_DIR STREQUAL CMAKE_CURRENT_SOURCE_DIR)
          list(APPEND x86_SOURCES standalone.c)
        endif()
        list(REMOVE_ITEM x86_SOURCES c.c)
        append_list_if(HAS_C11 -std=c11 FLAGS)
        append_list_if(HAS_NOTHING -fnothing FLAGS)
        macro(ignored)
          set(GENERIC nothing)
        endmacro()
        """, "MINGW", "1", "WIN32", "1", "CMAKE_SYSTEM_NAME", "Windows", "HAS_C11", "1", "CMAKE_SOURCE_DIR", "/a",
        "CMAKE_CURRENT_SOURCE_DIR", "/a/b");
    assertThat(s.list("x86_SOURCES")).containsExactly("a.c", "b.c", "mingw.c", "x86/b.S");
    assertThat(s.list("FLAGS")).containsExactly("-std=c11");
    assertThat(s.list("EXCLUDE_D")).containsExactly("On");
  }

  @Test
  void foreachWithSourcePropertiesAndNestedConditions() throws Exception {
    CMakeScript s = run("""
        foreach(pat cas swp)
          foreach(size 1 16)
            if(pat STREQUAL "cas" OR NOT size STREQUAL "16")
              set(out "${DIR}/h_${pat}${size}.S")
              list(APPEND cmds COMMAND ${CMAKE_COMMAND} -E copy "${SRC}/lse.S" "${out}")
              set_source_files_properties("${out}" PROPERTIES COMPILE_DEFINITIONS "L_${pat};SIZE=${size}"
                INCLUDE_DIRECTORIES "${SRC}")
              list(APPEND helpers "${out}")
            endif()
          endforeach(size)
        endforeach(pat)
        """, "DIR", "/gen", "SRC", "/src", "CMAKE_COMMAND", "cmake");
    assertThat(s.list("helpers")).containsExactly("/gen/h_cas1.S", "/gen/h_cas16.S", "/gen/h_swp1.S");
    assertThat(s.properties("/gen/h_swp1.S")).containsEntry("COMPILE_DEFINITIONS", "L_swp;SIZE=1")
        .containsEntry("INCLUDE_DIRECTORIES", "/src");
    assertThat(s.list("cmds")).startsWith("COMMAND", "cmake", "-E", "copy", "/src/lse.S", "/gen/h_cas1.S");
    assertThat(s.list("pat")).isEmpty();
  }

  @Test
  void malformedScriptsAreReportedWithTheirLine() {
    assertThatThrownBy(() -> run("set(A 1)\nif(A)\nset(B 2)\n")).isInstanceOf(LibcException.class)
        .hasMessageEndingWith("CMakeLists.txt:2: if without endif");
    assertThatThrownBy(() -> run("set(A 1)\nset(B \"x\"\n")).hasMessageContaining("CMakeLists.txt:2: unterminated set(");
    assertThatThrownBy(() -> run("if(A STREQUAL)\nendif()\n")).hasMessageContaining(":1: STREQUAL without a right operand");
  }

  @Test
  void anArchitecturesOwnFileReplacesTheGenericOne() {
    assertThat(CompilerRtPlan.filterBuiltinSources(List.of("ashldi3.c", "fp_mode.c", "udivdi3.c", "i386/ashldi3.S",
        "i386/fp_mode.c", "x86_64/floatdidf.c", "floatdidf.c")))
        .containsExactly("udivdi3.c", "i386/ashldi3.S", "i386/fp_mode.c", "x86_64/floatdidf.c");
  }
}
