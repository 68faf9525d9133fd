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

  /** lld-link names an undefined {@code __imp_X} as {@code __declspec(dllimport) X}, C and C++ names alike. */
  @Test
  void undefinedImportIsNamedAsLldLink14NamesIt() {
    var o = Probe.object("__imp_foo", "__imp__Z3barv");
    String[] err = new String[2];
    for (int i = 0; i < 2; i++) {
      Link l = Link.in(dir).out(i == 0 ? "lld.exe" : "jwin.exe");
      if (i == 0) l.linker("lld-link-14");
      err[i] = l.input("a.obj", o).run().err();
    }
    assertThat(err[0]).contains("undefined symbol: __declspec(dllimport) foo\n")
        .contains("undefined symbol: __declspec(dllimport) bar()\n");
    assertThat(err[1]).isEqualTo(err[0]);
  }

  @Test
  void undefinedSymbolsWordForWord() {
    // Two references from one function are two lines; a multi-line diagnostic is followed by a blank line.
    var o = Probe.object("foo", "foo", "bar");
    var r = Link.in(dir).input("a.obj", o).run();
    String a = dir.resolve("a.obj").toString();
    assertThat(r.err()).isEqualTo("jwin: error: undefined symbol: foo\n>>> referenced by " + a + ":(start)\n"
        + ">>> referenced by " + a + ":(start)\n\njwin: error: undefined symbol: bar\n>>> referenced by " + a
        + ":(start)\n");
  }

  @Test
  void errorLimitStopsWithLldsMessage() {
    var r = Link.in(dir).input("a.obj", Probe.object("u1", "u2", "u3")).args("/errorlimit:2").run();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).endsWith(":(start)\n\njwin: error: too many errors emitted, stopping now "
        + "(use /errorlimit:0 to see all errors)\n");
    assertThat(r.errors()).hasSize(3);
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
