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

  /** As lld-link: an unknown -option is ignored with a warning, which /wx (anywhere) makes an error. */
  @Test
  void unknownDashOptionIsAWarningNamingIt() throws IOException {
    Link.Result r = link.args("-frobnicate", "--frob:x").run();
    r.image();
    assertThat(r.warnings()).containsExactly("jwin: warning: ignoring unknown argument '-frobnicate'",
        "jwin: warning: ignoring unknown argument '--frob:x'");
    Files.write(link.output(), PREVIOUS);
    Link.Result wx = Link.in(dir).input("a.obj", Probe.object()).args("-frobnicate", "/wx").run();
    assertRejected(wx, "ignoring unknown argument '-frobnicate'");
  }

  /** As lld-link: an unknown /name is taken for an input file, which does not exist. */
  @Test
  void unknownSlashOptionIsAMissingInputFile() throws IOException {
    assertRejected(link.args("/frobnicate:yes").run(), "could not open '/frobnicate:yes'");
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
  void optionsOfFeaturesJwinLacksAreNamedAsNotSupported() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeFalse(Link.external(), "lld-link supports these");
    for (String o : new String[] {"/lldsavetemps", "/thinlto-index-only", "/pdbsourcepath:x"}) {
      String name = o.substring(1, o.indexOf(':') < 0 ? o.length() : o.indexOf(':'));
      Link.Result r = Link.in(dir).input("a.obj", Probe.object()).args(o).run();
      assertRejected(r, "/" + name + " is not supported: ");
    }
  }

  @Test
  void negativeOrMalformedNumbersAreErrors() throws IOException {
    for (String o : new String[] {"-stack:-1", "-heap:1,-2", "-base:0x", "-align:+16", "-stack:99999999999999999999"}) {
      assertRejected(Link.in(dir).input("a.obj", Probe.object()).args(o).run(), "invalid number");
    }
  }

  @Test
  void unbalancedStartLibIsAnError() throws IOException {
    assertRejected(Link.in(dir).input("a.obj", Probe.object()).args("/start-lib", "/start-lib").run(), "/start-lib");
    assertRejected(Link.in(dir).input("a.obj", Probe.object()).args("/end-lib").run(), "/end-lib");
  }

  @Test
  void noInputFilesIsAnError() {
    Link.Result r = Link.in(dir).out("c.exe").run();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).isNotEmpty();
    assertThat(Files.exists(r.output())).isFalse();
  }
}
