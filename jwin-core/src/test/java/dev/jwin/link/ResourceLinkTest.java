package dev.jwin.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.coff.Machine;
import dev.jwin.res.ResFile;
import dev.jwin.res.ResFile.Entry;
import dev.jwin.res.ResFile.Id;
import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .res} inputs and resource objects become one {@code .rsrc}: each case links the same inputs with
 * jwin and lld-link-14 and compares {@code llvm-readobj --coff-resources} and the messages.
 */
class ResourceLinkTest {
  @TempDir Path dir;

  private static final int RT_RCDATA = 10, RT_MANIFEST = 24, EN_US = 0x409, DE_DE = 0x407;

  private static ObjectBuilder start() {
    ObjectBuilder o = new ObjectBuilder();
    o.function("start", o.text().data(Bytes.hex("c3")), 0);
    return o;
  }

  private static Entry res(Id type, Id name, int language, String data) {
    return new Entry(type, name, language, data.getBytes(StandardCharsets.UTF_8));
  }

  private static Entry rcdata(Object name, int language, String data) {
    return res(Id.of(RT_RCDATA), name instanceof String s ? Id.of(s) : Id.of((Integer) name), language, data);
  }

  /** Named types and names in mixed case, several languages, data of every length modulo 8, two files. */
  private static List<Entry> first() {
    return List.of(
        rcdata(7, EN_US, "seven"),
        rcdata("beta", EN_US, "b"),
        rcdata("Alpha", EN_US, "A-en"),
        rcdata("Alpha", DE_DE, "A-de"),
        rcdata("alpha", EN_US, "a lower"),
        rcdata(2, 0, "neutral two, longer than eight bytes"),
        res(Id.of("MYTYPE"), Id.of(1), EN_US, "custom type"),
        res(Id.of("mytype"), Id.of("x"), EN_US, "custom lower"),
        res(Id.of(6), Id.of(1), EN_US, "\0\0\5\0h\0e\0l\0l\0o\0"));
  }

  private static List<Entry> second() {
    return List.of(
        rcdata(3, DE_DE, "three"),
        rcdata("Zed", EN_US, "z"),
        rcdata("Ärger", EN_US, "non-ASCII name"),
        res(Id.of("MYTYPE"), Id.of(2), EN_US, "custom two"),
        res(Id.of(RT_MANIFEST), Id.of(1), EN_US, "<assembly/>"),
        res(Id.of(16), Id.of(1), EN_US, "12345678"));
  }

  @Test
  void severalResFilesMatchLld() throws Exception {
    Outcome o = both(List.of("a.obj", "a.res", "b.res"), List.of(), w -> {
      w.input("a.obj", start());
      w.input("a.res", ResFile.write(first()));
      w.input("b.res", ResFile.write(second()));
    });
    o.assertSame();
    // as lld-link 14: names in code point order, so upper case first
    assertThat(o.jwinResources).containsSubsequence("Name: Alpha", "Name: Zed", "Name: alpha", "Name: beta", "Name: Ärger")
        .contains("Language: (ID 1031)");
  }

  @Test
  void x86AndArm64ImagesMatchLld() throws Exception {
    for (Machine m : List.of(Machine.I386, Machine.ARM64)) {
      ObjectBuilder o = new ObjectBuilder().machine(m.value);
      o.function(m == Machine.I386 ? "_start" : "start", o.text().data(Bytes.hex("c3000000")), 0);
      List<String> options = m == Machine.I386 ? List.of("-machine:x86", "-safeseh:no") : List.of("-machine:" + m.linkName);
      both(List.of(), options, w -> {
        w.input("a.obj", o);
        w.input("a.res", ResFile.write(first()));
        w.input("b.res", ResFile.write(second()));
      }).assertSame();
    }
  }

  @Test
  void emptyResFileGivesAnEmptyDirectoryAsInLld() throws Exception {
    both(List.of("a.obj", "e.res"), List.of(), w -> {
      w.input("a.obj", start());
      w.input("e.res", ResFile.write(List.of()));
    }).assertSame();
  }

  @Test
  void duplicatesAreErrorsInLldsWords() throws Exception {
    Outcome o = both(List.of("a.obj", "a.res", "b.res"), List.of(), w -> {
      w.input("a.obj", start());
      w.input("a.res", ResFile.write(first()));
      w.input("b.res", ResFile.write(List.of(rcdata("Alpha", DE_DE, "again"), rcdata(7, EN_US, "again"),
          res(Id.of("mytype"), Id.of("x"), EN_US, "again"))));
    });
    assertThat(o.jwin.exitCode()).isEqualTo(1);
    assertThat(o.jwin.errors()).containsExactly(
        "jwin: error: duplicate resource: type RCDATA (ID 10)/name \"Alpha\"/language 1031, in " + dir.resolve("a.res")
            + " and in " + dir.resolve("b.res"),
        "jwin: error: duplicate resource: type RCDATA (ID 10)/name ID 7/language 1033, in " + dir.resolve("a.res")
            + " and in " + dir.resolve("b.res"),
        "jwin: error: duplicate resource: type \"mytype\"/name \"x\"/language 1033, in " + dir.resolve("a.res")
            + " and in " + dir.resolve("b.res"));
    assertThat(o.jwin.err()).isEqualTo(o.lldErr);
    assertThat(Files.exists(o.jwin.output())).isFalse();
  }

  @Test
  void forceMultipleResKeepsTheFirstAndWarns() throws Exception {
    Outcome o = both(List.of("a.obj", "a.res", "b.res"), List.of("-force:multipleres"), w -> {
      w.input("a.obj", start());
      w.input("a.res", ResFile.write(first()));
      w.input("b.res", ResFile.write(List.of(rcdata("Alpha", DE_DE, "second one"), rcdata(9, EN_US, "new"))));
    });
    o.assertSame();
    assertThat(o.jwin.warnings()).hasSize(1);
  }

  @Test
  void oneResourceObjectIsLinkedAsIs() throws Exception {
    Path obj = cvtres("r.obj", first());
    both(List.of("a.obj", obj.toString()), List.of(), w -> w.input("a.obj", start())).assertSame();
  }

  @Test
  void mingwMergesResourceObjectsWithResFiles() throws Exception {
    Path obj = cvtres("r.obj", second());
    both(List.of("a.obj", obj.toString(), "a.res"), List.of("-lldmingw"), w -> {
      w.input("a.obj", start());
      w.input("a.res", ResFile.write(first()));
    }).assertSame();
  }

  @Test
  void outsideMingwASecondResourceObjectIsAnError() throws Exception {
    Path obj = cvtres("r.obj", second());
    Outcome o = both(List.of("a.obj", obj.toString(), "a.res"), List.of(), w -> {
      w.input("a.obj", start());
      w.input("a.res", ResFile.write(first()));
    });
    assertThat(o.jwin.exitCode()).isEqualTo(1);
    assertThat(o.jwin.err()).isEqualTo(o.lldErr)
        .contains("internal .obj file created from .res files: more than one resource obj file not allowed, already got");
  }

  @Test
  void mingwDropsGccsDefaultManifest() throws Exception {
    List<Entry> defaultManifest = List.of(res(Id.of(RT_MANIFEST), Id.of(1), 0, "<default/>"));
    Outcome o = both(List.of("a.obj", "d.res", "b.res"), List.of("-lldmingw"), w -> {
      w.input("a.obj", start());
      w.input("d.res", ResFile.write(defaultManifest));
      w.input("b.res", ResFile.write(second()));
    });
    o.assertSame();
    assertThat(o.jwinResources).doesNotContain("Language: 0\n");
  }

  @Test
  void mingwReportsTwoNonDefaultManifests() throws Exception {
    Outcome o = both(List.of("a.obj", "d.res", "b.res"), List.of("-lldmingw"), w -> {
      w.input("a.obj", start());
      w.input("d.res", ResFile.write(List.of(res(Id.of(RT_MANIFEST), Id.of(1), DE_DE, "<de/>"))));
      w.input("b.res", ResFile.write(second()));
    });
    assertThat(o.jwin.exitCode()).isEqualTo(1);
    assertThat(o.jwin.err()).isEqualTo(o.lldErr).contains("duplicate non-default manifests with languages 1031 in");
  }

  @Test
  void truncatedResFileIsAnErrorNamingIt() throws Exception {
    byte[] good = ResFile.write(first());
    Link w = Link.in(dir).input("a.obj", start()).input("bad.res", Arrays.copyOf(good, good.length - 20));
    Link.Result r = w.run();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).singleElement().asString().contains("bad.res").contains("extends past the end of the file");
    assertThat(r.err()).doesNotContain("Exception");
    assertThat(Files.exists(r.output())).isFalse();
  }

  @Test
  void embeddedManifestsMatchLld() throws Exception {
    List<List<String>> cases = List.of(
        List.of("-manifest:embed"),
        List.of("-manifest:embed,id=5", "-manifestuac:no"),
        List.of("-manifest:embed", "-manifestuac:level='requireAdministrator' uiAccess='true'",
            "-manifestdependency:type='win32' name='B'", "-manifestdependency:type='win32' name='A'",
            "-manifestdependency:type='win32' name='B'"),
        List.of("-dll", "-noentry", "-manifest:embed"));
    for (List<String> options : cases) {
      Outcome o = both(List.of(), options, w -> {
        w.input("a.obj", start());
        w.input("a.res", ResFile.write(first()));
        if (options.contains("-dll")) w.entry(null).out("out.dll");
      });
      o.assertSame();
      assertThat(o.jwinResources).as("%s", options).contains("Type: MANIFEST (ID 24)");
    }
  }

  @Test
  void sideBySideManifestMatchesLld() throws Exception {
    Outcome o = both(List.of(), List.of("-manifest", "-manifestdependency:type='win32' name='X'"),
        w -> w.input("a.obj", start()));
    o.assertSame();
    assertThat(o.jwinResources).doesNotContain("MANIFEST");
    assertThat(Files.readString(dir.resolve("out.exe.manifest"))).isEqualTo(Files.readString(dir.resolve("lld.exe.manifest")))
        .contains("name='X'");
    Link w = Link.in(dir).input("a.obj", start()).args("-manifest", "-manifestfile:" + dir.resolve("custom.xml"), "-manifest:no");
    assertThat(w.run().exitCode()).isZero();
    assertThat(dir.resolve("custom.xml")).doesNotExist();
    w = Link.in(dir).input("a.obj", start()).args("-manifest", "-manifestfile:" + dir.resolve("custom.xml"));
    assertThat(w.run().exitCode()).isZero();
    assertThat(Files.readString(dir.resolve("custom.xml"))).contains("level='asInvoker' uiAccess='false'").doesNotContain("name='X'");
  }

  // ---- harness ----

  private interface Inputs {
    void write(Link link) throws IOException;
  }

  private final class Outcome {
    Link.Result jwin;
    String jwinResources, lldResources, lldErr;
    int lldExit;

    void assertSame() {
      assertThat(jwin.exitCode()).as(jwin.err()).isZero();
      assertThat(lldExit).as(lldErr).isZero();
      assertThat(jwinResources).isEqualTo(lldResources);
      assertThat(jwin.err()).isEqualTo(lldErr);
    }
  }

  /** Links with jwin, then the same command line with lld-link-14 into lld.exe. */
  private Outcome both(List<String> inputs, List<String> options, Inputs setup) throws Exception {
    Link w = Link.in(dir);
    setup.write(w);
    w.args(options.toArray(String[]::new));
    for (String in : inputs) if (in.startsWith("/")) w.args(in);
    Outcome o = new Outcome();
    o.jwin = w.run();
    o.jwinResources = o.jwin.exitCode() == 0 ? readobj(o.jwin.output()) : "";
    List<String> cmd = new ArrayList<>(List.of("lld-link-14"));
    for (String a : w.commandLine()) cmd.add(a.startsWith("-out:") ? "-out:" + dir.resolve(w.output().getFileName().toString().endsWith(".dll") ? "lld.dll" : "lld.exe") : a);
    Proc p = run(cmd);
    o.lldExit = p.exit;
    o.lldErr = p.err.replaceAll("(?m)^lld-link-14: ", "jwin: ");
    o.lldResources = p.exit == 0 ? readobj(dir.resolve(w.output().getFileName().toString().endsWith(".dll") ? "lld.dll" : "lld.exe")) : "";
    return o;
  }

  private record Proc(int exit, String out, String err) {}

  private Proc run(List<String> cmd) throws Exception {
    Path out = dir.resolve("proc.out"), err = dir.resolve("proc.err");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    return new Proc(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private String readobj(Path image) throws Exception {
    Proc p = run(List.of("llvm-readobj-14", "--coff-resources", image.toString()));
    assertThat(p.exit).as(p.err).isZero();
    return p.out.lines().filter(l -> !l.startsWith("File: ")).reduce("", (a, b) -> a + b + "\n");
  }

  /** A resource object made by llvm-cvtres-14 (with relocations against $R symbols). */
  private Path cvtres(String name, List<Entry> entries) throws Exception {
    Path res = dir.resolve(name + ".res");
    Files.write(res, ResFile.write(entries));
    Path obj = dir.resolve(name);
    Proc p = run(List.of("llvm-cvtres-14", "/machine:x64", "/timestamp:0", "/out:" + obj, res.toString()));
    assertThat(p.exit).as(p.err).isZero();
    return obj;
  }
}
