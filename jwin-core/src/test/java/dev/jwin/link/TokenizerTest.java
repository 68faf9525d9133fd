package dev.jwin.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Response-file and .drectve splitting, and the options the environment adds. */
class TokenizerTest {
  @Test
  void windowsQuoting() {
    assertThat(Tokenizer.windows(" a \"b c\"  d\\\"e\n\"\"")).containsExactly("a", "b c", "d\"e", "");
    // Backslashes are literal unless a quote follows: 2n+1 of them give n and a literal quote.
    assertThat(Tokenizer.windows("C:\\dir\\ \"x\\\\\" \"y\\\\\\\"z\"")).containsExactly("C:\\dir\\", "x\\", "y\\\"z");
    // Inside quotes, "" is one quote; a quoted part joins the text around it.
    assertThat(Tokenizer.windows("-export:\"a\"\"b\" -out:\"my file\".exe")).containsExactly("-export:a\"b", "-out:my file.exe");
    assertThat(Tokenizer.windows("/EXPORT:\"f1\" /EXPORT:\"f2\"")).containsExactly("/EXPORT:f1", "/EXPORT:f2");
  }

  @Test
  void posixQuoting() {
    assertThat(Tokenizer.posix("a 'b c' \"d \\\"e\" f\\ g")).containsExactly("a", "b c", "d \"e", "f g");
  }

  @Test
  void environmentAddsOptionsAroundTheCommandLine() {
    Config config = new Config();
    Diagnostics diag = new Diagnostics(new PrintStream(new ByteArrayOutputStream()));
    new Options(config, diag, Map.of("LINK", "/out:first.exe \"/libpath:with space\"", "_LINK_", "/out:last.exe",
        "LIB", "/lib/one;/lib/two"), java.nio.file.Path.of("")).parse(List.of("/out:middle.exe", "/libpath:cmd", "a.obj"));
    assertThat(config.output).isEqualTo("last.exe");
    assertThat(config.libPaths).containsExactly("with space", "cmd", "/lib/one", "/lib/two");
  }

  @Test
  void lldignoreenvIgnoresTheEnvironment() {
    Config config = new Config();
    Diagnostics diag = new Diagnostics(new PrintStream(new ByteArrayOutputStream()));
    new Options(config, diag, Map.of("LINK", "/out:first.exe", "LIB", "/lib/one"), java.nio.file.Path.of(""))
        .parse(List.of("/lldignoreenv", "a.obj"));
    assertThat(config.output).isNull();
    assertThat(config.libPaths).isEmpty();
  }
}
