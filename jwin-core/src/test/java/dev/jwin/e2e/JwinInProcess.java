package dev.jwin.e2e;

import dev.jwin.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a jwin command ({@code link}, {@code dlltool}, {@code lib}) in-process, as the jwin launcher
 * would, with a timeout and a log file. With {@code -Djwin.e2e.linker=lld}, {@code link} runs
 * lld-link-14 instead (to check the tests themselves).
 */
final class JwinInProcess {
  private JwinInProcess() {}

  static final Duration TIMEOUT = Duration.ofMinutes(3);

  /**
   * Runs {@code jwin <command> <args>} and writes {@code dir/<label>.log}. Returns null when it exited 0
   * and {@code output} exists, else a description of the failure.
   */
  static String run(String command, List<String> args, Path dir, String label, Path output) {
    String mode = System.getProperty("jwin.e2e.linker", "jwin");
    if (command.equals("link") && mode.equals("lld")) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Tools.LLD_LINK);
      cmd.addAll(args);
      Proc.Result r = Proc.run(cmd, dir, label, TIMEOUT, Map.of());
      return r.ok() && Files.isRegularFile(output) ? null : r.describe();
    }
    if (!mode.equals("jwin") && !mode.equals("lld"))
      throw new AssertionError("unknown jwin.e2e.linker=" + mode + " (use jwin or lld)");
    String[] argv = new String[args.size() + 1];
    argv[0] = command;
    for (int i = 0; i < args.size(); i++) argv[i + 1] = args.get(i);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    FutureTask<Integer> task = new FutureTask<>(() -> Main.run(argv, o, e));
    // like the jwin launcher (-Xss8m), give the linker a generous stack
    Thread worker = new Thread(null, task, "jwin-" + label, 16L << 20);
    worker.setDaemon(true);
    long t0 = System.nanoTime();
    worker.start();
    int rc;
    String thrown = null;
    try {
      rc = task.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException te) {
      StringBuilder st = new StringBuilder("jwin " + command + " did not finish within " + TIMEOUT + "; it was at:\n");
      for (StackTraceElement el : worker.getStackTrace()) st.append("    at ").append(el).append('\n');
      thrown = st.toString();
      worker.interrupt();
      rc = -1;
    } catch (ExecutionException ex) {
      StringWriter sw = new StringWriter();
      ex.getCause().printStackTrace(new PrintWriter(sw));
      thrown = sw.toString();
      rc = -1;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", ex);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    String log = "jwin " + command + " exit=" + rc + " (" + ms + " ms)\nstdout:\n" + out.toString(StandardCharsets.UTF_8)
        + "\nstderr:\n" + err.toString(StandardCharsets.UTF_8) + (thrown == null ? "" : "\nthrew:\n" + thrown);
    Proc.write(dir.resolve(label + ".log"), log);
    if (rc == 0 && thrown == null && Files.isRegularFile(output)) return null;
    if (rc == 0 && thrown == null) log += "\n(exit code 0 but no output file " + output + ")";
    return "command: jwin " + command + " " + String.join(" ", args) + "\n" + Proc.indent(log);
  }
}
