package dev.jwin.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.Probe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad options: an error naming the option, exit code 1, previous output untouched. */
class CommandLineTest {
  @TempDir Path dir;

  private static final byte[] PREVIOUS = Bytes.ascii("previous output");
  private Link link;

  @BeforeEach
  void existingOutput() throws IOException {
    link = Link.in(dir).input("a.obj", Probe.object());
    Files.write(link.output(), PREVIOUS);
  }

  private void assertRejected(Link.Result r, String mentioned) throws IOException {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.errors()).as(r.err()).anySatisfy(l -> assertThat(l).contains(mentioned));
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(Files.readAllBytes(r.output())).isEqualTo(PREVIOUS);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
          .isEqualTo(Set.of("a.obj", "out.exe"));
    }
  }

  @Test
  void unknownOptionIsAnErrorNamingIt() throws IOException {
    assertRejected(link.args("-frobnicate").run(), "frobnicate");
  }

  @Test
  void unknownOptionWithValueIsAnErrorNamingIt() throws IOException {
    assertRejected(link.args("/frobnicate:yes").run(), "frobnicate");
  }

  @Test
  void badBaseValueIsAnError() throws IOException {
    assertRejected(link.args("-base:xyz").run(), "xyz");
  }

  @Test
  void badSubsystemIsAnError() throws IOException {
    assertRejected(link.subsystem("marsrover").run(), "marsrover");
  }

  @Test
  void badMachineIsAnError() throws IOException {
    assertRejected(link.args("-machine:vax").run(), "vax");
  }

  @Test
  void optionsAreCaseInsensitiveAndAcceptSlashOrDash() {
    Link.Result r = Link.in(dir).input("b.obj", Probe.object()).out("b.exe").entry(null).subsystem(null)
        .args("/ENTRY:start", "-SUBSYSTEM:CONSOLE", "/Machine:X64").run();
    r.image();
  }

  @Test
  void noInputFilesIsAnError() {
    Link.Result r = Link.in(dir).out("c.exe").run();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).isNotEmpty();
    assertThat(Files.exists(r.output())).isFalse();
  }
}
