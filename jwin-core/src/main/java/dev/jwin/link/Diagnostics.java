package dev.jwin.link;

import java.io.PrintStream;

/**
 * Counts errors and carries on, like lld: each pass ends by {@link #checkpoint()}. Every message goes to one
 * {@link Sink}: the command line prints it, the Java API keeps it as an object.
 */
public final class Diagnostics {
  public enum Severity { ERROR, WARNING, NOTE }

  /** Where messages go; {@code NOTE} is plain output ({@code -verbose}, {@code -time}). Called under a lock. */
  @FunctionalInterface
  public interface Sink {
    void report(Severity severity, String message);
  }

  private final Sink sink;
  private int errors;
  int errorLimit = 20;
  boolean warningsAsErrors;

  /** Prints {@code jwin: error: ...} / {@code jwin: warning: ...} lines, as lld-link does. */
  public Diagnostics(PrintStream err) {
    this((severity, message) -> err.println(switch (severity) {
      case ERROR -> "jwin: error: " + message;
      case WARNING -> "jwin: warning: " + message;
      case NOTE -> message;
    }));
  }

  public Diagnostics(Sink sink) {
    this.sink = sink;
  }

  public synchronized void error(String message) {
    if (errorLimit > 0 && errors >= errorLimit) return;
    sink.report(Severity.ERROR, message);
    errors++;
    if (errorLimit > 0 && errors == errorLimit) {
      sink.report(Severity.ERROR, "too many errors emitted, stopping now (use -errorlimit:0 to see all errors)");
      throw new LinkException(null);
    }
  }

  public synchronized void warn(String message) {
    if (warningsAsErrors) {
      error(message);
      return;
    }
    sink.report(Severity.WARNING, message);
  }

  public synchronized void message(String message) {
    sink.report(Severity.NOTE, message);
  }

  /** Reports and aborts. */
  public LinkException fatal(String message) {
    synchronized (this) {
      sink.report(Severity.ERROR, message);
      errors++;
    }
    return new LinkException(null);
  }

  public int errorCount() { return errors; }

  public void checkpoint() {
    if (errors > 0) throw new LinkException(null);
  }
}
