package dev.jwin.res;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Machine;
import dev.jwin.res.ResFile.Entry;
import dev.jwin.res.ResFile.Id;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code .res} reader and the resource object writer, byte for byte against llvm-cvtres-14. */
class ResourceObjectTest {
  @TempDir Path dir;

  private static Entry entry(Id type, Id name, int language, String data) {
    return new Entry(type, name, language, 0, 0x1030, 2, 3, Bytes.of(data.getBytes(StandardCharsets.UTF_8)));
  }

  private static final List<Entry> A = List.of(
      entry(Id.of(10), Id.of("Zed"), 0x409, "z"),
      entry(Id.of(10), Id.of(5), 0x409, "five, twelve"),
      entry(Id.of("TYPE"), Id.of("name"), 0x407, ""),
      entry(Id.of(10), Id.of("alpha"), 0x409, "alpha data, a bit longer"),
      entry(Id.of(3), Id.of(1), 0x409, "12345678"));
  private static final List<Entry> B = List.of(
      entry(Id.of(10), Id.of(5), 0x407, "german five"),
      entry(Id.of("TYPE"), Id.of("Name"), 0x407, "N"),
      entry(Id.of(24), Id.of(1), 0, "<assembly/>"));

  @Test
  void resFilesRoundTrip() {
    byte[] bytes = ResFile.write(A);
    List<Entry> back = ResFile.read("a.res", Bytes.of(bytes));
    assertThat(back).hasSize(A.size());
    for (int i = 0; i < A.size(); i++) {
      Entry e = A.get(i), b = back.get(i);
      assertThat(List.of(b.type(), b.name(), b.language(), b.dataVersion(), b.memoryFlags(), b.version(), b.characteristics()))
          .isEqualTo(List.of(e.type(), e.name(), e.language(), e.dataVersion(), e.memoryFlags(), e.version(), e.characteristics()));
      assertThat(b.data().toArray())
          .isEqualTo(e.data().toArray());
    }
  }

  @Test
  void objectMatchesLlvmCvtresForEachMachine() throws Exception {
    for (String machine : List.of("x64", "x86", "arm64", "arm")) {
      int m = switch (machine) {
        case "x64" -> Machine.AMD64.value;
        case "x86" -> Machine.I386.value;
        case "arm64" -> Machine.ARM64.value;
        default -> Machine.ARMNT.value;
      };
      Path a = dir.resolve("a.res"), b = dir.resolve("b.res"), out = dir.resolve(machine + ".obj");
      Files.write(a, ResFile.write(A));
      Files.write(b, ResFile.write(B));
      Process p = new ProcessBuilder(List.of("llvm-cvtres-14", "/machine:" + machine, "/timestamp:1234", "/out:" + out, a.toString(),
          b.toString())).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(log).isZero();

      ResourceTree tree = new ResourceTree(false);
      tree.addRes(a.toString(), ResFile.read(a.toString(), Bytes.of(Files.readAllBytes(a))));
      tree.addRes(b.toString(), ResFile.read(b.toString(), Bytes.of(Files.readAllBytes(b))));
      assertThat(tree.duplicates).isEmpty();
      assertThat(ResourceObject.write(tree, m, 1234)).as(machine).isEqualTo(Files.readAllBytes(out));
    }
  }

  @Test
  void duplicatesAreListedWithBothFiles() {
    ResourceTree tree = new ResourceTree(false);
    tree.addRes("a.res", A);
    tree.addRes("c.res", List.of(entry(Id.of(10), Id.of("alpha"), 0x409, "again"), entry(Id.of("TYPE"), Id.of(7), 1, "x")));
    tree.addRes("d.res", List.of(entry(Id.of("TYPE"), Id.of(7), 1, "y")));
    assertThat(tree.duplicates).containsExactly(
        "duplicate resource: type RCDATA (ID 10)/name \"alpha\"/language 1033, in a.res and in c.res",
        "duplicate resource: type \"TYPE\"/name ID 7/language 1, in c.res and in d.res");
  }

  @Test
  void emptyAndTruncatedFiles() {
    assertThat(ResFile.read("e.res", Bytes.of(ResFile.write(new ArrayList<>())))).isEmpty();
    byte[] good = ResFile.write(A);
    for (int cut : new int[] {1, 8, 30, good.length - 40}) {
      byte[] bad = java.util.Arrays.copyOf(good, good.length - cut);
      try {
        ResFile.read("t.res", Bytes.of(bad));
        if (cut > 3) throw new AssertionError("no error for " + cut + " bytes cut");
      } catch (dev.jwin.coff.CorruptInputException e) {
        assertThat(e.file()).isEqualTo("t.res");
        assertThat(e.getMessage()).contains("extends past the end of the file");
      }
    }
  }
}
