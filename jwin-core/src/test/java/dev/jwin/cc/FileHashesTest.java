package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory of file hashes stays bounded: the least recently used files go, and files unused for long. */
class FileHashesTest {
  @TempDir Path dir;

  private Path file(String name) throws Exception {
    Path f = Files.writeString(dir.resolve(name), name);
    Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    return f;
  }

  private List<String> remembered(Path store) throws Exception {
    return Files.readAllLines(store).stream().map(l -> Path.of(l.split(" ", 4)[3]).getFileName().toString())
        .sorted().toList();
  }

  @Test
  void keepsTheMostRecentlyUsedUpToItsLimit() throws Exception {
    Path store = dir.resolve("memory");
    FileHashes day1 = new FileHashes(store, 100, 3);
    for (String n : List.of("a", "b", "c")) day1.hash(file(n));
    day1.save();
    assertThat(remembered(store)).containsExactly("a", "b", "c");
    FileHashes day2 = new FileHashes(store, 101, 3);
    day2.hash(dir.resolve("c"));
    day2.hash(file("d"));
    day2.hash(file("e"));
    day2.save();
    assertThat(remembered(store)).containsExactly("c", "d", "e");
    assertThat(new FileHashes(store, 101, 3).hash(dir.resolve("c"))).isEqualTo(FileHashes.digest(dir.resolve("c")));
  }

  @Test
  void forgetsFilesUnusedForLong() throws Exception {
    Path store = dir.resolve("memory");
    FileHashes old = new FileHashes(store, 100, 10);
    old.hash(file("a"));
    old.hash(file("b"));
    old.save();
    FileHashes later = new FileHashes(store, 100 + FileHashes.FORGET_DAYS, 10);
    later.hash(dir.resolve("b"));
    later.save();
    assertThat(remembered(store)).containsExactly("b");
  }

  @Test
  void aDamagedMemoryStartsAfresh() throws Exception {
    Path store = Files.writeString(dir.resolve("memory"), "garbage line without fields\n1/2/3/4 abc notaday /x\n");
    FileHashes h = new FileHashes(store, 100, 10);
    assertThat(h.hash(file("a"))).isEqualTo(FileHashes.digest(dir.resolve("a")));
  }
}
