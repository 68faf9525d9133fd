package dev.jwin.link;

import java.io.PrintStream;

/** Counts errors and carries on, like lld: each pass ends by {@link #checkpoint()}. */
public final class Diagnostics {
  private final PrintStream err;
  private int errors;
  int errorLimit = 20;
  boolean warningsAsErrors;

  public Diagnostics(PrintStream err) {
    this.err = err;
  }

  /** As lld does, a diagnostic of several lines is followed by a blank line before the next one. */
  private String separator = "";

  private void print(String prefix, String message) {
    err.print(separator);
    err.println(prefix + message);
    separator = message.indexOf('\n') >= 0 ? System.lineSeparator() : "";
  }

  public synchronized void error(String message) {
    if (errorLimit > 0 && errors >= errorLimit) return;
    print("jwin: error: ", message);
    errors++;
    if (errorLimit > 0 && errors == errorLimit) {
      print("jwin: error: ", "too many errors emitted, stopping now (use /errorlimit:0 to see all errors)");
      throw new LinkException(null);
    }
  }

  public synchronized void warn(String message) {
    if (warningsAsErrors) {
      error(message);
      return;
    }
    print("jwin: warning: ", message);
  }

  public synchronized void message(String message) {
    err.println(message);
  }

  /** Reports and aborts. */
  public LinkException fatal(String message) {
    synchronized (this) {
      print("jwin: error: ", message);
      errors++;
    }
    return new LinkException(null);
  }

  public int errorCount() { return errors; }

  public void checkpoint() {
    if (errors > 0) throw new LinkException(null);
  }
}
