package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gcc's runtime rules under Wine: C++ threads with the posix thread model, -static-libgcc/-static-libstdc++
 * images that import only system DLLs, -fstack-protector-strong, -flto, and link messages that name sources.
 */
class GccRuntimeE2eTest {
  @TempDir Path dir;
  private Map<String, String> env;
  private String stderr;

  private static final String THREADS = """
      #include <condition_variable>
      #include <cstdio>
      #include <future>
      #include <mutex>
      #include <stdexcept>
      #include <thread>
      #include <vector>
      int main() {
        std::mutex m;
        std::condition_variable cv;
        int ready = 0, sum = 0;
        std::vector<std::thread> ts;
        for (int i = 1; i <= 4; i++)
          ts.emplace_back([&, i] { std::lock_guard<std::mutex> g(m); sum += i; ready++; cv.notify_one(); });
        { std::unique_lock<std::mutex> l(m); cv.wait(l, [&] { return ready == 4; }); }
        for (auto &t : ts) t.join();
        auto f = std::async(std::launch::async, [] { throw std::runtime_error("from a thread"); return 1; });
        try { f.get(); } catch (const std::exception &e) { std::printf("caught %s\\n", e.what()); }
        std::printf("sum %d\\n", sum);
        return 0;
      }
      """;

  @BeforeEach
  void setUp() {
    JwinInstall.requireTools("clang-14", "lld-link-14", "llvm-readobj-14", "wine");
    env = new HashMap<>(Map.of("JWIN_CACHE_DIR", dir.resolve("cache").toString(), "PATH", System.getenv("PATH")));
  }

  private int cc(boolean cxx, String... args) {
    List<String> a = new ArrayList<>();
    for (String s : args) a.add(s.startsWith("@D/") ? dir.resolve(s.substring(3)).toString() : s);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = CcDriver.main(a.toArray(String[]::new), cxx, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true), env);
    stderr = err.toString(StandardCharsets.UTF_8);
    return rc;
  }

  private static String run(Path exe, String winePath) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("wine", exe.toString()).directory(exe.getParent().toFile())
        .redirectErrorStream(true);
    pb.environment().put("WINEDEBUG", "-all");
    pb.environment().put("WINEDLLOVERRIDES", "mscoree,mshtml=");
    if (winePath != null) pb.environment().put("WINEPATH", winePath);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return "exit " + p.exitValue() + "\n" + out;
  }

  private static List<String> imports(Path exe) throws Exception {
    Proc.Output o = Proc.capture(List.of("llvm-readobj-14", "--coff-imports", exe.toString()));
    List<String> names = new ArrayList<>();
    for (String line : o.text().split("\n")) if (line.trim().startsWith("Name:")) names.add(line.trim().substring(6));
    return names;
  }

  @Test
  void cxxThreadsWithStaticRuntimesImportOnlySystemDlls() throws Exception {
    Files.writeString(dir.resolve("threads.cpp"), THREADS);
    for (String linker : List.of("-fuse-ld=jwin", "-fuse-ld=lld")) {
      Path exe = dir.resolve("threads" + linker.substring(9) + ".exe");
      assertThat(cc(true, "-std=c++17", "-O1", "-static-libgcc", "-static-libstdc++", "@D/threads.cpp", linker,
          "-o", exe.toString())).as(stderr).isZero();
      assertThat(imports(exe)).containsExactlyInAnyOrder("KERNEL32.dll", "msvcrt.dll");
      assertThat(run(exe, null)).isEqualTo("exit 0\ncaught from a thread\nsum 10\n");
    }
  }

  @Test
  void cxxThreadsWithRuntimeDllsByDefault() throws Exception {
    Files.writeString(dir.resolve("threads.cpp"), THREADS);
    assertThat(cc(true, "-std=c++17", "@D/threads.cpp", "-o", "@D/dyn.exe")).as(stderr).isZero();
    assertThat(imports(dir.resolve("dyn.exe"))).contains("libstdc++-6.dll", "libgcc_s_seh-1.dll");
    Path gcc = MingwInstallation.gccDir(Path.of("/usr/lib/gcc/x86_64-w64-mingw32"), "posix");
    assertThat(run(dir.resolve("dyn.exe"), "Z:" + gcc + ";Z:/usr/x86_64-w64-mingw32/lib"))
        .isEqualTo("exit 0\ncaught from a thread\nsum 10\n");
    // The win32 thread model (Debian's other libstdc++) has no std::mutex: the switch really changes the library.
    assertThat(cc(true, "--thread-model=win32", "-std=c++17", "-c", "@D/threads.cpp", "-o", "@D/w.o")).isOne();
    assertThat(stderr).contains("no type named 'mutex' in namespace 'std'");
  }

  @Test
  void stackProtectorLinksSspAndCatchesAnOverflow() throws Exception {
    Files.writeString(dir.resolve("ssp.c"), """
        #include <stdio.h>
        #include <string.h>
        int main(int argc, char **argv) {
          char buf[8];
          strcpy(buf, argc > 1 ? argv[1] : "ok");
          puts(buf);
          return 0;
        }
        """);
    assertThat(cc(false, "-O2", "-fstack-protector-strong", "-static-libgcc", "@D/ssp.c", "-o", "@D/ssp.exe"))
        .as(stderr).isZero();
    assertThat(imports(dir.resolve("ssp.exe"))).doesNotContain("libssp-0.dll");
    assertThat(run(dir.resolve("ssp.exe"), null)).isEqualTo("exit 0\nok\n");
    ProcessBuilder pb = new ProcessBuilder("wine", dir.resolve("ssp.exe").toString(), "a-string-far-too-long-for-it")
        .redirectErrorStream(true);
    pb.environment().put("WINEDEBUG", "-all");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isNotZero(); // __stack_chk_fail ends the program before puts
    assertThat(out).doesNotContain("a-string-far-too-long-for-it");
    // _FORTIFY_SOURCE links the SSP library too, as gcc does.
    assertThat(cc(false, "-O2", "-D_FORTIFY_SOURCE=2", "-static", "-v", "@D/ssp.c", "-o", "@D/f.exe")).isZero();
    assertThat(stderr).contains("libssp.a", "libssp_nonshared.a");
  }

  @Test
  void linkMessagesNameTheSourcesAndLtoGoesToLld() throws Exception {
    Files.writeString(dir.resolve("a.c"), "int f(void);\nint dup = 1;\nint main(void) { return f(); }\n");
    Files.writeString(dir.resolve("b.c"), "int dup = 2;\n");
    Files.writeString(dir.resolve("c.c"), "int f(void) { return 7; }\n");
    assertThat(cc(false, "@D/a.c", "@D/b.c", "-o", "@D/x.exe")).isOne();
    assertThat(stderr).contains("duplicate symbol: dup\n>>> defined at " + dir.resolve("a.c") + "\n>>> defined at "
        + dir.resolve("b.c")).doesNotContain(dir.resolve("cache").toString());
    assertThat(cc(false, "-c", "@D/a.c", "-o", "@D/a.o")).isZero();
    assertThat(cc(false, "@D/a.o", "-o", "@D/x.exe")).isOne();
    assertThat(stderr).contains("undefined symbol: f\n>>> referenced by " + dir.resolve("a.o"))
        .doesNotContain(dir.resolve("cache").toString());
    assertThat(Files.exists(dir.resolve("x.exe"))).isFalse();
    assertThat(cc(false, "-flto", "-O2", "-v", "@D/a.c", "@D/c.c", "-o", "@D/lto.exe")).as(stderr).isZero();
    assertThat(stderr).contains("jwin: linking with lld-link-14 (-flto: LLVM bitcode in " + dir.resolve("a.c") + ")");
    assertThat(run(dir.resolve("lto.exe"), null)).isEqualTo("exit 7\n");
  }
}
