package dev.jwin.libc;

import java.util.List;

/** A problem building or locating the runtime, reported to the user as {@code jwin: error:} lines. */
public class LibcException extends Exception {
  public LibcException(String message) {
    super(message);
  }

  /** The messages to print, one {@code jwin: error:} each. */
  public List<String> messages() {
    return List.of(getMessage());
  }

  /** Prints {@link #messages()} to {@code err}, one {@code jwin: error:} line each. */
  public void report(java.io.PrintStream err) {
    for (String m : messages()) {
      err.println("jwin: error: " + m);
    }
  }

  /** Several independent failures (one per failed clang run). */
  static final class Many extends LibcException {
    private final List<String> messages;

    Many(List<String> messages) {
      super(messages.size() + " job(s) failed");
      this.messages = List.copyOf(messages);
    }

    @Override
    public List<String> messages() {
      return messages;
    }
  }
}
