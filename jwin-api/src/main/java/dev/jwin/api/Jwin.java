package dev.jwin.api;

import dev.jwin.api.Diagnostic.Severity;
import dev.jwin.link.Diagnostics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * jwin as a library: link, compile, make import libraries, build a runtime. Each call has its own state and
 * returns its diagnostics as objects instead of printing them; calls may run concurrently from any threads.
 *
 * <pre>{@code
 * Result r = Jwin.link(new LinkRequest(Path.of("app.exe"), List.of(Path.of("app.o")), List.of("-entry:main")));
 * for (Diagnostic d : r.diagnostics()) System.err.println(d);
 * }</pre>
 */
public final class Jwin {
  private Jwin() {}

  /** {@code jwin link}: the output is byte-identical to the same command line's. */
  public static Result link(LinkRequest request) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    StringBuilder notes = new StringBuilder();
    Diagnostics diag = new Diagnostics((severity, message) -> {
      if (severity == Diagnostics.Severity.NOTE) notes.append(message).append('\n');
      else diagnostics.add(DiagnosticText.ofLinker(Severity.valueOf(severity.name()), message));
    });
    int[] rc = {1};
    // The linker recurses on deep inputs: a thread with the stack the command line's link thread has.
    Thread t = new Thread(null, () -> rc[0] = dev.jwin.link.Driver.run(request.arguments(), diag), "jwin-link",
        64L << 20);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      diagnostics.add(new Diagnostic(Severity.ERROR, null, 0, 0, null, "interrupted"));
      return new Result(false, diagnostics, List.of(), notes.toString());
    }
    synchronized (diag) {
      return new Result(rc[0] == 0, diagnostics, rc[0] == 0 ? List.of(request.output()) : List.of(), notes.toString());
    }
  }

  /** {@code jwin cc} / {@code jwin c++}: compile (cached) and link into {@code request.output()}. */
  public static Result compile(CompileRequest request) {
    Captured c = new Captured();
    int rc = dev.jwin.cc.CcDriver.main(request.arguments().toArray(String[]::new), request.cxx(), c.out, c.err,
        request.environment());
    return c.result(rc, rc == 0 ? List.of(request.output()) : List.of());
  }

  /** {@code jwin dlltool}: an import library from a module-definition file. */
  public static Result importLibrary(ImportLibraryRequest request) {
    List<String> a = new ArrayList<>(List.of("-d", request.definition().toString(), "-l", request.output().toString(),
        "-m", request.machine()));
    if (request.killAt()) a.add("-k");
    Captured c = new Captured();
    int rc = dev.jwin.cli.DlltoolCommand.main(a.toArray(String[]::new), c.out, c.err);
    return c.result(rc, rc == 0 ? List.of(request.output()) : List.of());
  }

  /** {@code jwin libc path}: the runtime's directory (with {@code include/} and {@code lib/}) in {@link Result#outputs()}. */
  public static Result runtime(RuntimeRequest request) {
    Captured c = new Captured();
    Map<String, String> env = request.environment();
    try {
      return c.result(0, List.of(dev.jwin.libc.LibcCommand.runtimeDir(request.target(), env, dev.jwin.Version.get(),
          c.err)));
    } catch (dev.jwin.libc.LibcException e) {
      e.report(c.err);
      return c.result(1, List.of());
    }
  }

  /** A command's output and error streams, kept in memory. */
  private static final class Captured {
    final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    String stdout() {
      out.flush();
      return outBytes.toString(StandardCharsets.UTF_8);
    }

    Result result(int rc, List<Path> outputs) {
      err.flush();
      String text = errBytes.toString(StandardCharsets.UTF_8);
      List<Diagnostic> diagnostics = DiagnosticText.parse(text);
      if (rc != 0 && diagnostics.stream().noneMatch(Diagnostic::isError))
        diagnostics = append(diagnostics, new Diagnostic(Severity.ERROR, null, 0, 0, null,
            text.isBlank() ? "failed with exit code " + rc : text.strip()));
      return new Result(rc == 0, diagnostics, outputs, stdout() + text);
    }

    private static List<Diagnostic> append(List<Diagnostic> list, Diagnostic d) {
      List<Diagnostic> l = new ArrayList<>(list);
      l.add(d);
      return l;
    }
  }
}
