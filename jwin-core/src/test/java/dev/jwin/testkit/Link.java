package dev.jwin.testkit;

import dev.jwin.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes inputs into a directory and links them with {@code Main.run("link", ...)}.
 *
 * <p>Defaults: {@code -out:<dir>/out.exe -entry:start -subsystem:console}. Inputs and
 * arguments keep the order they were added in.
 *
 * <p>With {@code -Djwin.test.linker=lld-link-14} the same command line runs through that
 * external linker instead (plus {@code -brepro} for a reproducible timestamp), and its
 * {@code lld-link: } message prefix is rewritten to {@code jwin: }: a way to check the
 * tests' expectations against lld-link.
 *
 * <p>With {@code -Djwin.test.echo=true} every link prints its command line and messages.
 */
public final class Link {
  private static final String EXTERNAL = System.getProperty("jwin.test.linker", "");
  private static final boolean ECHO = Boolean.getBoolean("jwin.test.echo");

  private final Path dir;
  private final List<String> args = new ArrayList<>();
  private String out = "out.exe";
  private String entry = "start";
  private String subsystem = "console";
  private String linker = EXTERNAL;
  /** -brepro for the external linker (fixed timestamps); not for one named by {@link #linker}, whose image jwin's must equal. */
  private boolean brepro = true;

  private Link(Path dir) {
    this.dir = dir;
  }

  public static Link in(Path dir) {
    return new Link(dir);
  }

  /** True when the tests run against an external linker (see class comment). */
  public static boolean external() {
    return !EXTERNAL.isEmpty();
  }

  /**
   * Links with the external linker {@code command} (e.g. lld-link-14) instead of jwin, whatever the properties
   * say, with the same options as jwin (no -brepro: lld-link would add a debug directory for it).
   */
  public Link linker(String command) {
    this.linker = command;
    this.brepro = false;
    return this;
  }

  public Path dir() {
    return dir;
  }

  public Path path(String name) {
    return dir.resolve(name);
  }

  /** Writes {@code bytes} to {@code name} in the directory and adds it as an input. */
  public Link input(String name, byte[] bytes) {
    args.add(write(name, bytes).toString());
    return this;
  }

  public Link input(String name, ObjectBuilder object) {
    return input(name, object.build());
  }

  public Link input(String name, ArchiveBuilder archive) {
    return input(name, archive.build());
  }

  /** Writes a file without adding it to the command line (e.g. a library found via -defaultlib). */
  public Path write(String name, byte[] bytes) {
    try {
      Path p = dir.resolve(name);
      Files.write(p, bytes);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds options verbatim. */
  public Link args(String... options) {
    args.addAll(List.of(options));
    return this;
  }

  /** Output file name inside the directory. */
  public Link out(String name) {
    this.out = name;
    return this;
  }

  /** Entry symbol; null to pass no -entry option. */
  public Link entry(String symbol) {
    this.entry = symbol;
    return this;
  }

  /** Subsystem; null to pass no -subsystem option. */
  public Link subsystem(String subsystem) {
    this.subsystem = subsystem;
    return this;
  }

  public Path output() {
    return dir.resolve(out);
  }

  public List<String> commandLine() {
    List<String> cmd = new ArrayList<>();
    cmd.add("-out:" + output());
    if (entry != null) {
      cmd.add("-entry:" + entry);
    }
    if (subsystem != null) {
      cmd.add("-subsystem:" + subsystem);
    }
    cmd.addAll(args);
    return cmd;
  }

  /** Runs the link; with {@code -Djwin.test.echo=true} prints the exit code and messages. */
  public Result run() {
    Result r = runQuietly();
    if (ECHO) {
      System.out.println("[link] exit " + r.exitCode + ": " + String.join(" ", r.commandLine) + "\n" + r.out + r.err);
    }
    return r;
  }

  private Result runQuietly() {
    List<String> cmd = commandLine();
    if (!linker.isEmpty()) {
      return runExternal(cmd);
    }
    cmd.add(0, "link");
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    int rc;
    try (PrintStream o = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
      rc = Main.run(cmd.toArray(String[]::new), o, e);
    }
    return new Result(rc, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8),
        output(), cmd);
  }

  private Result runExternal(List<String> cmd) {
    List<String> full = new ArrayList<>();
    full.add(linker);
    if (brepro) full.add("-brepro");
    full.addAll(cmd);
    try {
      Path stdout = Files.createTempFile("link", ".out");
      Path stderr = Files.createTempFile("link", ".err");
      Process p = new ProcessBuilder(full).directory(dir.toFile())
          .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
      int rc = p.exitValue();
      byte[] o = Files.readAllBytes(stdout);
      byte[] e = Files.readAllBytes(stderr);
      Files.delete(stdout);
      Files.delete(stderr);
      String err = new String(e, StandardCharsets.UTF_8).replaceAll("(?m)^(lld-link(-\\d+)?|[^ ]*lld-link): ", "jwin: ");
      return new Result(rc, new String(o, StandardCharsets.UTF_8), err, output(), full);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Outcome of one link. */
  public record Result(int exitCode, String out, String err, Path output, List<String> commandLine) {
    /** Fails with the linker's messages unless the link succeeded; returns the image. */
    public PeImage image() {
      if (exitCode != 0) {
        throw new AssertionError("link failed with exit code " + exitCode + "\ncommand: " + String.join(" ", commandLine)
            + "\nstdout:\n" + out + "\nstderr:\n" + err);
      }
      if (!Files.exists(output)) {
        throw new AssertionError("link succeeded but wrote no " + output + "\nstderr:\n" + err);
      }
      return PeImage.read(output);
    }

    public byte[] outputBytes() {
      try {
        return Files.readAllBytes(output);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** stderr lines starting with {@code jwin: error: }. */
    public List<String> errors() {
      return err.lines().filter(l -> l.startsWith("jwin: error: ")).toList();
    }

    public List<String> warnings() {
      return err.lines().filter(l -> l.startsWith("jwin: warning: ")).toList();
    }
  }
}
