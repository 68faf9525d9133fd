package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.ArchiveBuilder;
import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.PeImage;
import dev.jwin.testkit.Probe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lld-link options and what they do to the image, checked against lld-link itself with
 * {@code -Djwin.test.linker=lld-link-14}.
 */
class LldOptionsTest {
  @TempDir Path dir;

  /** {@code start} and {@code main}, so the subsystem can be inferred. */
  private static ObjectBuilder withMain() {
    ObjectBuilder o = Probe.object();
    var text = o.text().data(Bytes.hex("c3"));
    o.function("main", text, 0);
    return o;
  }

  @Test
  void subsystemDefaultInfersTheSubsystemAndSetsItsVersion() {
    PeImage img = Link.in(dir).subsystem(null).input("a.obj", withMain()).args("/subsystem:default,6.2").run().image();
    assertThat(img.subsystem).isEqualTo(3);
    assertThat(img.majorSubsystemVersion).isEqualTo(6);
    assertThat(img.minorSubsystemVersion).isEqualTo(2);
  }

  @Test
  void swaprunSetsFileCharacteristics() {
    PeImage img = Link.in(dir).input("a.obj", Probe.object()).args("/swaprun:cd,net").run().image();
    assertThat(img.characteristics & 0x0C00).isEqualTo(0x0C00);
  }

  @Test
  void dllCharacteristicOptions() {
    PeImage img = Link.in(dir).input("a.obj", Probe.object())
        .args("/allowbind:no", "/allowisolation:no", "/appcontainer", "/integritycheck", "/driver:wdm").run().image();
    assertThat(img.dllCharacteristics & 0x3A80).isEqualTo(0x0800 | 0x0200 | 0x1000 | 0x0080 | 0x2000);
    PeImage back = Link.in(dir).out("b.exe").input("a.obj", Probe.object())
        .args("/allowbind:no", "/allowbind", "/appcontainer", "/appcontainer:no").run().image();
    assertThat(back.dllCharacteristics & 0x1800).isZero();
  }

  @Test
  void optionsWithoutEffectOnX64LeaveTheImageAsItWas() throws IOException {
    Link.in(dir).out("plain.exe").input("a.obj", Probe.object()).args("/timestamp:0").run().image();
    Link.in(dir).out("flags.exe").input("b.obj", Probe.object()).args("/timestamp:0", "/safeseh", "/safeseh:no",
        "/functionpadmin", "/functionpadmin:6", "/ignore:4217,4049", "/threads:2", "/debugtype:cv,fixup",
        "/lldignoreenv", "/stub:nosuchstub.exe", "--rsp-quoting=windows").run().image();
    assertThat(Files.readAllBytes(dir.resolve("flags.exe"))).isEqualTo(Files.readAllBytes(dir.resolve("plain.exe")));
  }

  @Test
  void threadsMustBePositive() {
    Link.Result r = Link.in(dir).input("a.obj", Probe.object()).args("/threads:0").run();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).anySatisfy(l -> assertThat(l).contains("/threads:: expected a positive integer, but got '0'"));
  }

  /** Options lld-link only warns about (and then links as if they were not there), with its words. */
  @Test
  void optionsLldLinkOnlyWarnsAbout() {
    assertWarns(new String[] {"/incremental", "/opt:ref"},
        "ignoring '/incremental' because REF is enabled; use '/opt:noref' to disable");
    assertWarns(new String[] {"/incremental", "/opt:noref,icf"},
        "ignoring '/incremental' because ICF is enabled; use '/opt:noicf' to disable");
    assertWarns(new String[] {"/incremental", "/profile"}, "ignoring '/incremental' due to '/profile' specification");
    assertWarns(new String[] {"/align:8192", "/driver:wdm"}, "/align specified without /driver; image may not run");
    assertWarns(new String[] {"/aligncomm:nosuch,2"}, "/aligncomm symbol nosuch not found");
    assertWarns(new String[] {"/lib", "/lib"}, "ignoring /lib since it's not the first argument");
    assertWarns(new String[] {"/incremental", "/debug", "/align:8192", "/driver", "/errorreport:none", "/fastfail",
        "/tlbid:1", "/tlbout:x.tlb", "/idlout:x.idl", "/ignoreidl", "/maxilksize:1", "/ltcg", "/ltcg:off"});
  }

  private void assertWarns(String[] options, String... warnings) {
    Link.Result r = Link.in(dir).input("a.obj", Probe.object()).args(options).run();
    r.image();
    assertThat(r.warnings()).as(String.join(" ", options))
        .containsExactly(java.util.Arrays.stream(warnings).map(w -> "jwin: warning: " + w).toArray(String[]::new));
  }

  @Test
  void unknownDebugTypeIsOnlyAWarning() {
    Link.Result r = Link.in(dir).input("a.obj", Probe.object()).args("/debugtype:cv,foo").run();
    r.image();
    assertThat(r.warnings()).anySatisfy(l -> assertThat(l).contains("/debugtype: unknown option 'foo'"));
  }

  @Test
  void versionAndHelpPrintAndSucceed() {
    Link.Result v = Link.in(dir).input("a.obj", Probe.object()).args("--version").run();
    assertThat(v.exitCode()).isZero();
    assertThat(v.out()).contains("LLD 14");
    assertThat(Files.exists(v.output())).isFalse();
    Link.Result h = Link.in(dir).input("a.obj", Probe.object()).args("-help").run();
    assertThat(h.exitCode()).isZero();
    assertThat(h.out()).startsWith("OVERVIEW: ").contains("USAGE: ");
  }

  @Test
  void includeOptionalLoadsAMemberSomeArchiveOffersAndIgnoresTheRest() {
    var lib = new ArchiveBuilder().add("foo.obj", Probe.marked("foo", "FROM_FOO"));
    PeImage img = Link.in(dir).input("a.obj", Probe.object()).input("lib.a", lib)
        .args("/includeoptional:foo", "/includeoptional:nowhere", "/opt:noref").run().image();
    assertThat(img.fileContains("FROM_FOO")).isTrue();
  }

  @Test
  void wholeArchiveLoadsEveryMember() {
    var lib = new ArchiveBuilder().add("foo.obj", Probe.marked("foo", "FROM_FOO"))
        .add("bar.obj", Probe.marked("bar", "FROM_BAR"));
    PeImage lazy = Link.in(dir).out("lazy.exe").input("a.obj", Probe.object()).input("lib.a", lib)
        .args("/opt:noref").run().image();
    assertThat(lazy.fileContains("FROM_FOO")).isFalse();
    PeImage whole = Link.in(dir).out("whole.exe").input("b.obj", Probe.object()).input("lib2.a", lib)
        .args("/opt:noref", "/wholearchive:lib2.a").run().image();
    assertThat(whole.fileContains("FROM_FOO")).isTrue();
    assertThat(whole.fileContains("FROM_BAR")).isTrue();
  }

  @Test
  void responseFilesUseWindowsQuotingUnlessToldOtherwise() throws IOException {
    Link link = Link.in(dir);
    link.write("a b.obj", Probe.object().build());
    Files.writeString(dir.resolve("win.rsp"), "\"" + dir.resolve("a b.obj") + "\"\n");
    link.args("@" + dir.resolve("win.rsp")).run().image();
    Files.writeString(dir.resolve("posix.rsp"), "'" + dir.resolve("a b.obj") + "'\n");
    Link.in(dir).out("posix.exe").args("--rsp-quoting=posix", "@" + dir.resolve("posix.rsp")).run().image();
    Link.Result wrong = Link.in(dir).out("wrong.exe").args("@" + dir.resolve("posix.rsp")).run();
    assertThat(wrong.exitCode()).isEqualTo(1);
  }

  @Test
  void includeThroughAnAlternateNameLoadsTheTarget() {
    var lib = new ArchiveBuilder().add("bar.obj", Probe.marked("bar", "FROM_BAR"));
    PeImage img = Link.in(dir).input("a.obj", Probe.object()).input("lib.a", lib)
        .args("/include:foo", "/alternatename:foo=bar").run().image();
    assertThat(img.fileContains("FROM_BAR")).isTrue();
  }

  @Test
  void objectsBetweenStartLibAndEndLibLoadOnlyWhenNeeded() {
    Link link = Link.in(dir);
    String foo = link.write("foo.obj", Probe.marked("foo", "FROM_FOO").build()).toString();
    String bar = link.write("bar.obj", Probe.marked("bar", "FROM_BAR").build()).toString();
    PeImage img = link.input("a.obj", Probe.object("foo")).args("/opt:noref", "/start-lib", foo, bar, "/end-lib").run()
        .image();
    assertThat(Probe.markerAt(img, 0)).isEqualTo("FROM_FOO");
    assertThat(img.fileContains("FROM_BAR")).isFalse();
  }

  @Test
  void entryPointThroughAnAlternateName() {
    ObjectBuilder o = new ObjectBuilder();
    o.function("realstart", o.text().data(Bytes.hex("c3")), 0);
    PeImage img = Link.in(dir).entry("foo").input("a.obj", o).args("/alternatename:foo=realstart").run().image();
    assertThat(img.addressOfEntryPoint).isNotZero();
    assertThat(img.u8At(Integer.toUnsignedLong(img.addressOfEntryPoint))).isEqualTo(0xc3);
  }

  @Test
  void reproduceTarRelinksToTheSameBytes() throws Exception {
    Path libs = Files.createDirectories(dir.resolve("lib dir"));
    Files.write(libs.resolve("foo.lib"), new ArchiveBuilder().add("foo.obj", Probe.marked("foo", "FROM_FOO")).build());
    Link.Result r = Link.in(dir).input("a.obj", Probe.object("foo")).args("/libpath:" + libs, "foo.lib", "/timestamp:0",
        "/reproduce:" + dir.resolve("r.tar")).run();
    r.image();
    Path ex = Files.createDirectories(dir.resolve("ex"));
    assertThat(new ProcessBuilder("tar", "-xf", dir.resolve("r.tar").toString(), "-C", ex.toString()).inheritIO()
        .start().waitFor()).isZero();
    Path root = ex.resolve("r");
    assertThat(Files.readString(root.resolve("response.txt"))).contains("/libpath:\"").doesNotContain("reproduce");
    Files.delete(dir.resolve("a.obj")); // the relink must use the tar's copy
    java.util.List<String> cmd = Link.external()
        ? java.util.List.of(System.getProperty("jwin.test.linker"), "-brepro", "@response.txt")
        : java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
            System.getProperty("java.class.path"), "dev.jwin.cli.Main", "link", "@response.txt");
    Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(log).isZero();
    assertThat(Files.readAllBytes(root.resolve("out.exe"))).isEqualTo(Files.readAllBytes(r.output()));
  }

  @Test
  void linkreproWritesReproTarInTheDirectory() throws IOException {
    Path into = Files.createDirectories(dir.resolve("repro dir"));
    Link.in(dir).input("a.obj", Probe.object()).args("/linkrepro:" + into).run().image();
    assertThat(Files.size(into.resolve("repro.tar"))).isGreaterThan(1024);
  }
}
