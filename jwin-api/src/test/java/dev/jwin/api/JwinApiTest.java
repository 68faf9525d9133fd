package dev.jwin.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.api.Diagnostic.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API against the command line: same bytes, diagnostics as objects, many links at once. */
class JwinApiTest {
  @TempDir Path dir;

  /** Compiles C to an x86_64 COFF object with clang-14 (fails, never skips, without it). */
  private Path object(String name, String c) throws Exception {
    Path src = dir.resolve(name + ".c");
    Files.writeString(src, c);
    Path obj = dir.resolve(name + ".o");
    run(List.of("clang-14", "--target=x86_64-windows-gnu", "-O1", "-ffreestanding", "-c", src.toString(), "-o",
        obj.toString()));
    return obj;
  }

  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
    return out;
  }

  private List<Path> program() throws Exception {
    List<Path> objs = new ArrayList<>();
    objs.add(object("start", "int work(int); int table[64]; int start(void) { return work(3); }"));
    for (int i = 0; i < 6; i++) {
      objs.add(object("w" + i, "extern int table[64]; static const char msg[] = \"piece " + i + "\";\n"
          + (i == 0 ? "int work(int x) { return x + table[1] + msg[0]; }\n" : "int work" + i + "(int x) { return x * "
          + i + " + msg[1]; }\n")));
    }
    return objs;
  }

  @Test
  void eightConcurrentLinksAreByteIdenticalToTheCommandLine() throws Exception {
    List<Path> objs = program();
    List<String> options = List.of("-entry:start", "-subsystem:console", "-nodefaultlib", "-debug:dwarf");
    Path cliOut = dir.resolve("cli.exe");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.jwin.cli.Main", "link"));
    cmd.addAll(new LinkRequest(cliOut, objs, options).arguments());
    run(cmd);
    byte[] expected = Files.readAllBytes(cliOut);

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Result>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        // Same file name as the command line's: the name is not in the image, but keep the inputs identical.
        Path out = Files.createDirectories(dir.resolve("api" + i)).resolve("cli.exe");
        results.add(pool.submit(() -> Jwin.link(new LinkRequest(out, objs, options))));
      }
      for (int i = 0; i < 8; i++) {
        Result r = results.get(i).get();
        assertThat(r.ok()).as(r.diagnostics().toString()).isTrue();
        assertThat(r.outputs()).containsExactly(dir.resolve("api" + i).resolve("cli.exe"));
        assertThat(Files.readAllBytes(r.outputs().getFirst())).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void undefinedSymbolsComeBackAsObjects() throws Exception {
    Path obj = object("needs", "int missing_fn(void); int start(void) { return missing_fn(); }");
    Result r = Jwin.link(new LinkRequest(dir.resolve("x.exe"), List.of(obj), List.of("-entry:start",
        "-subsystem:console", "-nodefaultlib")));
    assertThat(r.ok()).isFalse();
    assertThat(r.outputs()).isEmpty();
    assertThat(dir.resolve("x.exe")).doesNotExist();
    assertThat(r.errors()).hasSize(1);
    Diagnostic d = r.errors().getFirst();
    assertThat(d.severity()).isEqualTo(Severity.ERROR);
    assertThat(d.symbol()).isEqualTo("missing_fn");
    assertThat(d.file()).isEqualTo(obj.toString());
    assertThat(d.message()).startsWith("undefined symbol: missing_fn");
  }

  @Test
  void unreadableInputNamesTheFile() {
    Result r = Jwin.link(new LinkRequest(dir.resolve("x.exe"), List.of(dir.resolve("nothere.o")), List.of()));
    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).extracting(Diagnostic::message).anyMatch(m -> m.contains("nothere.o"));
  }

  @Test
  void compileErrorsCarryFileAndLine() throws Exception {
    Path src = dir.resolve("bad.c");
    Files.writeString(src, "int f(void) {\n  return 1\n}\n");
    Result r = Jwin.compile(new CompileRequest("x86_64-windows-gnu", List.of(src), dir.resolve("bad.dll"), true,
        List.of(), Map.of("ANSWER", "42"), List.of(), List.of(), Map.of("JWIN_CACHE_DIR", dir.resolve("cache").toString(),
            "PATH", System.getenv("PATH"))));
    assertThat(r.ok()).isFalse();
    Diagnostic d = r.errors().getFirst();
    assertThat(d.file()).isEqualTo(src.toString());
    assertThat(d.line()).isEqualTo(2);
    assertThat(d.column()).isPositive();
    assertThat(d.message()).contains("expected ';'");
    assertThat(d.toString()).startsWith(src + ":2:");
  }

  @Test
  void compileBuildsADllWithItsDefines() throws Exception {
    Path src = dir.resolve("ok.c");
    Files.writeString(src, "__declspec(dllexport) int answer(void) { return ANSWER; }\n");
    Path dll = dir.resolve("ok.dll");
    Result r = Jwin.compile(new CompileRequest("x86_64-windows-gnu", List.of(src), dll, true, List.of(),
        Map.of("ANSWER", "42"), List.of("-O2"), List.of(), Map.of("JWIN_CACHE_DIR", dir.resolve("cache").toString(),
            "PATH", System.getenv("PATH"))));
    assertThat(r.ok()).as(r.output()).isTrue();
    assertThat(r.outputs()).containsExactly(dll);
    assertThat(run(List.of("llvm-readobj-14", "--coff-exports", dll.toString()))).contains("Name: answer");
  }

  @Test
  void importLibraryFromADefFile() throws Exception {
    Path def = dir.resolve("foo.def");
    Files.writeString(def, "LIBRARY foo.dll\nEXPORTS\n  foo_init\n  foo_run\n");
    Path lib = dir.resolve("libfoo.a");
    Result r = Jwin.importLibrary(new ImportLibraryRequest(def, lib, "i386:x86-64", false));
    assertThat(r.ok()).as(r.output()).isTrue();
    assertThat(run(List.of("llvm-nm-14", lib.toString()))).contains("__imp_foo_init", "foo_run");
    Result bad = Jwin.importLibrary(new ImportLibraryRequest(dir.resolve("none.def"), lib, "i386:x86-64", false));
    assertThat(bad.ok()).isFalse();
    assertThat(bad.errors()).isNotEmpty();
  }

  @Test
  void runtimeForAnUnknownTargetIsAnErrorObject() {
    Result r = Jwin.runtime(new RuntimeRequest("mips-windows-gnu", Map.of("JWIN_CACHE_DIR",
        dir.resolve("cache").toString())));
    assertThat(r.ok()).isFalse();
    assertThat(r.outputs()).isEmpty();
    assertThat(r.errors()).singleElement().satisfies(d -> assertThat(d.message()).contains("mips-windows-gnu"));
  }
}
