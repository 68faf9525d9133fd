package dev.jwin.link;

import dev.jwin.coff.CorruptInputException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code jwin link}: the lld-link compatible command line. Turns every failure into diagnostics and exit code 1. */
public final class Driver {
  private Driver() {}

  public static int main(String[] args, PrintStream out, PrintStream err) {
    return main(args, out, err, System.getenv(), Path.of(""));
  }

  /** {@link #main} in the directory {@code cwd} with the environment {@code env}, which need not be this process's. */
  public static int main(String[] args, PrintStream out, PrintStream err, Map<String, String> env, Path cwd) {
    for (String a : args) {
      String l = a.toLowerCase(java.util.Locale.ROOT);
      if (l.equals("--version")) {
        out.println("LLD 14.0.6 (jwin link, compatible with lld-link)");
        return 0;
      }
      if (l.equals("-help") || l.equals("/help") || l.equals("--help") || l.equals("/?") || l.equals("-?")) {
        out.print(Help.TEXT);
        return 0;
      }
    }
    return run(Arrays.asList(args), new Diagnostics(err), env, cwd);
  }

  /** One link with its own state; every message goes to {@code diag}. Safe to call from several threads at once. */
  public static int run(List<String> args, Diagnostics diag) {
    return run(args, diag, System.getenv(), Path.of(""));
  }

  /** {@link #run(List, Diagnostics)} in {@code cwd} with the environment {@code env}. */
  public static int run(List<String> args, Diagnostics diag, Map<String, String> env, Path cwd) {
    Config config = new Config();
    try {
      new Linker(config, diag, env, cwd).run(args);
      return diag.errorCount() > 0 ? 1 : 0;
    } catch (LinkException e) {
      return 1;
    } catch (CorruptInputException e) {
      diag.fatal(e.file() + ": " + e.getMessage());
      return 1;
    } catch (OutOfMemoryError e) {
      diag.fatal("out of memory (raise the Java heap with JAVA_TOOL_OPTIONS=-Xmx...)");
      return 1;
    } catch (RuntimeException e) {
      diag.fatal("internal error: " + e);
      int shown = 0;
      for (StackTraceElement f : e.getStackTrace()) {
        if (f.getClassName().startsWith("dev.jwin.") && shown++ < 3) diag.message("jwin: note: at " + f);
      }
      return 1;
    }
  }
}
