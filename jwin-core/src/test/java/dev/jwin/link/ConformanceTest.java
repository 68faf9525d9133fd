package dev.jwin.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * lld-style conformance cases in {@code src/test/resources/conformance}: each {@code .s} file is
 * assembled with llvm-mc-14, linked by jwin and by lld-link-14 with the options of its {@code # LINK:}
 * line, and each image is dumped with {@code llvm-readobj-14} (the {@code # DUMP:} flags) and checked
 * by FileCheck-14 against the file's {@code CHECK:} lines. A case with {@code # FAIL} expects both
 * linkers to fail and checks their messages against its {@code ERR:} lines. {@code # TRIPLE:} assembles
 * for another target (default x86_64-pc-windows-msvc); each {@code # IMPLIB: lib dll export...} line makes
 * an import library with llvm-dlltool-14 (an export {@code f,@5,NONAME} is the .def line
 * {@code f @5 NONAME}), found by the links through {@code -libpath:}. Inputs may {@code .include} files of the
 * directory (shared parts are {@code .inc} files). Missing tools fail the test.
 */
class ConformanceTest {
  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> cases() throws IOException, URISyntaxException {
    Path root = Path.of(ConformanceTest.class.getResource("/conformance").toURI());
    List<Path> files;
    try (Stream<Path> s = Files.list(root)) {
      files = s.filter(p -> p.toString().endsWith(".s")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
  }

  private record Out(int code, String text) {}

  private void run(Path test) throws Exception {
    List<String> lines = Files.readAllLines(test);
    List<String> link = new ArrayList<>();
    List<String> dump = new ArrayList<>(List.of("--file-headers"));
    boolean fail = false;
    String triple = "x86_64-pc-windows-msvc";
    List<List<String>> implibs = new ArrayList<>();
    for (String l : lines) {
      if (l.startsWith("# TRIPLE:")) triple = l.substring(9).trim();
      if (l.startsWith("# IMPLIB:")) implibs.add(Tokenizer.windows(l.substring(9)));
      if (l.startsWith("# LINK:")) link.addAll(Tokenizer.windows(l.substring(7)));
      if (l.startsWith("# DUMP:")) dump = Tokenizer.windows(l.substring(7));
      if (l.trim().equals("# FAIL")) fail = true;
    }
    String name = test.getFileName().toString().replace(".s", "");
    Path obj = dir.resolve(name + ".obj");
    Out mc = exec(null, List.of("llvm-mc-14", "-filetype=obj", "-triple=" + triple, "-I", test.getParent().toString(),
        test.toString(), "-o", obj.toString()));
    assertThat(mc.code()).as(mc.text()).isZero();
    for (List<String> lib : implibs) importLibrary(lib, triple.startsWith("i686") ? "i386" : "i386:x86-64");
    for (String linker : List.of("jwin", "lld-link-14")) {
      Path out = dir.resolve(name + "-" + linker + ".exe");
      List<String> args = new ArrayList<>(List.of("-out:" + out, obj.toString(), "-libpath:" + dir));
      args.addAll(link);
      Out r = linker.equals("jwin") ? jwin(args) : exec(null, Stream.concat(Stream.of(linker), args.stream()).toList());
      if (fail) {
        assertThat(r.code()).as(linker + ": " + r.text()).isNotZero();
        fileCheck(test, "ERR", r.text(), linker);
      } else {
        assertThat(r.code()).as(linker + ": " + r.text()).isZero();
        List<String> readobj = new ArrayList<>(List.of("llvm-readobj-14"));
        readobj.addAll(dump);
        readobj.add(out.toString());
        Out d = exec(null, readobj);
        assertThat(d.code()).as(d.text()).isZero();
        fileCheck(test, "CHECK", d.text(), linker);
      }
    }
  }

  /** {@code lib dll exports...}: an import library for {@code dll} written by llvm-dlltool-14 from a .def file. */
  private void importLibrary(List<String> spec, String machine) throws Exception {
    StringBuilder def = new StringBuilder("LIBRARY " + spec.get(1) + "\nEXPORTS\n");
    for (String e : spec.subList(2, spec.size())) def.append("  ").append(e.replace(',', ' ')).append('\n');
    Path defFile = dir.resolve(spec.get(0) + ".def");
    Files.writeString(defFile, def);
    Out r = exec(null, List.of("llvm-dlltool-14", "-m", machine, "-d", defFile.toString(), "-l",
        dir.resolve(spec.get(0)).toString()));
    assertThat(r.code()).as(r.text()).isZero();
  }

  private void fileCheck(Path test, String prefix, String input, String linker) throws Exception {
    Out r = exec(input, List.of("FileCheck-14", "--check-prefix=" + prefix, test.toString()));
    assertThat(r.code()).as("FileCheck of " + linker + "'s output:\n" + input + "\n" + r.text()).isZero();
  }

  private static Out jwin(List<String> args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    List<String> cmd = new ArrayList<>(List.of("link"));
    cmd.addAll(args);
    int rc;
    try (PrintStream p = new PrintStream(o, true, StandardCharsets.UTF_8)) {
      rc = Main.run(cmd.toArray(String[]::new), p, p);
    }
    return new Out(rc, o.toString(StandardCharsets.UTF_8));
  }

  private Out exec(String stdin, List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Out(p.waitFor(), text);
  }
}
