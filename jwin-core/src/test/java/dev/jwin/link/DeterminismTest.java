package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.ArchiveBuilder;
import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.ImportMemberBuilder;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.Probe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same inputs give the same bytes: no clock, no hash order, no thread timing in the output. */
class DeterminismTest {
  @TempDir Path dir;

  private Link.Result link(String out) {
    ObjectBuilder a = Probe.object("foo", "c", "__imp_ExitProcess", "bar");
    var comdat = a.section(".rdata$k", RDATA | alignFlag(8)).comdat(IMAGE_COMDAT_SELECT_ANY).data("0102030405060708");
    a.global("k", comdat, 0);
    a.common("c", 48);
    a.bss(100);
    a.weak("bar", "foo");
    var lib = new ArchiveBuilder()
        .add("foo.obj", Probe.marked("foo", "FROM_LIB"))
        .add(ImportMemberBuilder.code("KERNEL32.dll", "ExitProcess"))
        .add("unused.obj", Probe.marked("unused", "UNUSED__"));
    return Link.in(dir).input("a.obj", a).input("lib.a", lib).out(out).run();
  }

  @Test
  void twoLinksOfTheSameInputsAreByteIdentical() throws InterruptedException {
    byte[] first = link("one.exe").outputBytes();
    Thread.sleep(1100); // a timestamp taken from the clock would differ
    byte[] second = link("two.exe").outputBytes();
    assertThat(first).isNotEmpty();
    assertThat(Bytes.concat(second)).isEqualTo(first);
  }

  @Test
  void timestampIsNotTheCurrentTime() {
    var img = link("one.exe").image();
    long now = System.currentTimeMillis() / 1000;
    assertThat(Math.abs(Integer.toUnsignedLong(img.timeDateStamp) - now)).isGreaterThan(3600);
  }

  /** The size of the large input of bench/run: 3000 objects. */
  private static final int OBJECTS = 3000;

  /**
   * {@link #OBJECTS} objects, half of them in an archive (loaded through other objects' calls, so in batches read in
   * parallel): code with REL32 calls, data with ADDR64 pointers (base relocations), a 4 KiB blob each (an image of
   * more than 1 MiB, hashed block by block in parallel for /Brepro), a COMDAT duplicated in every object, imports.
   * Returns the input files, written once for all the links.
   */
  private String[] manyObjects() {
    Link link = Link.in(dir);
    ArchiveBuilder lib = new ArchiveBuilder();
    for (int i = 0; i < OBJECTS; i++) {
      ObjectBuilder o = new ObjectBuilder();
      byte[] code = new byte[32];
      code[0] = (byte) 0xe8;
      code[5] = (byte) 0xe8;
      code[10] = (byte) 0xe8;
      code[15] = (byte) 0xc3;
      var text = o.text().data(code);
      o.function(i == 0 ? "start" : "f" + i, text, 0);
      text.reloc(1, IMAGE_REL_AMD64_REL32, "f" + ((i * 7 + 1) % (OBJECTS - 1) + 1));
      text.reloc(6, IMAGE_REL_AMD64_REL32, "f" + ((i * 13 + 5) % (OBJECTS - 1) + 1));
      text.reloc(11, IMAGE_REL_AMD64_REL32, i % 5 == 0 ? "ExitProcess" : "shared");
      var data = o.data().data(new byte[24]);
      o.global("d" + i, data, 0);
      data.reloc(0, IMAGE_REL_AMD64_ADDR64, "d" + (OBJECTS - 1 - i));
      data.reloc(8, IMAGE_REL_AMD64_ADDR64, i % 3 == 0 ? "__imp_GetTickCount" : "shared");
      data.reloc(16, IMAGE_REL_AMD64_ADDR32NB, "f" + ((i * 11 + 3) % (OBJECTS - 1) + 1));
      byte[] blob = new byte[4096];
      for (int k = 0; k < blob.length; k++) blob[k] = (byte) (i * 31 + k);
      o.rdata().data(blob);
      var comdat = o.section(".rdata$shared", RDATA | alignFlag(16)).comdat(IMAGE_COMDAT_SELECT_ANY).data("0102030405060708");
      o.global("shared", comdat, 0);
      o.bss(16 + i % 64);
      if (i < OBJECTS / 2) link.input("o" + i + ".obj", o);
      else lib.add("m" + i + ".obj", o);
    }
    lib.add(ImportMemberBuilder.code("KERNEL32.dll", "ExitProcess"));
    lib.add(ImportMemberBuilder.code("KERNEL32.dll", "GetTickCount"));
    return link.input("lib.a", lib).entry(null).subsystem(null).commandLine().stream()
        .filter(a -> !a.startsWith("-out:")).toArray(String[]::new);
  }

  @Test
  void threadCountDoesNotChangeTheOutput() {
    // 20 links: the default, one thread, as many as there are processors, and more threads than that.
    int cpus = Math.max(2, Runtime.getRuntime().availableProcessors());
    List<String> variants = new ArrayList<>();
    for (int rep = 0; rep < 5; rep++) {
      variants.add("");
      for (int threads : new int[] {1, cpus, 8}) variants.add("/threads:" + threads);
    }
    String[] inputs = manyObjects();
    byte[] first = null;
    int n = 0;
    for (String threads : variants) {
      String[] options = threads.isEmpty() ? new String[] {"/brepro"} : new String[] {"/brepro", threads};
      String out = "many" + n++ + ".exe";
      var result = Link.in(dir).args(inputs).args(options).out(out).run();
      assertThat(result.exitCode()).as(result.err()).isZero();
      result.image();
      byte[] bytes = result.outputBytes();
      if (first == null) {
        assertThat(bytes.length).as("output size").isGreaterThan(OBJECTS * 4096);
        first = bytes;
      } else {
        assertThat(bytes).as(out + " linked with " + (threads.isEmpty() ? "the default thread count" : threads))
            .isEqualTo(first);
      }
    }
  }

  @Test
  void threadsMustBeAPositiveCount() {
    for (String bad : new String[] {"/threads:0", "/threads:x", "/threads"}) {
      var r = manyObjectsSmall(bad);
      assertThat(r.exitCode()).as(bad).isEqualTo(1);
      assertThat(r.errors()).as(bad).hasSize(1);
    }
  }

  private Link.Result manyObjectsSmall(String option) {
    return Link.in(dir).input("a.obj", Probe.object()).args(option).out("bad.exe").run();
  }
}
