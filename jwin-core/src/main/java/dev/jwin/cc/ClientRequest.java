package dev.jwin.cc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A command {@code jwin server} runs for a client (the launcher, a bash process), set for the request's thread. The
 * client can run the command's clang on a cache miss, which costs less than a child of the JVM: the first clang
 * compile on that thread hands its command line to {@link ClangRunner}, later ones (and other threads) run clang
 * here. Book-keeping that the command's outputs do not wait for (cache statistics, the memory of file hashes) is
 * left until the client has its answer.
 */
public final class ClientRequest {
  /** Runs one clang command line (stdin closed, stdout and stderr to the user) in the client's place. */
  public interface ClangRunner {
    /** Clang's exit code, or -1 when it did not run (clang then runs in this process). */
    int run(List<String> cmd) throws IOException;
  }

  private static final ThreadLocal<ClientRequest> CURRENT = new ThreadLocal<>();

  private ClangRunner runner;
  private final List<Runnable> later = new ArrayList<>();

  private ClientRequest(ClangRunner runner) {
    this.runner = runner;
  }

  /** Starts a request on this thread; {@code runner} may be null (clang runs here). */
  public static ClientRequest begin(ClangRunner runner) {
    ClientRequest r = new ClientRequest(runner);
    CURRENT.set(r);
    return r;
  }

  /** Ends the request on this thread (the runner is no longer used), then does the work left for later. */
  public void end() {
    CURRENT.remove();
    runner = null;
    for (Runnable r : later) {
      try {
        r.run();
      } catch (RuntimeException e) {
        // book-keeping only: done again, or missed, by the next command
      }
    }
    later.clear();
  }

  /** This thread's runner, once: null when there is none or it was used. */
  static ClangRunner takeRunner() {
    ClientRequest r = CURRENT.get();
    if (r == null) return null;
    ClangRunner c = r.runner;
    r.runner = null;
    return c;
  }

  /**
   * From now on this process adds the cache statistics of its commands (and evicts) when told to by {@link
   * #flushCacheStatistics}, not at the end of each: a server does that each second and when it stops.
   */
  public static void batchCacheStatistics() {
    LocalCache.batchStatistics();
  }

  /** Adds what the commands since the last call counted to their caches' statistics, evicting as they would have. */
  public static void flushCacheStatistics() {
    LocalCache.flushStatistics();
  }

  /** Whether this thread serves a request. */
  static boolean active() {
    return CURRENT.get() != null;
  }

  /** Runs {@code work} now, or, on the thread of a server's request, after its client has the answer. */
  static void later(Runnable work) {
    ClientRequest r = CURRENT.get();
    if (r == null) work.run();
    else r.later.add(work);
  }
}
