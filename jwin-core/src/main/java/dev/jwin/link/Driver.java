package dev.jwin.link;

import dev.jwin.coff.CorruptInputException;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code jwin link}: the lld-link compatible command line. Turns every failure into diagnostics and exit code 1. */
public final class Driver {
  private Driver() {}

  public static int main(String[] args, PrintStream out, PrintStream err) {
    return run(Arrays.asList(args), new Diagnostics(err));
  }

  /** One link with its own state; every message goes to {@code diag}. Safe to call from several threads at once. */
  public static int run(java.util.List<String> args, Diagnostics diag) {
    Config config = new Config();
    try {
      new Linker(config, diag).run(args);
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
