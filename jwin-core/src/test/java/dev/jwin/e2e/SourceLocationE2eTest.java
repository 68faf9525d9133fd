package dev.jwin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Undefined and duplicate symbol messages name source lines from the objects' DWARF in mingw mode, exactly as
 * lld-link-14 prints them for the same inputs: references by line and function, definitions by line (functions) or
 * declaration (global variables), relative names for DWARF 4 and absolute ones for DWARF 5, archive members,
 * i386 names, and the {@code <root>} line for symbols only the command line asks for.
 */
class SourceLocationE2eTest {
  private static final Duration T = Duration.ofMinutes(2);
  @TempDir static Path dir;

  @BeforeAll
  static void compile() throws Exception {
    Tools.require();
    Files.createDirectories(dir.resolve("sub"));
    write("a.c", "extern int missing(int);\nstatic int helper(int x) {\n  return missing(x) + 1;\n}\n"
        + "int main(int argc, char **argv) {\n  (void)argv;\n  return helper(argc) + missing(2);\n}\n");
    write("b.c", "int dup(void) {\n  return 1;\n}\nint data1 = 5;\n");
    write("c.c", "\n\nint dup(void) { return 2; }\nint data1 = 6;\nint main(){return 0;}\n");
    write("sub/e.c", "void f(void); void g(void){f();\nf(); f();}\nint main(){g();return 0;}\n");
    write("m.c", "int main(){return 0;}\n");
    write("p.cpp", "namespace ns { int v = 1; }\nint f(int);\nint g() {\n  return f(1);\n}\n");
    write("q.cpp", "namespace ns {\nint v = 2; }\nint main(){return 0;}\n");
    for (String t : List.of("x86_64", "i686")) {
      String target = "--target=" + t + "-w64-windows-gnu";
      cc(Tools.CLANG, target, "-g", "a.c", "a-" + t + ".o");
      cc(Tools.CLANG, target, "-gdwarf-5", "a.c", "a5-" + t + ".o");
      cc(Tools.CLANG, target, "-g", "b.c", "b-" + t + ".o");
      cc(Tools.CLANG, target, "-g", "c.c", "c-" + t + ".o");
      cc(Tools.CLANG, target, "-g", "sub/e.c", "e-" + t + ".o");
      cc(Tools.CLANG, target, "-O0", "m.c", "m-" + t + ".o");
      cc(Tools.CLANGXX, target, "-g", "p.cpp", "p-" + t + ".o");
      cc(Tools.CLANGXX, target, "-g -ffunction-sections", "q.cpp", "q-" + t + ".o");
      Proc.check(Proc.cmd(Tools.AR, "rcs", "libe-" + t + ".a", "e-" + t + ".o"), dir, "ar", T);
    }
  }

  @Test void undefinedReferencesNameLinesAndFunctions() { sameAsLld("a-x86_64.o"); }

  @Test void dwarf5NamesAreAbsolute() { sameAsLld("a5-x86_64.o"); }

  @Test void duplicateFunctionsAndVariablesNameTheirDefinitions() { sameAsLld("b-x86_64.o", "c-x86_64.o"); }

  @Test void everyReferenceCountsAndDirectoriesAreKept() { sameAsLld("e-x86_64.o"); }

  @Test void archiveMembersAndDuplicatesStopBeforeUndefinedSymbols() {
    sameAsLld("m-x86_64.o", "libe-x86_64.a", "-include:g");
  }

  @Test void rootOnlySymbolsAreNamedFirst() { sameAsLld("b-x86_64.o", "-include:zzz", "-include:dup"); }

  @Test void cxxVariablesByLinkageName() { sameAsLld("p-x86_64.o", "q-x86_64.o"); }

  @Test void i386() {
    sameAsLld("-machine:x86", "a-i686.o");
    sameAsLld("-machine:x86", "p-i686.o", "q-i686.o");
    sameAsLld("-machine:x86", "m-i686.o", "libe-i686.a", "-include:_g");
  }

  @Test void withoutMingwModeThereAreNoDwarfLines() {
    String err = jwin(List.of("-out:" + dir.resolve("x.exe"), "-entry:main", "-subsystem:console",
        dir.resolve("a-x86_64.o").toString()));
    assertThat(err).contains("a-x86_64.o:(main)").doesNotContain("a.c:");
  }

  private static void sameAsLld(String... inputs) {
    List<String> args = new ArrayList<>(List.of("-lldmingw", "-out:" + dir.resolve("x.exe"), "-entry:main",
        "-subsystem:console"));
    for (String a : inputs) args.add(a.startsWith("-") ? a : dir.resolve(a).toString());
    Proc.Result lld = Proc.run(Proc.cmd(Tools.LLD_LINK, args), dir, "lld", T, Map.of());
    assertThat(lld.exitCode()).as("lld-link-14 fails on these inputs").isEqualTo(1);
    // lld-link-14 also warns that it cannot relocate parts of DWARF 5 it does not use: not part of the message.
    String expected = lld.stderr().lines().filter(l -> !l.startsWith("warning: failed to compute relocation"))
        .map(l -> l.replaceFirst("^lld-link-14: ", "jwin: ")).collect(Collectors.joining("\n"));
    assertThat(jwin(args).strip()).isEqualTo(expected.strip());
  }

  private static String jwin(List<String> args) {
    List<String> argv = new ArrayList<>(List.of("link"));
    argv.addAll(args);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.run(argv.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream(), true),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(rc).isEqualTo(1);
    return err.toString(StandardCharsets.UTF_8);
  }

  private static void cc(String clang, String target, String flags, String src, String out) {
    List<String> cmd = new ArrayList<>(List.of(clang, target, "-c"));
    cmd.addAll(List.of(flags.split(" ")));
    cmd.addAll(List.of(src, "-o", out));
    Proc.check(cmd, dir, "cc", T);
  }

  private static void write(String name, String text) { Proc.write(dir.resolve(name), text); }
}
