package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** gcc's query options answer as Debian's x86_64-w64-mingw32-gcc-posix does for the same files. */
class QueryOptionsTest {
  private static final String GCC = "x86_64-w64-mingw32-gcc-posix";

  private static String jwin(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = CcDriver.main(args, false, new PrintStream(out, true), new PrintStream(err, true),
        Map.of("PATH", System.getenv("PATH")));
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String gcc(String... args) throws CcException {
    List<String> cmd = new ArrayList<>(List.of(GCC));
    cmd.addAll(List.of(args));
    Proc.Output o = Proc.capture(cmd);
    assertThat(o.exitCode()).as(o.text()).isZero();
    return o.text();
  }

  /** The same file whatever the spelling (gcc prints paths with ../../../..). */
  private static String real(String path) throws Exception {
    Path p = Path.of(path.strip());
    return Files.exists(p) ? p.toRealPath().toString() : path.strip();
  }

  @Test
  void answersLikeGcc() throws Exception {
    JwinInstall.requireTools(GCC);
    for (String q : List.of("-dumpmachine", "-print-multi-os-directory", "-print-multi-directory",
        "-print-multi-lib"))
      assertThat(jwin(q)).as(q).isEqualTo(gcc(q));
    for (String q : List.of("-print-libgcc-file-name", "-print-file-name=libgcc.a", "-print-file-name=crt2.o",
        "-print-file-name=libstdc++.a", "-print-file-name=libwinpthread.a", "-print-file-name=no-such-file.a"))
      assertThat(real(jwin(q))).as(q).isEqualTo(real(gcc(q)));
    assertThat(jwin("-dumpversion")).isEqualTo(jwin("-dumpfullversion")).isEqualTo("14.0.6\n");
    assertThat(jwin("--version")).contains("Target: x86_64-w64-mingw32", "Thread model: posix");
    assertThat(jwin("--thread-model=win32", "--version")).contains("Thread model: win32");
  }

  @Test
  void searchDirsListTheLibraryDirectoriesGccSearches() throws Exception {
    JwinInstall.requireTools(GCC);
    String ours = jwin("-print-search-dirs");
    String theirs = gcc("-print-search-dirs");
    assertThat(real(line(ours, "install: "))).isEqualTo(real(line(theirs, "install: ")));
    List<String> libs = new ArrayList<>();
    for (String d : line(ours, "libraries: =").split(":")) libs.add(real(d));
    for (String d : line(theirs, "libraries: =").split(":")) if (Files.isDirectory(Path.of(d)))
      assertThat(libs).contains(real(d));
    assertThat(line(ours, "programs: =")).isNotEmpty();
  }

  @Test
  void printProgNameLdIsAGnuCompatibleLinker() throws Exception {
    String ld = jwin("-print-prog-name=ld").strip();
    assertThat(Path.of(ld).getFileName().toString()).isEqualTo("jwin-ld");
    assertThat(Files.isExecutable(Path.of(ld))).isTrue();
    assertThat(jwin("-print-prog-name=as")).isEqualTo("as\n"); // gcc prints the name when it has no such program
    // What libtool asks the linker: -v must say GNU, --help must list auto-import.
    assertThat(jwin("-Wl,-v")).contains("GNU");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(CcDriver.ld(new String[] {"--help"}, new PrintStream(out, true), System.err, Map.of())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--enable-auto-import", "--out-implib=<value>");
  }

  private static String line(String text, String prefix) {
    for (String l : text.split("\n")) if (l.startsWith(prefix)) return l.substring(prefix.length()).strip();
    throw new AssertionError("no '" + prefix + "' line in:\n" + text);
  }
}
