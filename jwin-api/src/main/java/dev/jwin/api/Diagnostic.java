package dev.jwin.api;

/**
 * One message from a link, a compile or a runtime build. {@code file}, {@code symbol} are null and {@code line},
 * {@code column} are 0 when the message names none.
 */
public record Diagnostic(Severity severity, String file, int line, int column, String symbol, String message) {
  public enum Severity { ERROR, WARNING, NOTE }

  public boolean isError() { return severity == Severity.ERROR; }

  /** {@code file:line:column: error: message}, as compilers print it; parts that are unknown are left out. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (file != null) {
      b.append(file);
      if (line > 0) b.append(':').append(line);
      if (column > 0) b.append(':').append(column);
      b.append(": ");
    }
    return b.append(severity.name().toLowerCase(java.util.Locale.ROOT)).append(": ").append(message).toString();
  }
}
