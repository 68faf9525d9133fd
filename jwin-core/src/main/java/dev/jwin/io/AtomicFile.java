package dev.jwin.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file through a temporary file beside it, renamed into place: a failure never leaves a partial file, and
 * readers see the old contents or the new, never a mix. The file gets mode 0755 (an image) or 0644, less the umask,
 * as compilers' and linkers' outputs do.
 */
public final class AtomicFile {
  private AtomicFile() {}

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final FileAttribute<?> EXECUTABLE = PosixFilePermissions.asFileAttribute(
      PosixFilePermissions.fromString("rwxr-xr-x"));
  private static final FileAttribute<?> PLAIN = PosixFilePermissions.asFileAttribute(
      PosixFilePermissions.fromString("rw-r--r--"));

  public static void write(Path target, byte[] data, boolean executable) throws IOException {
    replace(target, executable, tmp -> Files.write(tmp, data));
  }

  /** Copies {@code from} to {@code target}, which gets its own mode, not the one of {@code from}. */
  public static void copy(Path from, Path target, boolean executable) throws IOException {
    replace(target, executable, tmp -> {
      try (InputStream in = Files.newInputStream(from); var out = Files.newOutputStream(tmp)) {
        in.transferTo(out);
      }
    });
  }

  /** Fills the temporary file (which already exists, empty, with the final mode). */
  public interface Contents {
    void writeTo(Path tmp) throws IOException;
  }

  /**
   * Creates a temporary file beside {@code target}, lets {@code contents} fill it (by any means, a mapping included),
   * then renames it over {@code target}; on any failure the temporary file is removed and {@code target} is untouched.
   */
  private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();

  /**
   * A new empty file {@code dir/prefix.N.tmp}. Not {@link Files#createTempFile}: its random names come from a
   * SecureRandom, whose provider set-up costs a short link more than its whole write pass. The name needs only to
   * be unused, and creation fails rather than reuse a file, so a counter and the clock will do.
   */
  private static Path createUnique(Path dir, String prefix, boolean executable) throws IOException {
    while (true) {
      Path tmp = dir.resolve(prefix + "." + Long.toHexString(System.nanoTime() ^ COUNTER.incrementAndGet() << 40) + ".tmp");
      try {
        // Created with these permissions, so the umask applies as it does to gcc's outputs.
        return POSIX ? Files.createFile(tmp, executable ? EXECUTABLE : PLAIN) : Files.createFile(tmp);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // another process or thread chose the same name: try the next
      }
    }
  }

  public static void replace(Path target, boolean executable, Contents contents) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    String prefix = "." + absolute.getFileName();
    Path tmp = createUnique(dir, prefix, executable);
    boolean moved = false;
    try {
      contents.writeTo(tmp);
      try {
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) Files.deleteIfExists(tmp);
    }
  }
}
