package dev.jwin.cc;

import dev.jwin.cc.Invocation.Language;
import dev.jwin.cc.Invocation.Source;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles one source file with clang into the cache. A file is recompiled only when its contents,
 * the flags, the compiler or any header it read (from clang's dependency file) changed: the first
 * key (flags + source) names a manifest listing the headers and their hashes, and the object's key
 * adds those hashes, as ccache's direct mode does.
 */
final class Compiler {
  /** A compiled object in the cache and the files it was made from (for -MD dependency files). */
  record Result(Path object, List<String> dependencies, boolean fromCache) {}

  private final String clang;
  private final String clangIdentity;
  private final Target target;
  private final Runtime runtime;
  private final List<String> userFlags;
  private final boolean unicode;
  private final ArtifactCache cache;
  private final FileHashes hashes;
  private final Path manifests;
  private final PrintStream err;
  private final boolean verbose;

  Compiler(String clang, Target target, Runtime runtime, Invocation inv, ArtifactCache cache, FileHashes hashes,
      PrintStream err) throws CcException {
    this.clang = clang;
    this.clangIdentity = identity(clang);
    this.target = target;
    this.runtime = runtime;
    this.userFlags = inv.compileFlags;
    this.unicode = inv.unicode;
    this.cache = cache;
    this.hashes = hashes;
    this.manifests = cache.root().resolve("manifests");
    this.err = err;
    this.verbose = inv.verbose;
  }

  /** The resolved compiler binary, its size and time: enough to notice an upgrade without running it. */
  private static String identity(String clang) throws CcException {
    Path exe = Proc.onPath(clang);
    if (exe == null) throw new CcException("cannot find the C compiler '" + clang + "' on PATH (apt-get install "
        + "clang-14)");
    try {
      Path real = exe.toRealPath();
      BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
      return real + " " + a.size() + " " + a.lastModifiedTime().toMillis();
    } catch (IOException e) {
      return exe.toString();
    }
  }

  /** The clang arguments shared by every mode: target, language, user flags, runtime headers. */
  List<String> baseArgs(Source src) {
    List<String> a = new ArrayList<>();
    a.add(clang);
    a.add("--target=" + target.clangTriple());
    if (target.os() == Target.Os.UEFI) {
      a.addAll(List.of("-ffreestanding", "-fshort-wchar", "-mno-red-zone"));
    }
    if (unicode) a.add("-DUNICODE");
    a.addAll(userFlags);
    a.add("-nostdlibinc");
    if (runtime != null) {
      for (Path inc : runtime.includeDirs(src.language() == Language.CXX)) {
        a.add("-isystem");
        a.add(inc.toString());
      }
      a.addAll(runtime.defines());
    }
    a.add("-x");
    a.add(src.language().clangName);
    return a;
  }

  /** -E or -S: runs clang straight to the output (stdout when there is none), uncached. */
  int runUncached(Source src, String mode, String output) throws CcException {
    List<String> cmd = baseArgs(src);
    cmd.add(mode);
    if (output != null) {
      cmd.add("-o");
      cmd.add(output);
    }
    cmd.add(src.path());
    if (verbose) err.println(Proc.quote(cmd));
    return Proc.inherit(cmd);
  }

  /** Compiles {@code src} to an object in the cache (or finds it there). */
  Result compile(Source src) throws CcException {
    Path source = Path.of(src.path());
    List<String> args = baseArgs(src);
    String sourceHash;
    try {
      sourceHash = hashes.hash(source);
    } catch (NoSuchFileException e) {
      throw new CcException("no such file or directory: '" + src.path() + "'");
    } catch (IOException e) {
      throw new CcException("cannot read '" + src.path() + "': " + e.getMessage());
    }
    String manifestKey = FileHashes.key("compile 1\n" + clangIdentity + "\n" + target + "\n"
        + (runtime == null ? "" : runtime.cacheIdentity()) + "\n" + String.join("\0", args) + "\n" + src.path()
        + "\n" + Path.of("").toAbsolutePath() + "\n" + sourceHash);
    Path manifest = manifests.resolve(manifestKey);
    Result hit = fromManifest(manifest, manifestKey);
    if (hit != null) return hit;

    Path stage = cache.stage();
    try {
      Path obj = stage.resolve("out" + target.objectSuffix());
      Path dep = stage.resolve("out.d");
      List<String> cmd = new ArrayList<>(args);
      cmd.addAll(List.of("-c", "-o", obj.toString(), "-MD", "-MF", dep.toString(), src.path()));
      if (verbose) err.println(Proc.quote(cmd));
      Proc.Output out = Proc.capture(cmd);
      if (!out.text().isEmpty()) {
        synchronized (err) {
          err.print(out.text());
          err.flush();
        }
      }
      if (out.exitCode() != 0) throw new CcException(null, 1);
      List<String> deps = DepFile.parse(Files.readString(dep, StandardCharsets.UTF_8));
      Files.delete(dep);
      StringBuilder lines = new StringBuilder();
      StringBuilder objDesc = new StringBuilder(manifestKey);
      for (String d : deps) {
        String h = hashes.hash(Path.of(d));
        lines.append(h).append(' ').append(d).append('\n');
        objDesc.append('\n').append(h);
      }
      String objKey = FileHashes.key(objDesc.toString());
      Path published = cache.publish(objKey, stage);
      String text = objKey + "\n" + lines;
      writeManifest(manifest, text);
      cache.shareRecord(manifestKey, text.getBytes(StandardCharsets.UTF_8));
      return new Result(published.resolve(obj.getFileName()), deps, false);
    } catch (IOException e) {
      throw new CcException("cannot compile '" + src.path() + "': " + e.getMessage());
    } finally {
      LocalCache.deleteTree(stage);
    }
  }

  private Result fromManifest(Path manifest, String manifestKey) {
    List<String> lines;
    try {
      lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      byte[] remote = cache.remoteRecord(manifestKey); // compiled on another machine?
      if (remote == null) return null;
      String text = new String(remote, StandardCharsets.UTF_8);
      lines = List.of(text.split("\n"));
      try {
        writeManifest(manifest, text);
      } catch (IOException x) {
        // used once, asked for again next time
      }
    } catch (IOException e) {
      return null;
    }
    if (lines.isEmpty()) return null;
    String objKey = lines.getFirst();
    StringBuilder objDesc = new StringBuilder(manifestKey);
    List<String> deps = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      int sp = line.indexOf(' ');
      if (sp < 0) return null;
      String sha = line.substring(0, sp);
      String path = line.substring(sp + 1);
      try {
        if (!hashes.hash(Path.of(path)).equals(sha)) return null;
      } catch (IOException e) {
        return null; // a header went away: compile again and let clang say what is wrong
      }
      deps.add(path);
      objDesc.append('\n').append(sha);
    }
    if (!FileHashes.key(objDesc.toString()).equals(objKey)) return null;
    Path dir = cache.lookup(objKey);
    if (dir == null) return null;
    Path obj = dir.resolve("out" + target.objectSuffix());
    return Files.isRegularFile(obj) ? new Result(obj, deps, true) : null;
  }

  private void writeManifest(Path manifest, String text) throws IOException {
    Files.createDirectories(manifests);
    Path tmp = Files.createTempFile(manifests, "m", ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

}
