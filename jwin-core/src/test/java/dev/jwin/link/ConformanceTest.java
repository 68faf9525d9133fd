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
 * linkers to fail and checks their messages against its {@code ERR:} lines; a case with {@code WARN:} lines
 * checks a successful link's messages against them. {@code # TRIPLE:} assembles
 * for another target (default x86_64-pc-windows-msvc); each {@code # IMPLIB: lib dll export...} line makes
 * an import library with llvm-dlltool-14 (an export {@code f,@5,NONAME} is the .def line
 * {@code f @5 NONAME}), found by the links through {@code -libpath:}. Inputs may {@code .include} files of the
 * directory (shared parts are {@code .inc} files). {@code # DUMP: objdump ...} dumps with llvm-objdump-14
 * instead, {@code # DUMP: cat FILE} checks a file the link wrote. {@code # FILE: NAME: LINE} adds a line to
 * a file written before the links; {@code %d} in LINK, DUMP and FILE lines is the directory of the case.
 * {@code # LINK-TAG:} (with its own {@code # DUMP-TAG:}) is a further link of the same object, checked
 * against the {@code TAG:} (and {@code TAG-WARN:}) lines. Missing tools fail the test.
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

  /** One link of a case: its options, dump command and FileCheck prefixes ({@code CHECK}, or the tag). */
  private static final class Run {
    final String prefix;
    final List<String> link = new ArrayList<>();
    List<String> dump = new ArrayList<>(List.of("--file-headers"));

    Run(String prefix) { this.prefix = prefix; }
  }

  /** {@code # KEY:} (tag CHECK) or {@code # KEY-TAG:}: the tag, or null if the line is not a KEY line. */
  private static String tag(String line, String key) {
    if (line.startsWith("# " + key + ":")) return "CHECK";
    if (!line.startsWith("# " + key + "-")) return null;
    int colon = line.indexOf(':');
    return colon < 0 ? null : line.substring(key.length() + 3, colon);
  }

  private void run(Path test) throws Exception {
    List<String> lines = Files.readAllLines(test);
    java.util.Map<String, Run> runs = new java.util.LinkedHashMap<>();
    boolean fail = false;
    String triple = "x86_64-pc-windows-msvc";
    List<List<String>> implibs = new ArrayList<>();
    java.util.Set<String> warn = new java.util.HashSet<>();
    java.util.Map<String, StringBuilder> files = new java.util.LinkedHashMap<>();
    String d = dir.toString();
    for (String l : lines) {
      if (l.startsWith("# TRIPLE:")) triple = l.substring(9).trim();
      if (l.startsWith("# IMPLIB:")) implibs.add(Tokenizer.windows(l.substring(9)));
      String value = l.indexOf(':') < 0 ? "" : l.substring(l.indexOf(':') + 1).replace("%d", d);
      String t = tag(l, "LINK");
      if (t != null) runs.computeIfAbsent(t, Run::new).link.addAll(Tokenizer.windows(value));
      t = tag(l, "DUMP");
      if (t != null) runs.computeIfAbsent(t, Run::new).dump = Tokenizer.windows(value);
      if (l.startsWith("# FILE:")) {
        String[] f = value.split(":", 2);
        files.computeIfAbsent(f[0].strip(), k -> new StringBuilder()).append(f[1].strip()).append('\n');
      }
      if (l.trim().equals("# FAIL")) fail = true;
      if (l.matches("# ([A-Z0-9]+-)?WARN:.*")) warn.add(l.substring(2, l.indexOf(':')));
    }
    for (var f : files.entrySet()) Files.writeString(dir.resolve(f.getKey()), f.getValue());
    String name = test.getFileName().toString().replace(".s", "");
    Path obj = dir.resolve(name + ".obj");
    Out mc = exec(null, List.of("llvm-mc-14", "-filetype=obj", "-triple=" + triple, "-I", test.getParent().toString(),
        test.toString(), "-o", obj.toString()));
    assertThat(mc.code()).as(mc.text()).isZero();
    String machine = triple.startsWith("i686") ? "i386" : triple.startsWith("aarch64") ? "arm64"
        : triple.startsWith("thumb") ? "arm" : "i386:x86-64";
    for (List<String> lib : implibs) importLibrary(lib, machine);
    for (Run run : runs.values()) {
      for (String linker : List.of("jwin", "lld-link-14")) {
        Path out = dir.resolve(name + "-" + run.prefix + "-" + linker + ".exe");
        List<String> args = new ArrayList<>(List.of("-out:" + out, obj.toString(), "-libpath:" + dir));
        args.addAll(run.link);
        Out r = linker.equals("jwin") ? jwin(args) : exec(null, Stream.concat(Stream.of(linker), args.stream()).toList());
        String what = linker + " (" + run.prefix + ")";
        if (fail) {
          assertThat(r.code()).as(what + ": " + r.text()).isNotZero();
          fileCheck(test, "ERR", r.text(), what);
          continue;
        }
        assertThat(r.code()).as(what + ": " + r.text()).isZero();
        String warnPrefix = run.prefix.equals("CHECK") ? "WARN" : run.prefix + "-WARN";
        if (warn.contains(warnPrefix)) fileCheck(test, warnPrefix, r.text(), what);
        Out dumped = dump(run.dump, out);
        assertThat(dumped.code()).as(dumped.text()).isZero();
        fileCheck(test, run.prefix, dumped.text(), what);
      }
    }
  }

  /** llvm-readobj-14 with the DUMP flags, llvm-objdump-14 after {@code objdump}, or a file after {@code cat}. */
  private Out dump(List<String> dump, Path image) throws Exception {
    if (!dump.isEmpty() && dump.getFirst().equals("cat")) return new Out(0, Files.readString(Path.of(dump.get(1))));
    boolean objdump = !dump.isEmpty() && dump.getFirst().equals("objdump");
    List<String> cmd = new ArrayList<>(List.of(objdump ? "llvm-objdump-14" : "llvm-readobj-14"));
    cmd.addAll(objdump ? dump.subList(1, dump.size()) : dump);
    cmd.add(image.toString());
    return exec(null, cmd);
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
