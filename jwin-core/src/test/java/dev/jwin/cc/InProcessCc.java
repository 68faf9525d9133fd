package dev.jwin.cc;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs {@code jwin cc} in this JVM, {@code @D/} in an argument standing for a directory; keeps what it printed. */
final class InProcessCc {
  private InProcessCc() {}

  record Run(int exitCode, String stderr) {}

  static Run run(Path dir, Map<String, String> env, List<String> args) {
    String[] a = args.stream().map(s -> s.replace("@D/", dir + "/")).toArray(String[]::new);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = CcDriver.main(a, false, new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true),
        env);
    return new Run(rc, err.toString(StandardCharsets.UTF_8));
  }
}
