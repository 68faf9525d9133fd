package dev.jwin.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.Link;
import dev.jwin.testkit.PeImage;
import dev.jwin.testkit.Probe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Undefined and duplicate symbols: lld-link's message shapes, exit code 1, no output. */
class DiagnosticsTest {
  @TempDir Path dir;

  @Test
  void undefinedSymbolIsAnErrorNamingTheReferencingFile() {
    var r = Link.in(dir).input("a.obj", Probe.object("foo")).run();
    assertThat(r.exitCode()).isEqualTo(1);
    List<String> lines = r.err().lines().toList();
    int i = lines.indexOf("jwin: error: undefined symbol: foo");
    assertThat(i).as(r.err()).isGreaterThanOrEqualTo(0);
    assertThat(lines.get(i + 1)).startsWith(">>> referenced by ").contains("a.obj");
    assertThat(Files.exists(r.output())).isFalse();
  }

  @Test
  void everyUndefinedSymbolIsReported() {
    var r = Link.in(dir).input("a.obj", Probe.object("foo", "bar")).run();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).contains("jwin: error: undefined symbol: foo", "jwin: error: undefined symbol: bar");
  }

  @Test
  void undefinedEntryPointIsAnError() {
    var r = Link.in(dir).input("a.obj", Probe.object()).entry("nosuchentry").run();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).anySatisfy(l -> assertThat(l).contains("nosuchentry"));
  }

  @Test
  void duplicateSymbolIsAnErrorNamingBothFiles() {
    var r = Link.in(dir).input("a.obj", Probe.object("foo")).input("b.obj", Probe.marked("foo", "FROM_B__"))
        .input("c.obj", Probe.marked("foo", "FROM_C__")).run();
    assertThat(r.exitCode()).isEqualTo(1);
    List<String> lines = r.err().lines().toList();
    int i = lines.indexOf("jwin: error: duplicate symbol: foo");
    assertThat(i).as(r.err()).isGreaterThanOrEqualTo(0);
    assertThat(lines.get(i + 1)).startsWith(">>> defined at ").contains("b.obj");
    assertThat(lines.get(i + 2)).startsWith(">>> defined at ").contains("c.obj");
    assertThat(Files.exists(r.output())).isFalse();
  }

  @Test
  void forceMultipleTurnsDuplicatesIntoWarningsAndKeepsTheFirst() {
    var r = Link.in(dir).input("a.obj", Probe.object("foo")).input("b.obj", Probe.marked("foo", "FROM_B__"))
        .input("c.obj", Probe.marked("foo", "FROM_C__")).args("-force:multiple").run();
    PeImage img = r.image();
    assertThat(r.warnings()).anySatisfy(l -> assertThat(l).contains("duplicate symbol: foo"));
    assertThat(r.errors()).isEmpty();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_B__");
  }

  @Test
  void staticSymbolsWithTheSameNameDoNotClash() {
    var b = Probe.marked("foo", "FROM_B__");
    var c = new dev.jwin.testkit.ObjectBuilder();
    c.local("foo", c.data().data("0102030405060708"), 0);
    PeImage img = Link.in(dir).input("a.obj", Probe.object("foo")).input("b.obj", b).input("c.obj", c).run().image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_B__");
  }
}
