package dev.jwin.libc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded work queue: at most {@code parallelism} jobs run at once (one clang each). Every job
 * runs even when others fail; the failures are reported together, each with its file and clang's message.
 */
final class Jobs implements AutoCloseable {
  /** One unit of work and the label the progress line shows for it. */
  record Job<T>(String label, Work<T> work) {}

  @FunctionalInterface
  interface Work<T> {
    T call() throws Exception;
  }

  private final ExecutorService pool;
  private final Progress progress;
  private final AtomicInteger compiled = new AtomicInteger();
  private final AtomicInteger corrupt = new AtomicInteger();

  Jobs(int parallelism, Progress progress) {
    this.pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
      Thread t = new Thread(r, "jwin-job");
      t.setDaemon(true);
      return t;
    });
    this.progress = progress;
  }

  /** Counts one process actually started (as opposed to a cache hit). */
  void countCompile() {
    compiled.incrementAndGet();
  }

  int compiled() {
    return compiled.get();
  }

  /** Counts a cache entry that was found damaged and rebuilt. */
  void countCorrupt() {
    corrupt.incrementAndGet();
  }

  int corrupt() {
    return corrupt.get();
  }

  /** Runs every job; returns their results in order, or throws with every failure. */
  <T> List<T> run(List<Job<T>> jobs) throws LibcException {
    progress.add(jobs.size());
    List<Future<T>> futures = new ArrayList<>();
    for (Job<T> j : jobs) {
      futures.add(pool.submit(() -> {
        try {
          return j.work().call();
        } finally {
          progress.step(j.label());
        }
      }));
    }
    List<T> results = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      try {
        results.add(futures.get(i).get());
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        failures.add(c instanceof LibcException ? c.getMessage() : jobs.get(i).label() + ": " + c);
        results.add(null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LibcException("interrupted");
      }
    }
    if (!failures.isEmpty()) {
      throw new LibcException.Many(failures);
    }
    return results;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
