package dev.jwin.link;

/** Stops the link after errors were reported (or with one fatal message). */
public final class LinkException extends RuntimeException {
  public LinkException(String message) {
    super(message, null, false, false);
  }
}
