package dev.jwin.libc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The C compiler jwin runs: {@code JWIN_CLANG}, else {@code clang-14} on PATH. Its identity for
 * cache keys is its resolved path, size and modification time, so checking it needs no process.
 */
record Clang(Path executable, String identity) {
  static Clang find(Map<String, String> env) throws LibcException {
    String configured = env.get("JWIN_CLANG");
    Path exe = configured != null && !configured.isEmpty() ? Path.of(configured) : onPath(env, "clang-14");
    if (exe == null || !Files.isExecutable(exe)) {
      throw new LibcException((exe == null ? "clang-14 not found on PATH" : exe + " is not an executable")
          + ": install it (apt-get install clang-14, or ./scripts/setup) or set JWIN_CLANG to a clang 14 binary");
    }
    try {
      Path real = exe.toRealPath();
      BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
      return new Clang(exe, real + " " + a.size() + " " + a.lastModifiedTime().toMillis());
    } catch (IOException e) {
      throw new LibcException("cannot read " + exe + ": " + e.getMessage());
    }
  }

  static Path onPath(Map<String, String> env, String name) {
    for (String dir : env.getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name);
      }
    }
    return null;
  }

  /** What one run printed and whether it succeeded. */
  record Result(int exitCode, String output) {}

  Result run(List<String> args, Path workDir) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(executable.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      return new Result(p.waitFor(), out);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }

  /** The files a make-style dependency file ({@code -MD -MF}) lists after the target. */
  static List<Path> readDepfile(Path depfile, Path workDir) throws IOException {
    String text = Files.readString(depfile, StandardCharsets.UTF_8).replace("\\\r\n", " ").replace("\\\n", " ");
    int colon = text.indexOf(": ");
    String deps = colon < 0 ? "" : text.substring(colon + 2);
    List<Path> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i <= deps.length(); i++) {
      char c = i < deps.length() ? deps.charAt(i) : ' ';
      if (c == '\\' && i + 1 < deps.length() && deps.charAt(i + 1) == ' ') {
        cur.append(' ');
        i++;
      } else if (Character.isWhitespace(c)) {
        if (!cur.isEmpty()) {
          out.add(workDir.resolve(cur.toString()).normalize());
          cur.setLength(0);
        }
      } else {
        cur.append(c);
      }
    }
    return out;
  }
}
