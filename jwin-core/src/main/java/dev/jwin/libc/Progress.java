package dev.jwin.libc;

import java.io.PrintStream;

/**
 * Progress of a parallel build: on a terminal one live line ({@code [231/640] mingwex: math/fabsf.c}),
 * elsewhere nothing (errors and the summary are printed by the caller).
 */
final class Progress {
  private final PrintStream err;
  private final boolean terminal;
  private int done;
  private int total;
  private boolean shown;

  Progress(PrintStream err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /** Whether standard error looks like a terminal (the JVM only knows for the console as a whole). */
  static boolean isTerminal() {
    java.io.Console c = System.console();
    return c != null && c.isTerminal();
  }

  synchronized void add(int jobs) {
    total += jobs;
  }

  synchronized void step(String label) {
    done++;
    if (terminal) {
      err.print("\r\033[K[" + done + "/" + total + "] " + label);
      err.flush();
      shown = true;
    }
  }

  /** Clears the live line so that the next message starts on a clean line. */
  synchronized void clear() {
    if (shown) {
      err.print("\r\033[K");
      err.flush();
      shown = false;
    }
  }
}
