package dev.jwin.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @Test
  void replacesTheTargetAndLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("out.a");
    AtomicFile.write(target, new byte[] {1, 2, 3}, false);
    AtomicFile.write(target, new byte[] {4}, false);
    assertThat(Files.readAllBytes(target)).containsExactly(4);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void anImageFilledInPlaceIsExecutable(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("a.exe");
    AtomicFile.replace(target, true, tmp -> Files.write(tmp, new byte[] {'M', 'Z'}));
    assertThat(Files.readAllBytes(target)).containsExactly('M', 'Z');
    assertThat(Files.isExecutable(target)).isTrue();
    AtomicFile.write(dir.resolve("a.map"), new byte[0], false);
    assertThat(Files.getPosixFilePermissions(dir.resolve("a.map"))).doesNotContain(PosixFilePermission.OWNER_EXECUTE);
  }

  /** An image gets 0777 less the umask, another file 0666 less the umask, whatever the umask (in a process of its own). */
  @Test
  void modesAreThoseOfTheUmask(@TempDir Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (String umask : new String[] {"022", "077", "027", "002", "007"}) {
      Path sub = Files.createDirectory(dir.resolve("u" + umask));
      Process p = new ProcessBuilder("sh", "-c", "umask " + umask + " && exec \"$0\" -cp \"$1\" \"$2\" \"$3\"", java,
          System.getProperty("java.class.path"), WriteBoth.class.getName(), sub.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as(out).isZero();
      int mask = Integer.parseInt(umask, 8);
      assertThat(mode(sub.resolve("a.exe"))).as("umask %s", umask).isEqualTo(0777 & ~mask);
      assertThat(mode(sub.resolve("a.map"))).as("umask %s", umask).isEqualTo(0666 & ~mask);
    }
  }

  private static int mode(Path p) throws IOException {
    int mode = 0;
    for (PosixFilePermission bit : Files.getPosixFilePermissions(p)) mode |= 0400 >> bit.ordinal();
    return mode;
  }

  /** Writes an image and another file into the directory it is given. */
  public static final class WriteBoth {
    public static void main(String[] args) throws IOException {
      AtomicFile.replace(Path.of(args[0], "a.exe"), true, tmp -> Files.write(tmp, new byte[] {'M', 'Z'}));
      AtomicFile.write(Path.of(args[0], "a.map"), new byte[0], false);
    }
  }

  @Test
  void aFailedWriteKeepsTheOldTargetAndRemovesTheTemporaryFile(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("out.exe");
    AtomicFile.write(target, new byte[] {1}, true);
    assertThatThrownBy(() -> AtomicFile.replace(target, true, tmp -> {
      Files.write(tmp, new byte[] {9, 9});
      throw new IOException("disk full");
    })).hasMessage("disk full");
    assertThatThrownBy(() -> AtomicFile.replace(target, true, tmp -> {
      throw new IllegalStateException("link failed");
    })).hasMessage("link failed");
    assertThat(Files.readAllBytes(target)).containsExactly(1);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }
}
