package dev.jwin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Sources live in the modules (jwin-core/src, jwin-api/src, jwin-maven-plugin/src): a file under a top-level
 * src/ (say, from a merge of work begun before the move) would silently not be built or tested.
 */
class SourceLayoutTest {
  @Test
  void noSourcesOutsideTheModules() throws IOException {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    Path checkout = Files.isRegularFile(dir.resolve("jwin")) ? dir : dir.getParent();
    Path stray = checkout.resolve("src");
    List<String> files = List.of();
    if (Files.exists(stray)) {
      try (Stream<Path> s = Files.walk(stray)) {
        files = s.filter(Files::isRegularFile).map(p -> checkout.relativize(p).toString()).sorted().toList();
      }
    }
    assertThat(files).as("files under %s: move them into jwin-core/src (git mv)", stray).isEmpty();
  }
}
