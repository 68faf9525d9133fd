package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code jwin-cc} rebuild with nothing changed runs no clang and no link, and once the inputs' time stamps can be
 * trusted it is answered by the launcher without starting Java ({@code scripts/cc-uptodate.sh}); any change
 * brings the full path back. {@code JWIN_CC_TIME=1} shows what ran: Java prints its steps, the launcher nothing.
 */
class NoopRebuildE2eTest {
  @TempDir Path dir;

  @Test
  void unchangedBuildIsAnsweredWithoutJavaAndChangesAreNoticed() throws Exception {
    JwinInstall.requireTools("clang-14", "stat", "cksum");
    JwinInstall jwin = JwinInstall.create(dir.resolve("jwin"));
    jwin.env.put("JWIN_CC_TIME", "1");
    Path src = Files.createDirectories(dir.resolve("src"));
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
    write(src.resolve("h.h"), "#define VALUE 1\n", old);
    write(src.resolve("a.c"), "#include \"h.h\"\nint a(void) { return VALUE; }\n", old);
    write(src.resolve("b.c"), "int a(void); int main(void) { return a(); }\n", old);
    Path exe = src.resolve("p.exe");

    assertThat(cc(jwin, src)).contains("compile:", "link:");
    byte[] first = Files.readAllBytes(exe);
    assertThat(cc(jwin, src)).as("answered by the launcher").isEmpty();
    assertThat(Files.readAllBytes(exe)).isEqualTo(first);
    String verbose = jwin.runOk(src, Duration.ofMinutes(1), jwin.root.resolve("jwin-cc").toString(), "-v", "a.c",
        "b.c", "-o", "p.exe").output();
    assertThat(verbose).contains("is up to date").doesNotContain("jwin link ").doesNotContain(" -c ");

    // A header changed (same size, older than two seconds): recompiled and relinked, then a no-op again.
    write(src.resolve("h.h"), "#define VALUE 2\n", FileTime.fromMillis(old.toMillis() + 1000));
    assertThat(cc(jwin, src)).contains("compile:", "link:");
    assertThat(Files.readAllBytes(exe)).isNotEqualTo(first);
    assertThat(cc(jwin, src)).isEmpty();

    // The output removed, or another environment: Java runs again.
    Files.delete(exe);
    assertThat(cc(jwin, src)).contains("link:");
    assertThat(exe).isNotEmptyFile();
    assertThat(cc(jwin, src)).isEmpty();
    jwin.env.put("JWIN_MINGW_PREFIX", "/usr");
    assertThat(cc(jwin, src)).contains("up-to-date check");
  }

  private static void write(Path p, String text, FileTime time) throws Exception {
    Files.writeString(p, text);
    Files.setLastModifiedTime(p, time);
  }

  private static String cc(JwinInstall jwin, Path src) throws Exception {
    return jwin.run(src, Duration.ofMinutes(2), List.of(jwin.root.resolve("jwin-cc").toString(), "a.c", "b.c", "-o",
        "p.exe")).ok(List.of("jwin-cc")).output();
  }
}
