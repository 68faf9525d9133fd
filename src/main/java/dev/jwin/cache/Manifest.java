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
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.size() < 4 || !lines.get(0).equals(MAGIC) || !lines.getLast().equals("end")
        || !lines.get(1).startsWith("key ") || !lines.get(2).startsWith("label ")) {
      throw new IOException("malformed manifest " + file);
    }
    List<FileStamp> inputs = new ArrayList<>();
    List<FileStamp> outputs = new ArrayList<>();
    for (String l : lines.subList(3, lines.size() - 1)) {
      String[] p = l.split(" ", 6);
      if (p.length != 6 || !(p[0].equals("input") || p[0].equals("output"))) {
        throw new IOException("malformed manifest line in " + file + ": " + l);
      }
      try {
        FileStamp f = new FileStamp(p[5], Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]), p[4]);
        (p[0].equals("input") ? inputs : outputs).add(f);
      } catch (NumberFormatException e) {
        throw new IOException("malformed manifest line in " + file + ": " + l);
      }
    }
    return new Manifest(lines.get(1).substring(4), lines.get(2).substring(6), inputs, outputs);
  }
}
