package dev.jwin.libc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several jwin processes against one cache: one build for all; a killed build publishes nothing. */
class LibcConcurrencyTest {
  @TempDir Path tmp;
  Path src;
  Path cache;
  Path clangLog;

  @BeforeEach
  void setUp() throws IOException {
    src = MiniMingwTree.create(tmp.resolve("mingw"));
    cache = tmp.resolve("cache");
    clangLog = tmp.resolve("clang.log");
    Files.createFile(clangLog);
  }

  Process jwin(Path clang, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.jwin.cli.Main", "libc"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("JWIN_CACHE_DIR", cache.toString());
    pb.environment().put("JWIN_MINGW_SRC", src.toString());
    pb.environment().put("JWIN_CLANG", clang.toString());
    return pb.start();
  }

  static String finish(Process p) throws Exception {
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  @Test
  void fourConcurrentBuildsDoTheWorkOnceAndAllSucceed() throws Exception {
    Path clang = LibcBuildTest.clangWrapper(tmp, clangLog, "sleep 0.2");
    List<Process> ps = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ps.add(jwin(clang, "build", "--target", "x86_64-windows-gnu", "-j", "2"));
    }
    Set<String> dirs = new HashSet<>();
    for (Process p : ps) {
      String out = finish(p);
      assertThat(p.exitValue()).as(out).isZero();
      dirs.add(out.substring(out.lastIndexOf(": ") + 2).strip());
    }
    assertThat(dirs).hasSize(1);
    List<String> runs = Files.readAllLines(clangLog);
    assertThat(runs).hasSize(12).doesNotHaveDuplicates(); // every compile ran exactly once across the four
    assertThat(LibcBuildTest.countEntries(cache, "libc ")).isOne();
  }

  @Test
  void aBuildKilledHalfWayPublishesNothingAndTheNextRunCompletes() throws Exception {
    Path slow = LibcBuildTest.clangWrapper(tmp, clangLog, "sleep 1");
    Process p = jwin(slow, "build", "-j", "1");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (Files.readAllLines(clangLog).size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(p.isAlive()).isTrue();
    p.destroyForcibly(); // SIGKILL
    p.waitFor(10, TimeUnit.SECONDS);
    Thread.sleep(1500); // let the orphaned clang finish
    assertThat(LibcBuildTest.countEntries(cache, "libc ")).isZero();
    Path fast = LibcBuildTest.clangWrapper(tmp, tmp.resolve("clang2.log"), "");
    Process again = jwin(fast, "build");
    String out = finish(again);
    assertThat(again.exitValue()).as(out).isZero();
    assertThat(LibcBuildTest.countEntries(cache, "libc ")).isOne();
    Process path = jwin(fast, "path");
    Path dir = Path.of(finish(path).strip());
    assertThat(dir.resolve("lib/libmingwex.a")).exists();
    try (var s = Files.list(cache.resolve("tmp"))) {
      assertThat(s.filter(f -> !f.getFileName().toString().startsWith("trash")).toList())
          .as("no temporary directories left behind").isEmpty();
    }
  }
}
