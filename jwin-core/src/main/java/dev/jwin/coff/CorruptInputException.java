package dev.jwin.coff;

/** A malformed input file: carries the file and what is wrong, printed as {@code jwin: error: FILE: message}. */
public final class CorruptInputException extends RuntimeException {
  private final String file;

  public CorruptInputException(String file, String message) {
    super(message, null, false, false);
    this.file = file;
  }

  public String file() { return file; }

  @Override public String toString() { return file + ": " + getMessage(); }
}
