package dev.jwin.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that the harness notices differences: images that differ structurally, and programs
 * that behave differently. Uses lld-link only, so it does not depend on jwin.
 */
class HarnessSelfCheckE2eTest {

  @BeforeAll
  static void startWine() {
    Tools.require();
    Wine.startServer(E2eCase.OUT_ROOT);
  }

  @Test
  void structuralDifferencesAreReported() {
    E2eCase c = E2eCase.of("self-check-structure", "printf_args.c").cflags("-O1");
    c.compile();
    Path normal = c.dir.resolve("normal.exe");
    Path other = c.dir.resolve("other.exe");
    List<String> args = c.linkLine().args(normal);
    Proc.check(Proc.cmd(Tools.LLD_LINK, args), c.dir, "normal", E2eCase.LINK_TIMEOUT);
    List<String> changed = new ArrayList<>(c.linkLine().args(other));
    // a different subsystem, no ASLR, an extra import and a different entry point
    changed.addAll(List.of("-subsystem:windows", "-dynamicbase:no", "-entry:main",
        Tools.MINGW_LIB.resolve("libws2_32.a").toString(), "-include:__imp_WSAStartup"));
    Proc.check(Proc.cmd(Tools.LLD_LINK, changed), c.dir, "other", E2eCase.LINK_TIMEOUT);

    ImageSummary a = ImageSummary.of(normal);
    ImageSummary b = ImageSummary.of(other);
    assertThat(a.diff(a, "x", "y")).isEmpty();
    String diff = String.join("\n", a.diff(b, "lld-link", "jwin"));
    Proc.write(c.dir.resolve("diff.txt"), diff);
    assertThat(diff).contains("subsystem differ", "IMAGE_SUBSYSTEM_WINDOWS_GUI", "DLL characteristics differ",
        "DYNAMIC_BASE", "entry point differ", "imported DLLs differ", "WS2_32.dll");
    assertThat(a.entryLocation()).startsWith(".text+0x");
    assertThat(a.imports().get("KERNEL32.dll")).contains("GetStartupInfoA");
    assertThat(a.sectionLayout().get(0)).startsWith(".text [0x60000020 CNT_CODE|MEM_EXECUTE|MEM_READ]");
    assertThat(a.presentDataDirectories()).contains("ImportTable", "BaseRelocationTable", "TLSTable", "IAT");
    assertThat(a.baseRelocTypes()).containsExactly("DIR64");
  }

  @Test
  void behaviourDifferencesAreReported() {
    E2eCase c = E2eCase.of("self-check-run", "printf_args.c").cflags("-O1");
    Path exe = c.linkWithLld("main", c.linkLine());
    Path exe2 = c.linkWithLld("copy", c.linkLine());
    assertThat(c.runBoth(new E2eCase.Linked("same", exe, exe2, null, null, List.of()))).isEmpty();

    E2eCase other = E2eCase.of("self-check-run-other", "ctors.c").cflags("-O1");
    Path otherExe = other.linkWithLld("main", other.linkLine());
    E2eCase.Linked mixed = new E2eCase.Linked("mixed", exe, otherExe, null, null, List.of());
    List<String> problems = c.runBoth(mixed);
    Proc.write(c.dir.resolve("problems.txt"), String.join("\n", problems));
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).contains("behaves differently", "exit code 37", "exit code 5", "argc=4",
        "ctors ran: 3", "first difference");
  }
}
