package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A randomized, seeded check that the caches are never wrong ({@link RebuildChecker}): random edits to a tiny C
 * project (headers changed, shadowed in earlier -iquote/-I/-isystem/CPATH directories, deleted, renamed, touched,
 * changed with the same size and time; {@code __has_include} targets appearing and going; a library shadowed in an
 * earlier -L directory; flags and environment), each followed by one {@code jwin cc} command whose outputs must equal
 * those of a build from an empty cache; some link commands go through the launcher's {@code stat} check first.
 *
 * <p>{@code -Djwin.checker.steps=N -Djwin.checker.seed=S -Djwin.checker.workers=W} run longer
 * ({@code scripts/rebuild-checker N [W]}); {@code -Djwin.checker.progress=FILE} appends a line every 1000 steps and
 * the summary, {@code -Djwin.checker.maxFailures=F} goes on after a failure, {@code -Djwin.checker.minutes=M} stops
 * after M minutes. A failure names the worker's seed, the step and the edits before it.
 */
class RebuildCheckerTest {
  @TempDir Path dir;

  @Test
  void cachedBuildsEqualCleanBuilds() throws Exception {
    long seed = Long.getLong("jwin.checker.seed", 15);
    int steps = Integer.getInteger("jwin.checker.steps", 100);
    long minutes = Long.getLong("jwin.checker.minutes", 0);
    long deadline = minutes == 0 ? Long.MAX_VALUE : System.nanoTime() + minutes * 60_000_000_000L;
    int workers = Integer.getInteger("jwin.checker.workers", 2);
    Path script = launcherCheck();
    // The launcher's records are valid while they are newer than jwin's jar.
    Path jar = dir.resolve("jwin.jar");
    Files.writeString(jar, "");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(0));
    String progress = System.getProperty("jwin.checker.progress");
    int maxFailures = Integer.getInteger("jwin.checker.maxFailures", 1);
    RebuildChecker.Summary s = RebuildChecker.run(dir, seed, steps, workers, script, jar, maxFailures,
        progress == null ? null : Path.of(progress), deadline);
    String line = "rebuild checker: seed " + seed + ", " + workers + " workers: " + s;
    System.out.println(line);
    if (progress != null) Files.writeString(Path.of(progress), line + "\n" + String.join("\n", s.failures()) + "\n",
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    assertThat(s.failures()).isEmpty();
    if (minutes == 0) assertThat(s.steps()).isEqualTo(steps);
    assertThat(s.oracleBuilds()).as("clean builds").isPositive();
    assertThat(s.shellUpToDate()).as("the launcher's check answered").isPositive();
  }

  static Path launcherCheck() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path s = p.resolve("scripts/cc-uptodate.sh");
      if (Files.exists(s)) return s;
    }
    throw new AssertionError("scripts/cc-uptodate.sh not found above " + Path.of("").toAbsolutePath());
  }
}
