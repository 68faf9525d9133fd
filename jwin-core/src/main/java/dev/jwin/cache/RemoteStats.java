package dev.jwin.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the remote cache did, summed over every run that used this local cache ({@code remote-stats} in its root),
 * for {@code jwin cache info}. Each run adds its counts once at its end, under a file lock.
 */
public record RemoteStats(long hits, long misses, long bytesDown, long bytesUp, long uploads, long errors,
    long corrupt) {
  static final String FILE_NAME = "remote-stats";
  static final RemoteStats NONE = new RemoteStats(0, 0, 0, 0, 0, 0, 0);

  RemoteStats plus(RemoteStats o) {
    return new RemoteStats(hits + o.hits, misses + o.misses, bytesDown + o.bytesDown, bytesUp + o.bytesUp,
        uploads + o.uploads, errors + o.errors, corrupt + o.corrupt);
  }

  boolean isEmpty() {
    return equals(NONE);
  }

  /** The totals recorded under {@code root}; none when there is no (readable) file. */
  public static RemoteStats read(Path root) {
    try {
      return parse(Files.readString(root.resolve(FILE_NAME), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return NONE;
    }
  }

  /** Adds {@code run} to the totals under {@code root}. */
  static void add(Path root, RemoteStats run) throws IOException {
    Files.createDirectories(root);
    try (FileChannel ch = FileChannel.open(root.resolve(FILE_NAME), StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE); var lock = ch.lock()) {
      ByteBuffer b = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
      ch.read(b, 0);
      RemoteStats total = parse(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8)).plus(run);
      byte[] text = total.format().getBytes(StandardCharsets.UTF_8);
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(text), 0);
    }
  }

  private String format() {
    return "hits " + hits + "\nmisses " + misses + "\nbytes-down " + bytesDown + "\nbytes-up " + bytesUp
        + "\nuploads " + uploads + "\nerrors " + errors + "\ncorrupt " + corrupt + "\n";
  }

  private static RemoteStats parse(String text) {
    Map<String, Long> v = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String[] kv = line.split(" ");
      if (kv.length == 2) {
        try {
          v.put(kv[0], Long.parseLong(kv[1]));
        } catch (NumberFormatException ignored) {
          // a damaged line counts as zero
        }
      }
    }
    return new RemoteStats(v.getOrDefault("hits", 0L), v.getOrDefault("misses", 0L),
        v.getOrDefault("bytes-down", 0L), v.getOrDefault("bytes-up", 0L), v.getOrDefault("uploads", 0L),
        v.getOrDefault("errors", 0L), v.getOrDefault("corrupt", 0L));
  }
}
