package dev.jwin.cc;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
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

  /** Runs {@code cmd} with stdin closed, stdout and stderr captured together, in this process's environment. */
  static Output capture(List<String> cmd) throws CcException {
    return capture(cmd, null, Path.of(""), false);
  }

  /**
   * {@link #capture} in the directory {@code cwd} with the environment {@code env} (see {@link #environment}): the
   * driver's environment, which decides the cache key, is then the one clang sees.
   */
  static Output capture(List<String> cmd, Map<String, String> env, Path cwd) throws CcException {
    return capture(cmd, env, cwd, false);
  }

  /** {@link #capture}; with {@code stdin}, the child reads this process's standard input. */
  static Output capture(List<String> cmd, Map<String, String> env, Path cwd, boolean stdin) throws CcException {
    try {
      ProcessBuilder pb = builder(cmd, env, cwd).redirectErrorStream(true);
      if (stdin) pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
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

  /**
   * Runs {@code cmd} writing to {@code out} and {@code err}: this process's own streams are inherited (the child
   * writes straight to them), others (a jwin server's client) are copied from pipes. With {@code stdin}, the child
   * also reads this process's standard input.
   */
  static int inherit(List<String> cmd, boolean stdin, Map<String, String> env, Path cwd, PrintStream out,
      PrintStream err) throws CcException {
    try {
      ProcessBuilder pb = builder(cmd, env, cwd);
      boolean own = out == System.out && err == System.err;
      if (own) {
        out.flush();
        err.flush();
        pb.inheritIO();
      }
      pb.redirectInput(stdin ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.from(new File("/dev/null")));
      Process p = pb.start();
      if (!own) {
        Thread copyErr = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));
        copy(p.getInputStream(), out);
        copyErr.join();
      }
      return p.waitFor();
    } catch (IOException e) {
      throw new CcException("cannot run " + cmd.getFirst() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CcException("interrupted");
    }
  }

  private static void copy(java.io.InputStream in, PrintStream to) {
    try (in) {
      in.transferTo(to);
      to.flush();
    } catch (IOException e) {
      // the child is gone; its exit code tells
    }
  }

  private static ProcessBuilder builder(List<String> cmd, Map<String, String> env, Path cwd) {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (!cwd.toString().isEmpty()) pb.directory(cwd.toFile());
    if (env != null) environment(pb.environment(), env);
    return pb;
  }

  /**
   * The child's environment: all of {@code env} when it is a whole environment (it has PATH: this process's own, or
   * a jwin server client's), else this process's with the variables of {@link #COMPILER_ENV} as {@code env} has them.
   */
  static void environment(Map<String, String> child, Map<String, String> env) {
    if (env.containsKey("PATH")) {
      if (child.equals(env)) return;
      child.clear();
      child.putAll(env);
      return;
    }
    for (String v : COMPILER_ENV) {
      String value = env.get(v);
      if (value == null) child.remove(v);
      else child.put(v, value);
    }
  }

  /** Where {@code exe} is found along PATH of {@code env} (this process's when it has none). */
  static Path onPath(String exe, Map<String, String> env) {
    if (exe.contains("/")) return Files.isExecutable(Path.of(exe)) ? Path.of(exe) : null;
    String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
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
