package dev.jwin.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external process with stdin closed, output captured to files, and a timeout. */
final class Proc {
  private Proc() {}

  record Result(List<String> command, int exitCode, boolean timedOut, byte[] stdout, String stderr, long millis) {
    String stdoutText() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    boolean ok() {
      return !timedOut && exitCode == 0;
    }

    String describe() {
      return String.join(" ", command) + "\n  exit=" + (timedOut ? "TIMEOUT" : exitCode)
          + "\n  stdout: " + indent(stdoutText()) + "\n  stderr: " + indent(stderr);
    }
  }

  static String indent(String s) {
    if (s.length() > 20_000) s = s.substring(0, 20_000) + "\n...(truncated)";
    return s.strip().replace("\n", "\n          ");
  }

  /**
   * Runs {@code command} in {@code dir}. Output goes to {@code dir/<label>.stdout} and
   * {@code .stderr} so it can be inspected afterwards.
   */
  static Result run(List<String> command, Path dir, String label, Duration timeout, Map<String, String> env) {
    try {
      Files.createDirectories(dir);
      Path out = dir.resolve(label + ".stdout");
      Path err = dir.resolve(label + ".stderr");
      ProcessBuilder pb = new ProcessBuilder(command)
          .directory(dir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      pb.environment().putAll(env);
      long t0 = System.nanoTime();
      Process p = pb.start();
      boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      return new Result(List.copyOf(command), finished ? p.exitValue() : -1, !finished,
          Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8), ms);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }

  /** Runs the command and fails the test with its output unless it exits 0. */
  static Result check(List<String> command, Path dir, String label, Duration timeout) {
    Result r = run(command, dir, label, timeout, Map.of());
    if (!r.ok()) throw new AssertionError(label + " failed:\n" + r.describe());
    return r;
  }

  static void write(Path p, String text) {
    try {
      Files.writeString(p, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> cmd(Object... parts) {
    List<String> l = new ArrayList<>();
    for (Object o : parts) {
      if (o instanceof List<?> list) list.forEach(x -> l.add(x.toString()));
      else l.add(o.toString());
    }
    return l;
  }
}
