package dev.jwin.libc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan read from a small CMakeLists.txt shaped like compiler-rt's (the real one is built in CompilerRtE2eTest). */
class CompilerRtPlanTest {
  @TempDir Path dir;

  private Path builtins() throws Exception {
    Path b = Files.createDirectories(dir.resolve("compiler-rt/lib/builtins"));
    Files.writeString(b.resolve("CMakeLists.txt"), """
        if (CMAKE_SOURCE_DIR STREQUAL CMAKE_CURRENT_SOURCE_DIR)
          project(CompilerRTBuiltins C ASM)
          set(COMPILER_RT_STANDALONE_BUILD TRUE)
        endif()
        if (COMPILER_RT_STANDALONE_BUILD)
          option(COMPILER_RT_BUILTINS_ENABLE_PIC "pic" ON)
        endif()
        option(COMPILER_RT_BUILTINS_HIDE_SYMBOLS "hide" ON)
        set(GENERIC_SOURCES udivdi3.c fp_mode.c extendhfsf2.c)
        set(GENERIC_TF_SOURCES addtf3.c)
        if (NOT MSVC)
          set(i386_SOURCES ${GENERIC_SOURCES} i386/udivdi3.S i386/fp_mode.c)
          if (WIN32)
            set(i386_SOURCES ${i386_SOURCES} i386/chkstk.S)
          endif()
        endif ()
        set(aarch64_SOURCES ${GENERIC_TF_SOURCES} ${GENERIC_SOURCES})
        set(OA_HELPERS_DIR "${CMAKE_CURRENT_BINARY_DIR}/outline_atomic_helpers.dir")
        foreach(pat cas swp)
          foreach(size 4 16)
            if(pat STREQUAL "cas" OR NOT size STREQUAL "16")
              set(helper_asm "${OA_HELPERS_DIR}/outline_atomic_${pat}${size}_1.S")
              list(APPEND arm64_lse_commands COMMAND ${CMAKE_COMMAND} -E create_symlink "${CMAKE_CURRENT_SOURCE_DIR}/aarch64/lse.S" "${helper_asm}")
              set_source_files_properties("${helper_asm}" PROPERTIES COMPILE_DEFINITIONS "L_${pat};SIZE=${size};MODEL=1"
                INCLUDE_DIRECTORIES "${CMAKE_CURRENT_SOURCE_DIR}")
              list(APPEND aarch64_SOURCES "${helper_asm}")
            endif()
          endforeach(size)
        endforeach(pat)
        if (APPLE)
          set(BUILTIN_CFLAGS -mmacosx)
        else ()
          append_list_if(COMPILER_RT_HAS_FLOAT16 -DCOMPILER_RT_HAS_FLOAT16 BUILTIN_CFLAGS)
          append_list_if(COMPILER_RT_HAS_STD_C11_FLAG -std=c11 BUILTIN_CFLAGS)
          if(COMPILER_RT_STANDALONE_BUILD)
            append_list_if(COMPILER_RT_HAS_FNO_BUILTIN_FLAG -fno-builtin BUILTIN_CFLAGS)
          endif()
          if(COMPILER_RT_BUILTINS_HIDE_SYMBOLS)
            append_list_if(COMPILER_RT_HAS_VISIBILITY_HIDDEN_FLAG VISIBILITY_HIDDEN BUILTIN_DEFS)
          endif()
        endif ()
        """);
    return b;
  }

  @Test
  void i386SourcesWithTheArchitecturesOwnFilesAndTheMingwAdditions() throws Exception {
    Path b = builtins();
    List<CompilerRtPlan.Compile> plan = CompilerRtPlan.load(b, Target.I686, false);
    assertThat(plan).extracting(CompilerRtPlan.Compile::objectName)
        .containsExactly("extendhfsf2.o", "udivdi3.o", "fp_mode.o", "chkstk.o");
    assertThat(plan.get(1).source()).isEqualTo(b.resolve("i386/udivdi3.S"));
    assertThat(plan.get(0).flags()).containsExactly("-O3", "-DNDEBUG", "-std=c11", "-fno-builtin", "-DVISIBILITY_HIDDEN");
    assertThat(CompilerRtPlan.archiveName(Target.I686)).isEqualTo("libclang_rt.builtins-i386.a");
  }

  @Test
  void aarch64OutlineAtomicsAreCompiledFromLseWithTheirDefinitions() throws Exception {
    Path b = builtins();
    List<CompilerRtPlan.Compile> plan = CompilerRtPlan.load(b, Target.AARCH64, true);
    assertThat(plan).extracting(CompilerRtPlan.Compile::objectName).containsExactly("addtf3.o", "udivdi3.o",
        "fp_mode.o", "extendhfsf2.o", "outline_atomic_cas4_1.o", "outline_atomic_cas16_1.o", "outline_atomic_swp4_1.o");
    CompilerRtPlan.Compile cas16 = plan.get(5);
    assertThat(cas16.source()).isEqualTo(b.resolve("aarch64/lse.S"));
    assertThat(cas16.flags()).containsSequence("-DCOMPILER_RT_HAS_FLOAT16", "-std=c11")
        .endsWith("-DVISIBILITY_HIDDEN", "-DL_cas", "-DSIZE=16", "-DMODEL=1", "-I" + b);
  }

  @Test
  void aTargetWithoutSourcesIsAnError() throws Exception {
    Path b = builtins();
    assertThatThrownBy(() -> CompilerRtPlan.load(b, Target.ARMV7, true)).isInstanceOf(LibcException.class)
        .hasMessageContaining("lists no armv7_SOURCES");
  }
}
