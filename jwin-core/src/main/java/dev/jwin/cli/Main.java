package dev.jwin.cli;

import dev.jwin.link.Driver;

import java.io.PrintStream;
import java.util.Arrays;

/** Entry point: {@code jwin <command> [args...]}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int rc = run(args, System.out, System.err);
    System.out.flush();
    System.exit(rc);
  }

  /** Runs one jwin command in-process; returns the exit code. Never throws for bad input. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
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
      return args.length == 0 ? 1 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return switch (args[0]) {
      // As with lld-link, "/lib" as the first argument turns the linker into the librarian.
      case "link", "lld-link" -> rest.length > 0 && (rest[0].equalsIgnoreCase("/lib") || rest[0].equalsIgnoreCase("-lib"))
          ? LibCommand.main(Arrays.copyOfRange(rest, 1, rest.length), out, err) : Driver.main(rest, out, err);
      case "dlltool" -> DlltoolCommand.main(rest, out, err);
      case "lib" -> LibCommand.main(rest, out, err);
      case "rc" -> dev.jwin.rc.RcCommand.rc(rest, out, err);
      case "windres" -> dev.jwin.rc.RcCommand.windres(rest, out, err);
      case "cc" -> dev.jwin.cc.CcDriver.main(rest, false, out, err);
      case "c++" -> dev.jwin.cc.CcDriver.main(rest, true, out, err);
      case "ld" -> dev.jwin.cc.CcDriver.ld(rest, out, err, System.getenv());
      case "libc" -> dev.jwin.libc.LibcCommand.main(rest, System.getenv(), version(), out, err);
      case "cache" -> dev.jwin.cache.CacheCommand.main(rest, System.getenv(), out, err);
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
