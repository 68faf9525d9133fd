package dev.jwin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/aot-stale.sh, which tells ./jwin to make its AOT caches again: after a build, and when the last training
 * ran without clang-14 or mingw-w64 and they are here now (the tests' machine has mingw-w64; clang is a fake on PATH).
 */
class AotStaleScriptTest {
  @TempDir Path dir;

  @Test
  void missingOrOlderThanTheJarIsStale() throws Exception {
    Path jar = touch("jwin.jar", 100);
    assertThat(stale(jar, null, "clang mingw", true)).isTrue();
    Path aot = touch("jwin.aot", 50);
    assertThat(stale(jar, aot, "clang mingw", true)).isTrue();
    touch("jwin.aot", 200);
    assertThat(stale(jar, aot, "clang mingw", true)).isFalse();
  }

  @Test
  void trainedWithoutToolsThatAreHereNowIsStale() throws Exception {
    Path jar = touch("jwin.jar", 100);
    Path aot = touch("jwin.aot", 200);
    assertThat(stale(jar, aot, "", true)).as("trained with neither").isTrue();
    assertThat(stale(jar, aot, "mingw", true)).as("trained without clang, which is here now").isTrue();
    assertThat(stale(jar, aot, "mingw", false)).as("trained without clang, still missing").isFalse();
    assertThat(stale(jar, aot, "clang", true)).as("trained without mingw-w64, which is here").isTrue();
    assertThat(stale(jar, aot, null, false)).as("no record of the training (a cache made before there was one)").isTrue();
  }

  private Path touch(String name, long seconds) throws IOException {
    Path p = dir.resolve(name);
    if (!Files.exists(p)) Files.writeString(p, name);
    Files.setLastModifiedTime(p, FileTime.fromMillis(1_700_000_000_000L + seconds * 1000));
    return p;
  }

  /** Runs the script for {@code jar} and {@code aot} (null: no cache), the training's record, clang on PATH or not. */
  private boolean stale(Path jar, Path aot, String tools, boolean clang) throws Exception {
    assertThat(Path.of("/usr/x86_64-w64-mingw32/lib/crt2.o")).as("mingw-w64 (scripts/setup installs it)").isRegularFile();
    Path cache = aot != null ? aot : dir.resolve("none.aot");
    Path record = Path.of(cache + ".tools");
    Files.deleteIfExists(record);
    if (tools != null) Files.writeString(record, tools + "\n");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path fake = bin.resolve("fake-clang");
    Files.writeString(fake, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    String script = checkout().resolve("scripts/aot-stale.sh").toString();
    ProcessBuilder pb = new ProcessBuilder("bash", "-c",
        "set -euo pipefail; jar=\"$1\"; aot=\"$2\"; . \"$3\"; echo \"stale=$aot_stale\"", "bash", jar.toString(), cache.toString(), script);
    pb.environment().put("PATH", bin + ":/usr/bin:/bin");
    pb.environment().put("JWIN_CLANG", clang ? "fake-clang" : "no-such-clang");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).isIn(List.of("stale=", "stale=1"));
    return out.equals("stale=1");
  }

  private static Path checkout() {
    Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    return Files.isRegularFile(d.resolve("jwin")) ? d : d.getParent();
  }
}
