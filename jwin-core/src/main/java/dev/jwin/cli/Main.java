package dev.jwin.cli;

import dev.jwin.link.Driver;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Entry point: {@code jwin <command> [args...]}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int rc = run(args, System.out, System.err);
    System.out.flush();
    System.err.flush();
    // jwin registers no shutdown hooks and leaves no file to delete on exit (outputs are renamed into place
    // before run returns): halt skips System.exit's shutdown logging, whose set-up costs a short link ~4 ms.
    Runtime.getRuntime().halt(rc);
  }

  /** Runs one jwin command in-process; returns the exit code. Never throws for bad input. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.getenv(), Path.of(""));
  }

  /**
   * {@link #run(String[], PrintStream, PrintStream)} for a command of a process with the working directory {@code
   * cwd} (absolute, or the empty path for this process's own) and the environment {@code env}: how {@code jwin
   * server} runs its clients' compiles and links.
   */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, Path cwd) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
      out.println("usage: jwin <command> [options]");
      out.println("commands:");
      out.println("  link     link COFF objects and archives into a PE image (lld-link compatible)");
      out.println("  dlltool  make an import library from a .def file (llvm-dlltool compatible)");
      out.println("  lib      make an archive or, with /DEF:, an import library (llvm-lib compatible)");
      out.println("  rc       compile a resource script (.rc) to .res (llvm-rc / rc.exe compatible)");
      out.println("  windres  compile a resource script to .res or a COFF object (GNU windres compatible)");
      out.println("  cc, c++  compile and link C/C++ for Windows (gcc-compatible options)");
      out.println("  ld       link with GNU ld's options (as lld's MinGW driver, ld.lld -m i386pep)");
      out.println("  libc     build the mingw-w64 runtime for a target from source (build|path|lib|fetch)");
      out.println("  cache    show, check or empty jwin's build cache (info|verify|clean)");
      out.println("  server   the warm process the launcher hands compiles and links to (--status|--stop|--start)");
      return args.length == 0 ? 1 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return switch (args[0]) {
      // As with lld-link, "/lib" as the first argument turns the linker into the librarian.
      case "link", "lld-link" -> rest.length > 0 && (rest[0].equalsIgnoreCase("/lib") || rest[0].equalsIgnoreCase("-lib"))
          ? LibCommand.main(Arrays.copyOfRange(rest, 1, rest.length), out, err) : Driver.main(rest, out, err, env, cwd);
      case "dlltool" -> DlltoolCommand.main(rest, out, err);
      case "lib" -> LibCommand.main(rest, out, err);
      case "rc" -> dev.jwin.rc.RcCommand.rc(rest, out, err);
      case "windres" -> dev.jwin.rc.RcCommand.windres(rest, out, err);
      case "cc" -> dev.jwin.cc.CcDriver.main(rest, false, out, err, env, cwd);
      case "c++" -> dev.jwin.cc.CcDriver.main(rest, true, out, err, env, cwd);
      case "ld" -> dev.jwin.cc.CcDriver.ld(rest, out, err, env, cwd);
      case "libc" -> dev.jwin.libc.LibcCommand.main(rest, env, version(), out, err);
      case "cache" -> dev.jwin.cache.CacheCommand.main(rest, env, out, err);
      case "server" -> Server.main(rest, out, err, env);
      case "--run-each" -> runEach(rest, out, err);
      case "--version", "version" -> {
        out.println("jwin " + version());
        yield 0;
      }
      default -> {
        err.println("jwin: error: unknown command '" + args[0] + "' (try 'jwin help')");
        yield 1;
      }
    };
  }

  /**
   * {@code jwin --run-each CMD... ";" CMD...}: runs each command in this JVM, for the launcher's AOT-cache training
   * run (a link, then a no-op rebuild); returns the first non-zero exit code.
   */
  private static int runEach(String[] args, PrintStream out, PrintStream err) {
    int rc = 0;
    int start = 0;
    for (int i = 0; i <= args.length; i++) {
      if (i < args.length && !args[i].equals(";")) continue;
      int r = run(Arrays.copyOfRange(args, start, i), out, err);
      if (rc == 0) rc = r;
      start = i + 1;
    }
    return rc;
  }

  public static String version() {
    return dev.jwin.Version.get();
  }
}
