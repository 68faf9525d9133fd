package dev.jwin.cc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a planned link, keyed in the cache by the whole command line and every input's contents: when
 * the output on disk is the one last made for the same key, nothing runs; when the cache has the
 * result, it is copied out; otherwise the backend links into a staging directory, the result is
 * published, then copied into place (so a failed link leaves nothing half-written).
 */
final class LinkStep {
  private final Invocation inv;
  private final ArtifactCache cache;
  private final FileHashes hashes;
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  /** Where the linker runs: relative paths of the link line (the user's objects, -L directories) point there. */
  private final Path cwd;

  LinkStep(Invocation inv, ArtifactCache cache, FileHashes hashes, PrintStream out, PrintStream err,
      Map<String, String> env, Path cwd) {
    this.inv = inv;
    this.cache = cache;
    this.hashes = hashes;
    this.out = out;
    this.err = err;
    this.env = env;
    this.cwd = cwd;
  }

  /**
   * Links {@code in} into {@code output}; {@code userNames} maps cached objects to the sources they were compiled
   * from, which the linker's messages name instead.
   */
  void run(RuntimeFiles runtime, LinkPlan.Inputs in, String subsystem, Path output, Path implib,
      Map<String, String> userNames) throws CcException {
    Path stage = cache.stage();
    try {
      // The staged output keeps the final file name: a DLL's export table records it.
      Path stagedOut = stage.resolve(output.getFileName().toString());
      Path stagedImplib = implib == null ? null : stage.resolve("implib-" + implib.getFileName());
      List<String> args = LinkPlan.build(inv, runtime, in, subsystem, stagedOut, stagedImplib, inv.useLld);
      String key = key(args, stage);
      Path outputAt = cwd.resolve(output);
      Path implibAt = implib == null ? null : cwd.resolve(implib);
      Path stamp = cache.root().resolve("outputs").resolve(FileHashes.key(outputAt.toAbsolutePath().normalize()
          + "\n" + (implib == null ? "" : implibAt.toAbsolutePath().normalize())));
      if (upToDate(stamp, key, outputAt, implibAt)) {
        if (inv.verbose) err.println("jwin: " + output + " is up to date");
        return;
      }
      Path done = cache.lookup(key);
      if (done == null) {
        if (inv.verbose) err.println((inv.useLld ? CcDriver.LLD_LINK : "jwin link") + " " + Proc.quote(args));
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int rc = inv.useLld ? lld(args, messages) : jwin(args, messages);
        Map<String, String> names = new LinkedHashMap<>(userNames);
        names.put(stagedOut.toString(), output.toString());
        if (stagedImplib != null) names.put(stagedImplib.toString(), implib.toString());
        err.print(inUserTerms(messages.toString(StandardCharsets.UTF_8), names));
        if (rc != 0) throw new CcException(null, 1);
        done = cache.publish(key, stage);
      } else if (inv.verbose) {
        err.println("jwin: link result found in the cache");
      }
      CcDriver.copyInto(done.resolve(stagedOut.getFileName()), outputAt, true);
      if (implib != null) CcDriver.copyInto(done.resolve(stagedImplib.getFileName()), implibAt, false);
      writeStamp(stamp, key, outputAt, implibAt);
    } catch (IOException e) {
      throw new CcException("cannot link " + output + ": " + e.getMessage());
    } finally {
      LocalCache.deleteTree(stage);
    }
  }

  /** The link's cache key: backend, arguments (staging directory elided) and the contents of every input file. */
  private String key(List<String> args, Path stage) throws IOException, CcException {
    StringBuilder b = new StringBuilder("link 1\n");
    b.append(inv.useLld ? CcDriver.LLD_LINK + " " + identity(Proc.onPath(CcDriver.LLD_LINK, env)) : "jwin "
        + dev.jwin.Version.get() + " " + identity(codeLocation())).append('\n');
    String stageText = stage.toString();
    // Objects from the cache are named by where this machine keeps it; their contents are in the key anyway, and
    // without the directory another machine's cache (a remote cache) finds the same link.
    String cacheText = cache.root().toString();
    for (String a : args) {
      b.append(a.replace(stageText, "@STAGE@").replace(cacheText, "@CACHE@")).append('\n');
      String file = a.startsWith("-def:") ? a.substring(5) : a.startsWith("-") ? null : a;
      if (file != null) b.append(hashes.hash(cwd.resolve(file))).append('\n');
    }
    return FileHashes.key(b.toString());
  }

  private static Path codeLocation() {
    try {
      return Path.of(LinkStep.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (Exception e) {
      return null;
    }
  }

  /** Path, size and time of a tool or jar: changes whenever it is rebuilt or upgraded. */
  private static String identity(Path p) {
    if (p == null) return "?";
    try {
      if (Files.isDirectory(p)) return p + " " + newest(p); // a classes directory: changes with every build
      BasicFileAttributes a = Files.readAttributes(p.toRealPath(), BasicFileAttributes.class);
      return p.toRealPath() + " " + a.size() + " " + a.lastModifiedTime().toMillis();
    } catch (IOException e) {
      return p.toString();
    }
  }

  /** The latest modification time of a file under {@code dir}. */
  private static long newest(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      long max = 0;
      for (Path f : (Iterable<Path>) files::iterator) max = Math.max(max, Files.getLastModifiedTime(f).toMillis());
      return max;
    }
  }

  private static String stampOf(Path p) throws IOException {
    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
    return a.size() + " " + a.lastModifiedTime().toMillis();
  }

  private boolean upToDate(Path stamp, String key, Path output, Path implib) {
    try {
      List<String> lines = Files.readAllLines(stamp, StandardCharsets.UTF_8);
      List<String> now = new ArrayList<>(List.of(key, stampOf(output)));
      if (implib != null) now.add(stampOf(implib));
      return lines.equals(now);
    } catch (IOException e) {
      return false;
    }
  }

  private void writeStamp(Path stamp, String key, Path output, Path implib) {
    try {
      Files.createDirectories(stamp.getParent());
      StringBuilder b = new StringBuilder(key).append('\n').append(stampOf(output)).append('\n');
      if (implib != null) b.append(stampOf(implib)).append('\n');
      dev.jwin.io.AtomicFile.write(stamp, b.toString().getBytes(StandardCharsets.UTF_8), false);
    } catch (IOException e) {
      // only costs a copy next time
    }
  }

  /** The linker's messages with every cached path replaced by the name the user gave (longest paths first). */
  static String inUserTerms(String text, Map<String, String> names) {
    List<String> paths = new ArrayList<>(names.keySet());
    paths.sort((a, b) -> b.length() - a.length());
    for (String p : paths) text = text.replace(p, names.get(p));
    return text;
  }

  /** {@code jwin link} in this process, on a thread with a deep stack like the CLI's main thread. */
  private int jwin(List<String> args, ByteArrayOutputStream messages) throws CcException {
    int[] rc = {1};
    PrintStream to = new PrintStream(messages, true, StandardCharsets.UTF_8);
    Thread t = new Thread(null, () -> rc[0] = dev.jwin.link.Driver.main(args.toArray(String[]::new), out, to, env, cwd),
        "link", 64L << 20);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CcException("interrupted");
    }
    return rc[0];
  }

  private int lld(List<String> args, ByteArrayOutputStream messages) throws CcException {
    List<String> cmd = new ArrayList<>();
    cmd.add(CcDriver.LLD_LINK);
    cmd.addAll(args);
    Proc.Output o = Proc.capture(cmd, env, cwd);
    messages.writeBytes(o.text().getBytes(StandardCharsets.UTF_8));
    return o.exitCode();
  }
}
