package dev.jwin.rc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What llvm-rc-14 lacks and rc.exe has: MENUEX and {@code #pragma code_page}. The reference is GNU windres
 * (the resource data; windres orders and flags the entries its own way).
 */
class RcBeyondLlvmRcTest {
  @TempDir Path dir;

  @Test
  void menuExAsGnuWindres() throws Exception {
    String script = """
        1 MENUEX
        BEGIN
          MENUITEM "&Open", 100
          MENUITEM "", 0, 0x800
          POPUP "Sub", 200, 0, 0, 77
          BEGIN
            MENUITEM "Deep", 201, 0, 8
            MENUITEM SEPARATOR
            MENUITEM "Last", 202, 0, 3
          END
          MENUITEM "Odd", 300
        END
        """;
    assertThat(data(jwin(script.getBytes(StandardCharsets.US_ASCII)))).containsExactlyInAnyOrderElementsOf(data(windres(script)));
  }

  @Test
  void codePagePragmaAsGnuWindres() throws Exception {
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.writeBytes("#pragma code_page(1252)\nSTRINGTABLE { 1 \"na\u00efve \u0080\" }\n".getBytes(StandardCharsets.ISO_8859_1));
    s.writeBytes("#pragma code_page(65001)\nSTRINGTABLE { 17 \"\u20ac uro \u00e9\" }\n".getBytes(StandardCharsets.UTF_8));
    s.writeBytes("#pragma code_page(DEFAULT)\n3 RCDATA { \"plain\" }\n".getBytes(StandardCharsets.US_ASCII));
    byte[] script = s.toByteArray();
    List<String> ours = data(jwin(script));
    assertThat(ours).containsExactlyInAnyOrderElementsOf(data(windres(script)));
    assertThat(ours).anyMatch(h -> h.contains("ac20")); // 0x80 in code page 1252 is the euro sign
  }

  @Test
  void messageTableIsTypeElevenAsWithGnuWindres() throws Exception {
    Files.write(dir.resolve("msg.bin"), new byte[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 16, 0, 0, 0, 12, 0, 0, 0, 'h', 'i', '\r', '\n', 0, 0, 0, 0});
    String script = "1 MESSAGETABLE \"" + dir.resolve("msg.bin") + "\"\n";
    Path ours = jwin(script.getBytes(StandardCharsets.US_ASCII));
    assertThat(data(ours)).isEqualTo(data(windres(script)));
    byte[] res = Files.readAllBytes(ours);
    assertThat(HexFormat.of().formatHex(res, 32 + 8, 32 + 12)).isEqualTo("ffff0b00"); // ordinal type 11
  }

  @Test
  void unknownCodePageIsAnError() throws Exception {
    Path rc = dir.resolve("cp.rc");
    Files.writeString(rc, "\n#pragma code_page(932)\n1 RCDATA { 1 }\n");
    Run r = run("rc", "/fo", dir.resolve("cp.res").toString(), rc.toString());
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.err.strip()).isEqualTo(rc + ":2:1: error: unsupported code page 932 (1252, 65001 or DEFAULT)");
  }

  private record Run(int exit, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(rc, err.toString(StandardCharsets.UTF_8));
  }

  private Path jwin(byte[] script) throws Exception {
    Path rc = dir.resolve("s.rc"), res = dir.resolve("jwin.res");
    Files.write(rc, script);
    Run r = run("rc", "/fo", res.toString(), rc.toString());
    assertThat(r.exit).as(r.err).isZero();
    return res;
  }

  private Path windres(String script) throws Exception { return windres(script.getBytes(StandardCharsets.US_ASCII)); }

  private Path windres(byte[] script) throws Exception {
    Path rc = dir.resolve("g.rc"), res = dir.resolve("gnu.res");
    Files.write(rc, script);
    Process p = new ProcessBuilder("x86_64-w64-mingw32-windres", "-O", "res", rc.toString(), res.toString()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    return res;
  }

  /** Each entry's data, in hex. */
  private static List<String> data(Path res) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(res)).order(ByteOrder.LITTLE_ENDIAN);
    List<String> out = new ArrayList<>();
    int p = 32;
    while (p < b.limit()) {
      int size = b.getInt(p), header = b.getInt(p + 4);
      byte[] d = new byte[size];
      b.get(p + header, d);
      out.add(HexFormat.of().formatHex(d));
      p += (header + size + 3) & ~3;
    }
    return out;
  }
}
