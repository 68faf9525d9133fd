package dev.jwin.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.archive.DefFile;
import dev.jwin.coff.Bytes;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.coff.ImportHeader;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.Probe;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of every reader of untrusted input: COFF objects, archives, import
 * members, .def files, .drectve text and the command line, each through a whole link of a small
 * program. Whatever the bytes, a link ends with exit code 0 or 1 and never an internal error.
 *
 * <p>In {@code ./test} each target runs once per seed in {@code src/test/resources/.../InputFuzzTestInputs}
 * (real objects and archives); {@code JAZZER_FUZZ=1 mvn test -Dtest='InputFuzzTest#objectFile'} fuzzes.
 */
class InputFuzzTest {
  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("jwin-fuzz");
      DIR.toFile().deleteOnExit();
      Files.write(DIR.resolve("probe.obj"), Probe.object("foo", "bar", "__imp_ExitProcess").build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Links {@code args}; fails on anything but a clean success or a clean error. */
  private static void link(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> cmd = new ArrayList<>(List.of("-out:" + DIR.resolve("out.exe"), "-entry:start", "-subsystem:console",
        "-lldignoreenv", "-force:unresolved", "-errorlimit:0"));
    cmd.addAll(List.of(args));
    int rc;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      rc = Driver.main(cmd.toArray(String[]::new), o, e);
    }
    String messages = err.toString(StandardCharsets.UTF_8);
    assertThat(messages).as("messages").doesNotContain("internal error").doesNotContain("\tat ");
    assertThat(rc).as(messages).isIn(0, 1);
  }

  private static String write(String name, byte[] data) {
    try {
      return Files.write(DIR.resolve(name), data).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "10m")
  void objectFile(byte[] data) {
    link(write("probe.obj", Probe.object("foo", "bar").build()), write("fuzz.obj", data));
  }

  /**
   * The object reader alone, in memory and without a link (many times faster than {@link #objectFile}):
   * headers, sections, relocations, symbols, COMDATs and directives into a fresh link context.
   */
  @FuzzTest(maxDuration = "10m")
  void objectReader(byte[] data) {
    Diagnostics diag = new Diagnostics(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    Config config = new Config();
    LinkContext ctx = new LinkContext(config, diag);
    try {
      ctx.addObject(new ObjectFile("fuzz.obj", Bytes.of(data), "", ""));
    } catch (CorruptInputException | LinkException e) {
      // a clean rejection
    }
  }

  @FuzzTest(maxDuration = "10m")
  void archive(byte[] data) {
    link(DIR.resolve("probe.obj").toString(), write("fuzz.a", data));
  }

  @FuzzTest(maxDuration = "10m")
  void importMember(byte[] data) {
    try {
      ImportHeader h = ImportHeader.parse("fuzz", Bytes.of(data));
      h.importName();
    } catch (CorruptInputException e) {
      // a clean rejection
    }
    link(DIR.resolve("probe.obj").toString(), write("fuzz-import.obj", data));
  }

  @FuzzTest(maxDuration = "10m")
  void defFile(String text) {
    if (text == null) return;
    try {
      DefFile.parse("fuzz.def", text);
    } catch (DefFile.ParseException e) {
      // a clean rejection
    }
    link(DIR.resolve("probe.obj").toString(), "-dll", "-noentry", "-def:" + write("fuzz.def", text.getBytes(StandardCharsets.UTF_8)));
  }

  @FuzzTest(maxDuration = "10m")
  void directives(String text) {
    if (text == null) return;
    ObjectBuilder o = Probe.object("foo");
    o.drectve(text);
    link(write("drectve.obj", o.build()), "-libpath:" + DIR);
  }

  @FuzzTest(maxDuration = "10m")
  void commandLine(FuzzedDataProvider in) {
    List<String> args = new ArrayList<>();
    args.add(DIR.resolve("probe.obj").toString());
    int n = in.consumeInt(0, 8);
    for (int i = 0; i < n; i++) args.add(in.consumeString(64));
    args.add("-out:" + DIR.resolve("cmdline.exe"));
    link(args.toArray(String[]::new));
  }

  /**
   * The DWARF that diagnostics read (line tables, variables' declarations), with relocations into code and string
   * sections: whatever the bytes, reading ends and gives a position or none.
   */
  @FuzzTest(maxDuration = "10m")
  void dwarfLines(FuzzedDataProvider in) {
    ObjectBuilder o = new ObjectBuilder();
    ObjectBuilder.Section text = o.text().data(new byte[64]);
    ObjectBuilder.Section str = o.section(".debug_str", 0x42100040).data(in.consumeBytes(64));
    ObjectBuilder.Section abbrev = o.section(".debug_abbrev", 0x42100040).data(in.consumeBytes(128));
    ObjectBuilder.Section line = o.section(".debug_line", 0x42100040).data(in.consumeBytes(512));
    ObjectBuilder.Section info = o.section(".debug_info", 0x42100040).data(in.consumeBytes(512));
    ObjectBuilder.Section[] targets = {text, str, abbrev, line};
    for (ObjectBuilder.Section s : List.of(line, info)) {
      int relocs = in.consumeInt(0, 6);
      for (int i = 0; i < relocs; i++)
        s.relocToSection(in.consumeInt(0, 511), in.consumeBoolean() ? 1 : 11, targets[in.consumeInt(0, targets.length - 1)]);
    }
    byte[] bytes = o.build();
    DwarfLines d = DwarfLines.read(dev.jwin.coff.CoffObject.parse("fuzz.obj", Bytes.of(bytes)));
    d.find(0, in.consumeLong(0, 64));
  }
}
