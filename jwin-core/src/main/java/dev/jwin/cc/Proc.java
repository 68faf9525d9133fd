package dev.jwin.cc;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Child processes (clang, lld-link, llvm-cvtres): run, capture output, print command lines. */
final class Proc {
  private Proc() {}

  record Output(int exitCode, String text) {}

  /** Environment variables that change what clang makes of a source file. */
  static final List<String> COMPILER_ENV = List.of("CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH",
      "OBJC_INCLUDE_PATH", "SOURCE_DATE_EPOCH");

  /** Runs {@code cmd} with stdin closed, stdout and stderr captured together. */
  static Output capture(List<String> cmd) throws CcException {
    return capture(cmd, null);
  }

  /**
   * {@link #capture}, with the variables of {@link #COMPILER_ENV} as {@code env} has them (the driver's environment,
   * which decides the cache key, is then the one clang sees).
   */
  static Output capture(List<String> cmd, Map<String, String> env) throws CcException {
    return capture(cmd, env, false);
  }

  /** {@link #capture}; with {@code stdin}, the child reads this process's standard input. */
  static Output capture(List<String> cmd, Map<String, String> env, boolean stdin) throws CcException {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      if (stdin) pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
      if (env != null) {
        for (String v : COMPILER_ENV) {
          String value = env.get(v);
          if (value == null) pb.environment().remove(v);
          else pb.environment().put(v, value);
        }
      }
      Process p = pb.start();
      if (!stdin) p.getOutputStream().close();
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
    return inherit(cmd, false);
  }

  /** {@link #inherit}; with {@code stdin}, the child also reads this process's standard input. */
  static int inherit(List<String> cmd, boolean stdin) throws CcException {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
      if (!stdin) pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      Process p = pb.start();
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
