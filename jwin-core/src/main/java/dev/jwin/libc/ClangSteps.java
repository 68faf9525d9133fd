package dev.jwin.libc;

import dev.jwin.cache.Cache;
import dev.jwin.cache.CacheKey;
import dev.jwin.cache.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cache entries made by clang runs and by the builders around them: each clang run is its own entry
 * (key: clang, its arguments and the main file's content; manifest: the headers its depfile names),
 * so that a changed source recompiles only itself. Damaged entries found on the way are counted.
 */
final class ClangSteps {
  /** Bumped whenever the way jwin installs headers or runs clang changes (invalidates every compiled object). */
  static final String COMPILE_REVISION = "libc-1";

  /** The work of one entry, run in its staging directory. */
  interface Body {
    Cache.Built build(Path dir) throws IOException, LibcException;
  }

  private final Cache cache;
  private final Clang clang;
  private final Jobs jobs;
  private final String jwinVersion;
  private final Target target;

  ClangSteps(Cache cache, Clang clang, Jobs jobs, String jwinVersion, Target target) {
    this.cache = cache;
    this.clang = clang;
    this.jobs = jobs;
    this.jwinVersion = jwinVersion;
    this.target = target;
  }

  Cache cache() {
    return cache;
  }

  Clang clang() {
    return clang;
  }

  Jobs jobs() {
    return jobs;
  }

  /** The entry {@code key}, made by {@code body} when missing, stale or damaged. */
  Cache.Entry publish(String key, String label, Body body) throws LibcException {
    try {
      return noteCorrupt(cache.get(key, label, body::build));
    } catch (IOException e) {
      throw new LibcException("cache " + cache.root() + ": " + e.getMessage());
    }
  }

  /** One clang run ({@code args} plus -o and a depfile) in {@code workDir}, producing {@code output}. */
  Cache.Entry run(String kind, String label, List<String> args, Path file, String output, Path workDir)
      throws IOException, LibcException {
    String key = new CacheKey(kind).add("jwin", jwinVersion).add("builder", COMPILE_REVISION)
        .add("clang", clang.identity()).add("args", args).addFile("content", file).hex();
    return noteCorrupt(cache.get(key, kind + " " + target.name + " " + label, dir -> {
      List<String> full = new ArrayList<>(args);
      Path depfile = dir.resolve("deps.d");
      full.addAll(List.of("-o", dir.resolve(output).toString(), "-MD", "-MF", depfile.toString()));
      jobs.countCompile();
      Clang.Result r = clang.run(full, workDir);
      if (r.exitCode() != 0) {
        throw new LibcException(label + ": clang failed:\n" + r.output().strip());
      }
      List<Path> deps = new ArrayList<>(Clang.readDepfile(depfile, workDir));
      deps.add(file);
      Files.delete(depfile);
      return Cache.Built.of(deps);
    }));
  }

  private Cache.Entry noteCorrupt(Cache.Entry e) {
    if (e.found().equals(Optional.of(Manifest.Status.CORRUPT))) {
      jobs.countCorrupt();
    }
    return e;
  }
}
