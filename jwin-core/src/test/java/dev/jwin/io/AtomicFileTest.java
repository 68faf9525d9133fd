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
