package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a header not found by {@code __has_include} was looked for, and which tests a file makes. */
class IncludeSearchTest {
  @TempDir Path dir;

  @Test
  void testedHeadersAreTheLiteralOperands() {
    assertThat(IncludeSearch.tested("#if __has_include(\"a.h\") && __has_include_next (<sys/b.h>)\n"
        + "#elif defined(__has_include) || __has_include( \"a.h\" )\n#endif\n"))
        .containsExactly("\"a.h\"", "<sys/b.h>");
    assertThat(IncludeSearch.tested("int x;\n")).isEmpty();
    // The fallback many headers carry for compilers without it tests nothing.
    assertThat(IncludeSearch.tested("#ifndef __has_include\n#  define __has_include(x) 0\n#endif\n")).isEmpty();
    assertThat(IncludeSearch.tested("#define H <c.h>\n#if __has_include(H)\n#endif\n")).isNull();
  }

  @Test
  void aHeaderNotFoundWasLookedForInEveryDirectory() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Path inc = Files.createDirectories(dir.resolve("inc"));
    Path sys = Files.createDirectories(dir.resolve("sys"));
    Files.writeString(sys.resolve("there.h"), "");
    IncludeSearch s = IncludeSearch.parse("n " + dir.resolve("gone") + "\nd " + inc + "\nd " + sys + "\n", src);
    List<String> deps = List.of(src.resolve("n.c").toString());
    assertThat(s.absentTested(deps, List.of("\"q.h\""))).containsExactlyInAnyOrder(
        dir.resolve("gone/q.h").toString(), inc.resolve("q.h").toString(), sys.resolve("q.h").toString(),
        src.resolve("q.h").toString());
    // Angled: not in the includer's directory; and names that exist are not absent.
    assertThat(s.absentTested(deps, List.of("<there.h>"))).containsExactlyInAnyOrder(
        dir.resolve("gone/there.h").toString(), inc.resolve("there.h").toString());
  }
}
