package dev.jwin.cc;

/** A problem reported as one {@code jwin: error: ...} line (or already reported, when the message is null). */
public final class CcException extends Exception {
  private final int exitCode;

  public CcException(String message) {
    this(message, 1);
  }

  public CcException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The exit code the command ends with; gcc uses 1 for every error it reports itself. */
  public int exitCode() {
    return exitCode;
  }
}
