package dev.jwin.io;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes a file through a temporary file beside it, renamed into place: a failure never leaves a partial file, and
 * readers see the old contents or the new, never a mix. The file gets mode 0755 (an image) or 0644, less the umask,
 * as compilers' and linkers' outputs do.
 */
public final class AtomicFile {
  private AtomicFile() {}

  public static void write(Path target, byte[] data, boolean executable) throws IOException {
    replace(target, executable, tmp -> {
      try (RandomAccessFile f = new RandomAccessFile(tmp.toFile(), "rw")) {
        f.write(data);
      }
    });
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

  private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();

  /**
   * Creates a temporary file beside {@code target}, lets {@code contents} fill it (by any means, a mapping included),
   * then renames it over {@code target}; on any failure the temporary file is removed and {@code target} is untouched.
   * Through {@code java.io} where it can: a short link spends a few milliseconds setting up the NIO file channel
   * classes and their native libraries, and {@code PosixFilePermissions} asks for its enum's values by reflection.
   */
  public static void replace(Path target, boolean executable, Contents contents) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    String prefix = "." + absolute.getFileName();
    Path tmp = createUnique(dir, prefix, executable);
    boolean moved = false;
    try {
      contents.writeTo(tmp);
      // rename(2) replaces the target atomically; where File.renameTo fails (a Windows target that exists, another
      // file system), Files.move does it or says why not.
      if (!tmp.toFile().renameTo(absolute.toFile())) {
        try {
          Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      moved = true;
    } finally {
      if (!moved) tmp.toFile().delete();
    }
  }

  /**
   * A new empty file {@code dir/prefix.N.tmp}, mode 0644 or 0755 less the umask (as compilers' and linkers' outputs).
   * Not {@link Files#createTempFile}: its random names come from a SecureRandom, whose provider set-up costs a short
   * link more than its whole write pass. The name needs only to be unused, and creation fails rather than reuse a
   * file, so a counter and the clock will do.
   */
  private static Path createUnique(Path dir, String prefix, boolean executable) throws IOException {
    while (true) {
      Path tmp = dir.resolve(prefix + "." + Long.toHexString(System.nanoTime() ^ COUNTER.incrementAndGet() << 40) + ".tmp");
      File f = tmp.toFile();
      // Created 0666 less the umask, failing if the name is taken (O_EXCL).
      if (!create(f, tmp)) continue; // another process or thread chose the same name: try the next
      if (executable) makeExecutable(f, tmp);
      return tmp;
    }
  }

  /** Creates {@code f} unless it exists (false then). */
  private static boolean create(File f, Path tmp) throws IOException {
    try {
      return f.createNewFile();
    } catch (IOException e) {
      // java.io gives strerror's words only; NIO's exception types (no such file, access denied) are what callers
      // report: ask again through NIO.
      try {
        Files.createFile(tmp);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException taken) {
        return false;
      }
    }
  }

  /** 0777 less the umask on a file created 0666 less the umask: the x bits where the umask lets r through. */
  private static void makeExecutable(File f, Path tmp) throws IOException {
    if (File.separatorChar != '/') return;
    int umask = Umask.self();
    if (umask >= 0 && (umask & 0111) == 0) {
      if (f.setExecutable(true, false)) return; // rwxr-xr-x with umask 022
    } else if (umask >= 0 && (umask & 0111) == 0011) {
      if (f.setExecutable(true, true)) return; // rwx------ with umask 077
    }
    // Another umask (027: owner and group), or one /proc does not give: the file's own mode, 0666 less the umask,
    // says who may read it, and so who may run it.
    Set<PosixFilePermission> perms = new HashSet<>(Files.getPosixFilePermissions(tmp));
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ, OWNER_WRITE, OWNER_EXECUTE, GROUP_READ, ...
    for (int k = 0; k < bits.length; k += 3) if (perms.contains(bits[k])) perms.add(bits[k + 2]);
    Files.setPosixFilePermissions(tmp, perms);
  }
}
