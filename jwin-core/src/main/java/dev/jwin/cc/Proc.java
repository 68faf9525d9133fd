package dev.jwin.cc;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Child processes (clang, lld-link, llvm-cvtres): run, capture output, print command lines. */
final class Proc {
  private Proc() {}

  record Output(int exitCode, String text) {}

  /** Runs {@code cmd} with stdin closed, stdout and stderr captured together. */
  static Output capture(List<String> cmd) throws CcException {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      p.getInputStream().transferTo(b);
      return new Output(p.waitFor(), b.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CcException("cannot run " + cmd.getFirst() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CcException("interrupted");
    }
  }

  /** Runs {@code cmd} with this process's stdout and stderr. */
  static int inherit(List<String> cmd) throws CcException {
    try {
      Process p = new ProcessBuilder(cmd).inheritIO().redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      return p.waitFor();
    } catch (IOException e) {
      throw new CcException("cannot run " + cmd.getFirst() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CcException("interrupted");
    }
  }

  static Path onPath(String exe) {
    if (exe.contains("/")) return Files.isExecutable(Path.of(exe)) ? Path.of(exe) : null;
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, exe);
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }

  /** A command line as a shell would need it, for -v. */
  static String quote(List<String> cmd) {
    StringBuilder b = new StringBuilder();
    for (String a : cmd) {
      if (!b.isEmpty()) b.append(' ');
      if (!a.isEmpty() && a.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,+@%".indexOf(c) >= 0))
        b.append(a);
      else b.append('\'').append(a.replace("'", "'\\''")).append('\'');
    }
    return b.toString();
  }
}
