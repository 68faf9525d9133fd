package dev.jwin.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The record of one cache entry: its key, a label for people, every input file the work read
 * (absolute paths) and every output file (relative to the entry directory), each with its
 * {@link FileStamp}. A text file; the closing {@code end} line shows it was written whole.
 */
public record Manifest(String key, String label, List<FileStamp> inputs, List<FileStamp> outputs) {
  static final String FILE_NAME = "manifest";
  private static final String MAGIC = "jwin-cache-manifest 1";

  public Manifest {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** How an entry compares with the world now. */
  public enum Status { CURRENT, STALE, CORRUPT }

  /**
   * CURRENT when every input is unchanged and every output intact; STALE when an input changed
   * (the work must be redone); CORRUPT when an output is missing or altered.
   */
  public Status check(Path entryDir, boolean deep) {
    for (FileStamp out : outputs) {
      if (deep ? !out.contentMatches(entryDir) : !out.isCurrent(entryDir)) {
        return Status.CORRUPT;
      }
    }
    for (FileStamp in : inputs) {
      if (!in.isCurrent(null)) {
        return Status.STALE;
      }
    }
    return Status.CURRENT;
  }

  String format() {
    StringBuilder sb = new StringBuilder(MAGIC).append('\n');
    sb.append("key ").append(key).append('\n');
    sb.append("label ").append(label.replace('\n', ' ')).append('\n');
    for (FileStamp f : inputs) {
      line(sb, "input", f);
    }
    for (FileStamp f : outputs) {
      line(sb, "output", f);
    }
    return sb.append("end\n").toString();
  }

  private static void line(StringBuilder sb, String kind, FileStamp f) {
    if (f.path().indexOf('\n') >= 0) {
      throw new IllegalArgumentException("file name with a newline: " + f.path());
    }
    sb.append(kind).append(' ').append(f.size()).append(' ').append(f.mtimeNanos()).append(' ')
        .append(f.inode()).append(' ').append(f.sha256()).append(' ').append(f.path()).append('\n');
  }

  /** Reads a manifest; a missing, truncated or malformed one is an IOException. */
  static Manifest read(Path file) throws IOException {
    // Hand-rolled: a runtime's manifest has thousands of lines and a no-op build is mostly this.
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    List<String> head = new ArrayList<>(3);
    int pos = 0;
    while (head.size() < 3) {
      int nl = text.indexOf('\n', pos);
      if (nl < 0) {
        throw new IOException("malformed manifest " + file);
      }
      head.add(text.substring(pos, nl));
      pos = nl + 1;
    }
    if (!head.get(0).equals(MAGIC) || !head.get(1).startsWith("key ") || !head.get(2).startsWith("label ")
        || !text.endsWith("\nend\n")) {
      throw new IOException("malformed manifest " + file);
    }
    int last = text.length() - "end\n".length();
    List<FileStamp> inputs = new ArrayList<>();
    List<FileStamp> outputs = new ArrayList<>();
    while (pos < last) {
      int nl = text.indexOf('\n', pos);
      try {
        int a = text.indexOf(' ', pos);
        int b = text.indexOf(' ', a + 1);
        int c = text.indexOf(' ', b + 1);
        int d = text.indexOf(' ', c + 1);
        int e = text.indexOf(' ', d + 1);
        if (a < 0 || b < 0 || c < 0 || d < 0 || e < 0 || e > nl) {
          throw new NumberFormatException();
        }
        boolean input = text.startsWith("input ", pos);
        if (!input && !text.startsWith("output ", pos)) {
          throw new NumberFormatException();
        }
        FileStamp f = new FileStamp(text.substring(e + 1, nl), Long.parseLong(text, a + 1, b, 10),
            Long.parseLong(text, b + 1, c, 10), Long.parseLong(text, c + 1, d, 10), text.substring(d + 1, e));
        (input ? inputs : outputs).add(f);
      } catch (NumberFormatException | IndexOutOfBoundsException x) {
        throw new IOException("malformed manifest line in " + file + ": " + text.substring(pos, Math.max(pos, nl)));
      }
      pos = nl + 1;
    }
    return new Manifest(head.get(1).substring(4), head.get(2).substring(6), inputs, outputs);
  }
}
