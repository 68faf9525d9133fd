package dev.jwin.rc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.res.ResFile;
import dev.jwin.res.ResourceObject;
import dev.jwin.res.ResourceTree;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing with a fixed seed: damaged scripts and {@code .res} files must end in a diagnostic
 * (RcException / CorruptInputException), never in another exception or a hang.
 */
class RcFuzzTest {
  private static final Path DIR = Path.of("src/test/resources/rc/handmade");
  private static final RcCompiler.Options OPTIONS = new RcCompiler.Options(0x409, 1252, false, DIR.resolve("fuzz.rc"), List.of(DIR));

  @Test
  void damagedScriptsGiveDiagnostics() throws Exception {
    byte[] seed = Files.readAllBytes(DIR.resolve("edge.rc"));
    fuzz(11, r -> mutate(seed, r), b -> {
      try {
        RcCompiler.compile(new String(b, StandardCharsets.ISO_8859_1), "fuzz.rc", OPTIONS);
        return false;
      } catch (RcException e) {
        assertThat(e.diagnostic()).startsWith("fuzz.rc:").doesNotContain("\n");
        return true;
      }
    });
  }

  @Test
  void damagedResFilesGiveDiagnostics() throws Exception {
    byte[] seed = Files.readAllBytes(compiledAllRc());
    fuzz(12, r -> mutate(seed, r), b -> {
      try {
        ResourceTree tree = new ResourceTree(false);
        tree.addRes("fuzz.res", ResFile.read("fuzz.res", Bytes.of(b)));
        ResourceObject.write(tree, 0x8664, 0);
        return false;
      } catch (CorruptInputException e) {
        assertThat(e.file()).isEqualTo("fuzz.res");
        return true;
      }
    });
  }

  @Test
  void damagedResourceSectionsGiveDiagnostics() throws Exception {
    ResourceTree good = new ResourceTree(false);
    good.addRes("all.res", ResFile.read("all.res", Bytes.of(Files.readAllBytes(compiledAllRc()))));
    byte[] seed = ResourceObject.write(good, 0x8664, 0);
    int sectionOneEnd = 100 + (seed[36] & 0xff) + ((seed[37] & 0xff) << 8); // .rsrc$01 starts after the headers
    fuzz(13, r -> {
      byte[] b = seed.clone();
      for (int e = 0; e < 1 + r.nextInt(3); e++) b[100 + r.nextInt(sectionOneEnd - 100)] = (byte) r.nextInt(256);
      return b;
    }, b -> {
      try {
        ResourceTree tree = new ResourceTree(true);
        tree.addSection("fuzz.obj", dev.jwin.coff.CoffObject.parse("fuzz.obj", Bytes.of(b)), 0);
        ResourceObject.write(tree, 0x8664, 0);
        return false;
      } catch (CorruptInputException e) {
        assertThat(e.file()).isEqualTo("fuzz.obj");
        return true;
      }
    });
  }

  /** Runs {@code target} on mutated inputs ({@code -Djwin.fuzz.iterations}, 3000 by default); it says whether it reported. */
  private static void fuzz(long seed, java.util.function.Function<Random, byte[]> input, java.util.function.Predicate<byte[]> target) {
    Random r = new Random(seed);
    int diagnosed = 0;
    for (int i = 0; i < Integer.getInteger("jwin.fuzz.iterations", 3000); i++) if (target.test(input.apply(r))) diagnosed++;
    assertThat(diagnosed).isGreaterThan(100);
  }

  private static Path compiledAllRc() throws Exception {
    Path res = Files.createTempFile("fuzz", ".res");
    res.toFile().deleteOnExit();
    int rc = dev.jwin.cli.Main.run(new String[] {"rc", "/fo", res.toString(), DIR.resolve("all.rc").toString()}, System.out, System.err);
    assertThat(rc).isZero();
    return res;
  }

  /** Flips, inserts, deletes or truncates a few bytes. */
  private static byte[] mutate(byte[] seed, Random r) {
    byte[] b = seed.clone();
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits && b.length > 0; e++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(4)) {
        case 0 -> b[at] = (byte) r.nextInt(256);
        case 1 -> b[at] = (byte) "{}(),\"L0x|~-BEGINEND\\".charAt(r.nextInt(20));
        case 2 -> {
          byte[] c = new byte[b.length - 1];
          System.arraycopy(b, 0, c, 0, at);
          System.arraycopy(b, at + 1, c, at, b.length - at - 1);
          b = c;
        }
        default -> b = java.util.Arrays.copyOf(b, at);
      }
    }
    return b;
  }
}
