package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two projects of {@code scripts/realworld}, the quick ones: Debian's tinyxml2 built unpatched with CMake and
 * {@code -static-libgcc -static-libstdc++} (its test program imports only system DLLs and its ctest suite passes
 * under Wine), and a C++17 program with threads, mutexes, futures and exceptions thrown across threads.
 */
class RealWorldE2eTest {
  @TempDir Path dir;

  @Test
  void staticRuntimeTinyxml2AndCxxThreads() throws Exception {
    JwinInstall.requireTools("cmake", "make", "clang-14", "llvm-ar-14", "llvm-readobj-14", "wine");
    JwinInstall jwin = JwinInstall.create(dir.resolve("jwin"));
    jwin.env.put("JWIN_ROOT", jwin.root.toString());
    jwin.env.put("REALWORLD_DIR", dir.resolve("work").toString());
    JwinInstall.Result r = jwin.run(JwinInstall.checkout(), Duration.ofMinutes(8),
        List.of(JwinInstall.checkout().resolve("scripts/realworld").toString(), "static", "threads"));
    assertThat(r.output()).contains("PASS static", "PASS threads", "realworld (jwin): 2 passed, 0 failed");
    assertThat(r.exitCode()).as(r.output()).isZero();
  }
}
