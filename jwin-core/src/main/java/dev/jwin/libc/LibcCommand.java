package dev.jwin.libc;

import dev.jwin.cache.Cache;
import dev.jwin.cache.RemoteCache;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code jwin libc build|path|lib|fetch}: builds the mingw-w64 runtime for a target from source
 * into the cache, prints where it is, builds further import libraries on demand.
 *
 * <pre>
 * jwin libc build --target T [--mingw-src DIR] [-j N]   build (or check) the runtime
 * jwin libc path  --target T [--mingw-src DIR]          print the directory holding include/ and lib/
 * jwin libc lib   --target T NAME...                    print lib/NAME.a paths (-lws2_32 or ws2_32), building them
 * jwin libc fetch                                       fetch the mingw-w64 sources; print their directory
 * jwin libc compiler-rt --target T [--llvm-src DIR] [-j N]   build compiler-rt's builtins and jwin's freestanding
 *                                                       memcpy/memset/...; print the two archives' paths
 * </pre>
 */
public final class LibcCommand {
  private LibcCommand() {}

  private record Options(String command, Target target, String mingwSrc, String llvmSrc, int jobs, List<String> names,
      String remoteCache) {}

  public static int main(String[] args, Map<String, String> env, String jwinVersion, PrintStream out, PrintStream err) {
    Progress progress = new Progress(err, Progress.isTerminal());
    RemoteCache remote = null;
    try {
      Options o = parse(args);
      remote = o.command().equals("fetch") ? null : RemoteCache.open(env, o.remoteCache(), err);
      Cache cache = new Cache(Cache.defaultRoot(env), remote);
      if (o.command().equals("fetch")) {
        out.println(MingwSource.locate(o.mingwSrc(), env, cache, err).root());
        return 0;
      }
      Clang clang = Clang.find(env);
      long start = System.nanoTime();
      try (Jobs jobs = new Jobs(o.jobs(), progress)) {
        ClangSteps steps = new ClangSteps(cache, clang, jobs, jwinVersion, o.target());
        MingwSource source = MingwSource.locate(o.mingwSrc(), env, cache, err);
        RuntimeBuilder b = new RuntimeBuilder(steps, source, o.target(), jwinVersion,
            () -> LlvmSource.locate(o.llvmSrc(), env, cache, err));
        if (o.command().equals("compiler-rt")) {
          CompilerRtBuilder.Summary s = b.compilerRt();
          progress.clear();
          warnCorrupt(jobs, cache, err);
          if (!s.upToDate()) {
            err.println("jwin: compiler-rt " + o.target().name + ": " + s.objects() + " objects (" + s.compiled()
                + " compiled, " + (s.objects() - s.compiled()) + " from cache) in "
                + String.format("%.2f s", (System.nanoTime() - start) / 1e9) + ": " + s.dir());
          }
          out.println(s.builtins(o.target()));
          out.println(s.freestanding(o.target()));
          return 0;
        }
        switch (o.command()) {
          case "build", "path" -> {
            RuntimeBuilder.Summary s = b.runtime();
            progress.clear();
            warnCorrupt(jobs, cache, err);
            if (o.command().equals("path")) {
              out.println(s.dir());
            } else {
              err.println(summary(o.target(), s, System.nanoTime() - start));
            }
          }
          default -> {
            for (String n : o.names()) {
              Path lib = b.library(n);
              progress.clear();
              out.println(lib);
            }
          }
        }
      }
      return 0;
    } catch (LibcException e) {
      progress.clear();
      for (String m : e.messages()) {
        err.println("jwin: error: " + m);
      }
      return 1;
    } finally {
      if (remote != null) {
        remote.close();
      }
    }
  }

  /** The -l name of compiler-rt's builtins for {@code target} ({@code clang_rt.builtins-x86_64}). */
  public static String compilerRtLibrary(String target) throws LibcException {
    String file = CompilerRtPlan.archiveName(Target.parse(target));
    return file.substring(3, file.length() - 2);
  }

  private static void warnCorrupt(Jobs jobs, Cache cache, PrintStream err) {
    if (jobs.corrupt() > 0) {
      err.println("jwin: warning: " + jobs.corrupt() + " damaged cache entr" + (jobs.corrupt() == 1 ? "y was" : "ies were")
          + " found in " + cache.root() + " and rebuilt; 'jwin cache verify' checks every entry");
    }
  }

  static String summary(Target t, RuntimeBuilder.Summary s, long nanos) {
    String time = String.format("%.2f s", nanos / 1e9);
    if (s.upToDate()) {
      return "jwin: libc " + t.name + " is up to date (" + time + "): " + s.dir();
    }
    String support = "; compiler support routines from " + s.supportLibrary();
    return "jwin: libc " + t.name + ": " + s.objects() + " jobs (" + s.compiled() + " run, " + s.fromCache()
        + " from cache) in " + time + support + ": " + s.dir();
  }

  private static Options parse(String[] args) throws LibcException {
    if (args.length == 0 || !List.of("build", "path", "lib", "fetch", "compiler-rt").contains(args[0])) {
      throw new LibcException("usage: jwin libc build|path|lib|fetch|compiler-rt [--target T] [--mingw-src DIR]"
          + " [--llvm-src DIR] [-j N] [--remote-cache URL] [NAME...]");
    }
    Target target = Target.X86_64;
    String src = null;
    String llvm = null;
    String remoteCache = null;
    int jobs = Runtime.getRuntime().availableProcessors();
    List<String> names = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      String value = null;
      int eq = a.indexOf('=');
      String opt = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
      if (a.startsWith("--") && eq > 0) {
        value = a.substring(eq + 1);
      }
      switch (opt) {
        case "--target", "-target", "--mingw-src", "--llvm-src", "-j", "--remote-cache" -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new LibcException(a + ": missing argument");
            }
            value = args[++i];
          }
          switch (opt) {
            case "--mingw-src" -> src = value;
            case "--llvm-src" -> llvm = value;
            case "--remote-cache" -> remoteCache = value;
            case "-j" -> jobs = parseJobs(value);
            default -> target = Target.parse(value);
          }
        }
        default -> {
          if (a.startsWith("-j") && a.length() > 2) {
            jobs = parseJobs(a.substring(2));
          } else if (a.startsWith("-l") && a.length() > 2 && args[0].equals("lib")) {
            names.add(a.substring(2));
          } else if (!a.startsWith("-") && args[0].equals("lib")) {
            names.add(a);
          } else {
            throw new LibcException("unknown argument '" + a + "' for jwin libc " + args[0]);
          }
        }
      }
    }
    if (args[0].equals("lib") && names.isEmpty()) {
      throw new LibcException("jwin libc lib: name the libraries (e.g. -lws2_32)");
    }
    return new Options(args[0], target, src, llvm, jobs, names, remoteCache);
  }

  private static int parseJobs(String v) throws LibcException {
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new LibcException("-j: expected a positive number, got '" + v + "'");
  }
}
