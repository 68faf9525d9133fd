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
    try {
      Options o = parse(args);
      long start = System.nanoTime();
      switch (o.command()) {
        case "fetch" -> out.println(fetch(o, env, err));
        case "compiler-rt" -> {
          CompilerRtBuilder.Summary s = run(o, env, jwinVersion, err, RuntimeBuilder::compilerRt);
          if (!s.upToDate()) {
            err.println("jwin: compiler-rt " + o.target().name + ": " + s.objects() + " objects (" + s.compiled()
                + " compiled, " + (s.objects() - s.compiled()) + " from cache) in " + seconds(System.nanoTime() - start) + ": " + s.dir());
          }
          out.println(s.builtins(o.target()));
          out.println(s.freestanding(o.target()));
        }
        case "build" -> {
          RuntimeBuilder.Summary s = run(o, env, jwinVersion, err, RuntimeBuilder::runtime);
          err.println(summary(o.target(), s, System.nanoTime() - start));
        }
        case "path" -> out.println(run(o, env, jwinVersion, err, RuntimeBuilder::runtime).dir());
        default -> {
          for (Path lib : libraries(o, env, jwinVersion, err)) {
            out.println(lib);
          }
        }
      }
      return 0;
    } catch (LibcException e) {
      e.report(err);
      return 1;
    }
  }

  /**
   * The runtime's directory (with {@code include/} and {@code lib/}) for {@code target}, building it into the cache
   * first when needed: what {@code jwin libc path --target T} prints. Progress and warnings go to {@code err}.
   */
  public static Path runtimeDir(String target, Map<String, String> env, String jwinVersion, PrintStream err)
      throws LibcException {
    return run(options("path", target, List.of()), env, jwinVersion, err, RuntimeBuilder::runtime).dir();
  }

  /** The import library {@code lib/libNAME.a} for {@code target}, built on first use: {@code jwin libc lib}. */
  public static Path library(String target, String name, Map<String, String> env, String jwinVersion, PrintStream err)
      throws LibcException {
    return libraries(options("lib", target, List.of(name)), env, jwinVersion, err).getFirst();
  }

  /** compiler-rt's builtins archive and jwin's freestanding archive for {@code target}: {@code jwin libc compiler-rt}. */
  public static List<Path> compilerRtArchives(String target, Map<String, String> env, String jwinVersion,
      PrintStream err) throws LibcException {
    Options o = options("compiler-rt", target, List.of());
    CompilerRtBuilder.Summary s = run(o, env, jwinVersion, err, RuntimeBuilder::compilerRt);
    return List.of(s.builtins(o.target()), s.freestanding(o.target()));
  }

  private static Options options(String command, String target, List<String> names) throws LibcException {
    return new Options(command, Target.parse(target), null, null, Runtime.getRuntime().availableProcessors(), names,
        null);
  }

  private static Path fetch(Options o, Map<String, String> env, PrintStream err) throws LibcException {
    return MingwSource.locate(o.mingwSrc(), env, new Cache(Cache.defaultRoot(env), null), err).root();
  }

  private static List<Path> libraries(Options o, Map<String, String> env, String jwinVersion, PrintStream err)
      throws LibcException {
    return run(o, env, jwinVersion, err, b -> {
      List<Path> libs = new ArrayList<>();
      for (String n : o.names()) {
        libs.add(b.library(n));
      }
      return libs;
    });
  }

  private interface Step<T> {
    T run(RuntimeBuilder b) throws LibcException;
  }

  /** Sets up the cache, clang and the job pool for {@code o}, runs {@code step}, and clears the progress line. */
  private static <T> T run(Options o, Map<String, String> env, String jwinVersion, PrintStream err, Step<T> step)
      throws LibcException {
    Progress progress = new Progress(err, Progress.isTerminal());
    RemoteCache remote = RemoteCache.open(env, o.remoteCache(), err);
    Cache cache = new Cache(Cache.defaultRoot(env), remote);
    try {
      Clang clang = Clang.find(env);
      try (Jobs jobs = new Jobs(o.jobs(), progress)) {
        ClangSteps steps = new ClangSteps(cache, clang, jobs, jwinVersion, o.target());
        MingwSource source = MingwSource.locate(o.mingwSrc(), env, cache, err);
        RuntimeBuilder b = new RuntimeBuilder(steps, source, o.target(), jwinVersion,
            () -> LlvmSource.locate(o.llvmSrc(), env, cache, err));
        T result = step.run(b);
        progress.clear();
        warnCorrupt(jobs, cache, err);
        return result;
      }
    } finally {
      progress.clear();
      if (remote != null) {
        remote.close();
      }
      cache.finish(env);
    }
  }

  private static String seconds(long nanos) {
    return String.format("%.2f s", nanos / 1e9);
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
    String time = seconds(nanos);
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
