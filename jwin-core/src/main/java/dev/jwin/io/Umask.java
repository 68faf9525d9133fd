package dev.jwin.io;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;

/** A process's umask, as Linux's {@code /proc/PID/status} gives it (its Umask line). */
public final class Umask {
  private Umask() {}

  /** Process {@code pid}'s umask as the status file writes it ("0022"), or null: no such process, or no /proc. */
  public static String of(long pid) {
    return read(Long.toString(pid));
  }

  /** This process's umask, or -1 where /proc does not say. */
  static int self() {
    return Self.VALUE;
  }

  private static final class Self {
    static final int VALUE = parse(read("self"));

    private static int parse(String octal) {
      try {
        return octal == null ? -1 : Integer.parseInt(octal, 8);
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }

  /** Through java.io: a short link that writes an image asks for its own, and NIO's set-up would cost it more. */
  private static String read(String process) {
    try (RandomAccessFile f = new RandomAccessFile("/proc/" + process + "/status", "r")) {
      // Its second line: the first few hundred bytes hold it (Name, of at most 64 bytes, comes first).
      byte[] b = new byte[512];
      int n = 0;
      for (int r; n < b.length && (r = f.read(b, n, b.length - n)) > 0; ) n += r;
      for (String line : new String(b, 0, n, StandardCharsets.ISO_8859_1).split("\n"))
        if (line.startsWith("Umask:")) return line.substring(6).strip();
    } catch (IOException | RuntimeException e) {
      // no such process, or no /proc
    }
    return null;
  }
}
