package dev.jwin.rc;

/** A problem in a resource script or a file it names; the message is the whole diagnostic line after "error: ". */
public final class RcException extends RuntimeException {
  /** {@code file:line:col} of the problem, or a file name, or null. */
  public final String where;

  public RcException(String where, String message) {
    super(message, null, false, false);
    this.where = where;
  }

  /** {@code FILE:LINE:COL: error: MESSAGE}, or {@code jwin: error: FILE: MESSAGE} without a position. */
  public String diagnostic() {
    if (where == null) return "jwin: error: " + getMessage();
    if (where.matches(".*:\\d+:\\d+")) return where + ": error: " + getMessage();
    return "jwin: error: " + where + ": " + getMessage();
  }
}
