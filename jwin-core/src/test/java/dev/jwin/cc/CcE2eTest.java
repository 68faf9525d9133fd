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
 * {@code jwin cc} end to end under Wine: each program is built twice, with jwin link and with
 * {@code -fuse-ld=lld} (lld-link-14 given the same decisions), and both must print the same.
 */
class CcE2eTest {
  @TempDir Path dir;
  private Map<String, String> env;
  private String stderr;

  @BeforeEach
  void setUp() {
    env = new HashMap<>(Map.of("JWIN_CACHE_DIR", dir.resolve("cache").toString(), "PATH", System.getenv("PATH")));
  }

  private void write(String name, String text) throws Exception {
    Files.writeString(dir.resolve(name), text);
  }

  private void cc(String... args) {
    List<String> a = new ArrayList<>();
    for (String s : args) a.add(s.startsWith("@D/") ? dir.resolve(s.substring(3)).toString() : s);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = CcDriver.main(a.toArray(String[]::new), false, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true), env);
    stderr = err.toString(StandardCharsets.UTF_8);
    assertThat(rc).as("jwin cc %s\n%s", a, stderr).isZero();
  }

  /** Runs {@code exe} under Wine; returns "exit N" and its output. */
  static String run(Path exe, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("wine", exe.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(exe.getParent().toFile()).redirectErrorStream(true);
    pb.environment().put("WINEDEBUG", "-all");
    pb.environment().put("WINEDLLOVERRIDES", "mscoree,mshtml=");
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return "exit " + p.exitValue() + "\n" + out;
  }

  /** Builds with both linkers ({@code NAME.exe} and {@code NAME-lld.exe}); returns what the jwin build printed. */
  private String buildBothAndRun(String name, List<String> args, String... runArgs) throws Exception {
    List<String> jwin = new ArrayList<>(args);
    jwin.addAll(List.of("-o", "@D/" + name + ".exe"));
    cc(jwin.toArray(String[]::new));
    List<String> lld = new ArrayList<>(args);
    lld.addAll(List.of("-fuse-ld=lld", "-o", "@D/" + name + "-lld.exe"));
    cc(lld.toArray(String[]::new));
    String a = run(dir.resolve(name + ".exe"), runArgs);
    assertThat(a).isEqualTo(run(dir.resolve(name + "-lld.exe"), runArgs));
    return a;
  }

  private static String subsystem(Path exe) throws Exception {
    Process p = new ProcessBuilder("llvm-readobj-14", "--file-headers", exe.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    for (String line : out.split("\n")) if (line.trim().startsWith("Subsystem:")) return line.trim();
    return out;
  }

  @Test
  void helloMultiFileWithStaticLibraryAndUnicode() throws Exception {
    write("hello.c", "#include <stdio.h>\nint main(void) { puts(\"hello, world\"); return 3; }\n");
    assertThat(buildBothAndRun("hello", List.of("-O2", "@D/hello.c"))).isEqualTo("exit 3\nhello, world\n");
    assertThat(subsystem(dir.resolve("hello.exe"))).contains("WINDOWS_CUI");

    write("util.h", "int square(int);\nconst char *greeting(void);\n");
    write("square.c", "#include \"util.h\"\nint square(int x) { return x * x; }\n");
    write("greet.c", "#include \"util.h\"\nconst char *greeting(void) { return \"multi\"; }\n");
    write("main.c", "#include <stdio.h>\n#include \"util.h\"\n"
        + "int main(void) { printf(\"%s %d\\n\", greeting(), square(7)); return 0; }\n");
    cc("-c", "@D/square.c", "-o", "@D/square.o");
    cc("-c", "@D/greet.c", "-o", "@D/greet.o");
    Process ar = new ProcessBuilder("llvm-ar-14", "rcs", dir.resolve("libutil.a").toString(),
        dir.resolve("square.o").toString(), dir.resolve("greet.o").toString()).inheritIO().start();
    assertThat(ar.waitFor()).isZero();
    assertThat(buildBothAndRun("multi", List.of("@D/main.c", "-L" + dir, "-lutil"))).isEqualTo("exit 0\nmulti 49\n");

    write("wide.c", "#include <stdio.h>\n#include <wchar.h>\n"
        + "int wmain(int argc, wchar_t **argv) { wprintf(L\"%d %ls\\n\", argc, argv[1]); return 0; }\n");
    assertThat(buildBothAndRun("wide", List.of("-municode", "@D/wide.c"), "arg")).isEqualTo("exit 0\n2 arg\n");
  }

  @Test
  void dllNamedOnTheLinkLineAsGnuLdAllows() throws Exception {
    write("bar.c", "__declspec(dllexport) int bar_value = 40;\n"
        + "__declspec(dllexport) int bar_add(int x) { return x + bar_value; }\n");
    write("usebar.c", "#include <stdio.h>\n__declspec(dllimport) extern int bar_value;\nint bar_add(int);\n"
        + "int main(void) { bar_value++; printf(\"%d %d\\n\", bar_add(1), bar_value); return 0; }\n");
    write("autobar.c", "#include <stdio.h>\nextern int bar_value;\nint bar_add(int);\n"
        + "int main(void) { bar_value += 2; printf(\"%d\\n\", bar_add(0)); return 0; }\n");
    cc("-shared", "@D/bar.c", "-o", "@D/bar.dll");
    // No import library: the DLL itself on the command line (data through __imp_ and through auto-import).
    assertThat(buildBothAndRun("usebar", List.of("@D/usebar.c", "@D/bar.dll"))).isEqualTo("exit 0\n42 41\n");
    assertThat(buildBothAndRun("autobar", List.of("@D/autobar.c", "-L" + dir, "-lbar"))).isEqualTo("exit 0\n42\n");
  }

  @Test
  void dllUsedThroughImportLibraryAndGuiProgram() throws Exception {
    write("foo.c", "__declspec(dllexport) int foo_twice(int x) { return 2 * x; }\n");
    write("use.c", "#include <stdio.h>\nint foo_twice(int);\n"
        + "int main(void) { printf(\"%d\\n\", foo_twice(21)); return 0; }\n");
    cc("-shared", "@D/foo.c", "-o", "@D/foo.dll", "-Wl,--out-implib,@D/libfoo.dll.a".replace("@D/", dir + "/"));
    assertThat(dir.resolve("libfoo.dll.a")).isNotEmptyFile();
    assertThat(buildBothAndRun("use", List.of("@D/use.c", "-L" + dir, "-lfoo"))).isEqualTo("exit 0\n42\n");

    write("gui.c", "#include <windows.h>\n"
        + "int WINAPI WinMain(HINSTANCE h, HINSTANCE p, LPSTR cmd, int show) { return 5; }\n");
    assertThat(buildBothAndRun("gui", List.of("@D/gui.c"))).isEqualTo("exit 5\n");
    assertThat(subsystem(dir.resolve("gui.exe"))).contains("WINDOWS_GUI");
    assertThat(subsystem(dir.resolve("gui-lld.exe"))).contains("WINDOWS_GUI");
  }

  @Test
  void winsockWithImportLibraryGeneratedFromDef() throws Exception {
    // A mingw-w64-crt tree with just the ws2_32 definition: -lws2_32 is made from it on the fly.
    Path crt = dir.resolve("mingw-w64-crt/lib64");
    Files.createDirectories(crt);
    Files.writeString(crt.resolve("ws2_32.def"), "LIBRARY \"WS2_32.dll\"\nEXPORTS\nWSAStartup\nWSACleanup\n"
        + "socket\nclosesocket\nhtons\n");
    env.put("JWIN_MINGW_CRT_SRC", dir.resolve("mingw-w64-crt").toString());
    write("net.c", "#include <winsock2.h>\n#include <stdio.h>\nint main(void) {\n"
        + "  WSADATA d; int r = WSAStartup(MAKEWORD(2, 2), &d);\n"
        + "  SOCKET s = socket(AF_INET, SOCK_STREAM, 0);\n"
        + "  printf(\"%d %d.%d %d %d\\n\", r, LOBYTE(d.wVersion), HIBYTE(d.wVersion), s != INVALID_SOCKET, htons(1));\n"
        + "  closesocket(s); WSACleanup(); return 0; }\n");
    assertThat(buildBothAndRun("net", List.of("@D/net.c", "-lws2_32"))).isEqualTo("exit 0\n0 2.2 1 256\n");
    cc("-v", "@D/net.c", "-lws2_32", "-o", "@D/net2.exe");
    assertThat(stderr).containsPattern(dir.resolve("cache") + "/cc/v1/\\S+/libws2_32\\.a");
  }
}
