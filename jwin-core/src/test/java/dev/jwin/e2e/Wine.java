package dev.jwin.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs Windows programs under Wine. */
final class Wine {
  private Wine() {}

  static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

  /** Quiet Wine, and keep it from offering to install Mono or Gecko into a fresh prefix. */
  static final Map<String, String> ENV = Map.of("WINEDEBUG", "-all", "WINEDLLOVERRIDES", "mscoree,mshtml=");

  /**
   * Starts a persistent wineserver so that each program starts fast, and creates the Wine
   * prefix first if there is none yet (that takes a while once).
   */
  static void startServer(Path workDir) {
    Tools.require();
    String prefix = System.getenv("WINEPREFIX");
    Path prefixDir = prefix != null ? Path.of(prefix) : Path.of(System.getProperty("user.home"), ".wine");
    if (!Files.isDirectory(prefixDir)) {
      Proc.Result r = Proc.run(List.of("wineboot", "-i"), workDir, "wineboot", Duration.ofMinutes(5), ENV);
      if (r.timedOut()) throw new AssertionError("creating the Wine prefix timed out:\n" + r.describe());
    }
    // The server stays up for a while after the last program; it is shared by all tests.
    Proc.Result r = Proc.run(List.of(Tools.WINESERVER, "-p"), workDir, "wineserver", Duration.ofSeconds(60), ENV);
    if (r.timedOut()) throw new AssertionError("wineserver -p did not return:\n" + r.describe());
  }

  /** Runs {@code exe} in its directory with the given arguments, stdin closed. */
  static Proc.Result run(Path exe, List<String> args, String label) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Tools.WINE);
    cmd.add(exe.toString());
    cmd.addAll(args);
    return Proc.run(cmd, exe.getParent(), label, RUN_TIMEOUT, ENV);
  }
}
