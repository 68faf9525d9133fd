package dev.jwin.link;

import java.io.PrintStream;

/** {@code jwin link}: lld-link compatible command line. */
public final class Driver {
  private Driver() {}

  public static int main(String[] args, PrintStream out, PrintStream err) {
    err.println("jwin: error: link: not implemented yet");
    return 1;
  }
}
