package dev.jwin.cc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * jwin laid out as a checkout is ({@code jwin}, {@code jwin-cc}, {@code jwin-c++}, {@code cmake/}) in a temporary
 * directory, for tests that drive {@code make} and {@code cmake}: the wrappers and the toolchain file are copies of
 * the real ones, and {@code jwin} runs the compiled classes (the jar is built only after the tests).
 */
final class JwinInstall {
  final Path root;
  final Map<String, String> env = new HashMap<>();

  private JwinInstall(Path root) {
    this.root = root;
  }

  /** Lays out jwin under {@code root}; its cache goes to {@code root/cache}. */
  static JwinInstall create(Path root) throws IOException {
    Path checkout = checkout();
    Path classes;
    try {
      classes = Path.of(CcDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    Files.createDirectories(root.resolve("cmake"));
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // As ./jwin does: no-op `cc` rebuilds answered by scripts/cc-uptodate.sh (with the classes in place of the jar).
    Files.writeString(root.resolve("jwin"), "#!/usr/bin/env bash\nset -euo pipefail\njar='" + classes + "'\n"
        + "case \"${1:-}\" in cc|c++) . '" + checkout.resolve("scripts/cc-uptodate.sh") + "' \"$@\" ;; esac\n"
        + "exec '" + javaBin + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp '" + classes
        + "' dev.jwin.cli.Main \"$@\"\n");
    Files.copy(checkout.resolve("jwin-cc"), root.resolve("jwin-cc"));
    Files.copy(checkout.resolve("jwin-c++"), root.resolve("jwin-c++"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    Files.copy(checkout.resolve("jwin-windres"), root.resolve("jwin-windres"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    Files.copy(checkout.resolve("cmake/jwin-toolchain.cmake"), root.resolve("cmake/jwin-toolchain.cmake"));
    for (String f : List.of("jwin", "jwin-cc"))
      Files.setPosixFilePermissions(root.resolve(f), PosixFilePermissions.fromString("rwxr-xr-x"));
    JwinInstall j = new JwinInstall(root);
    j.env.put("JWIN_CACHE_DIR", root.resolve("cache").toString());
    j.env.put("JWIN_JOBS", "2");
    j.env.put("WINEDEBUG", "-all");
    j.env.put("WINEDLLOVERRIDES", "mscoree,mshtml=");
    return j;
  }

  /** The checkout: the directory holding the {@code jwin} launcher, the tests' directory (jwin-core) or its parent. */
  static Path checkout() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    return Files.isRegularFile(dir.resolve("jwin")) ? dir : dir.getParent();
  }

  /** Fails (never skips) with an install hint when a tool is missing. */
  static void requireTools(String... tools) {
    List<String> missing = new ArrayList<>();
    for (String t : tools) if (onPath(t) == null) missing.add(t);
    if (!missing.isEmpty())
      throw new AssertionError("this test needs " + String.join(", ", missing) + " on PATH; run scripts/setup "
          + "(apt-get install make cmake clang-14 lld-14 llvm-14 mingw-w64 wine64)");
  }

  static Path onPath(String exe) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, exe);
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }

  /** What a finished command printed (stdout and stderr together) and its exit code. */
  record Result(int exitCode, String output) {
    Result ok(List<String> cmd) {
      if (exitCode != 0) throw new AssertionError(String.join(" ", cmd) + " failed (exit " + exitCode + "):\n" + output);
      return this;
    }
  }

  /** Runs {@code cmd} in {@code dir} with this installation's environment; fails after {@code timeout}. */
  Result run(Path dir, Duration timeout, List<String> cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    StringBuilder out = new StringBuilder();
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // the process was killed
      }
    });
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      reader.join(5000);
      throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeout + ":\n" + out);
    }
    reader.join();
    return new Result(p.exitValue(), out.toString().replace("\r\n", "\n"));
  }

  Result runOk(Path dir, Duration timeout, String... cmd) throws IOException, InterruptedException {
    return run(dir, timeout, List.of(cmd)).ok(List.of(cmd));
  }
}
