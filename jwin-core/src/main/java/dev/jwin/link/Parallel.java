package dev.jwin.link;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A loop over {@code 0..n-1} on every thread of the link's {@link Workers} (the /threads:N pool when a link runs in
 * one, else the shared one), the calling thread included. Items are taken in small blocks as threads come free.
 * Parallel streams would do the same, but a cold JVM spends milliseconds setting up their machinery, a tenth of a
 * small link.
 */
final class Parallel {
  private Parallel() {}

  /**
   * Runs {@code body} for every item, each once, and returns when all have run. A failure skips the rest of its block;
   * once the other blocks have run, the lowest failing item's failure is rethrown (whatever the timing: an item is
   * only skipped after a lower one failed).
   */
  static void forEach(int n, IntConsumer body) {
    if (n <= 0) return;
    Workers pool = Workers.current();
    int workers = pool.parallelism();
    int block = Math.max(1, Math.min(64, n / (8 * workers)));
    int blocks = (n + block - 1) / block;
    AtomicInteger next = new AtomicInteger();
    Throwable[] failed = new Throwable[blocks];
    Runnable work = () -> {
      for (int b; (b = next.getAndIncrement()) < blocks; ) {
        try {
          for (int i = b * block, end = Math.min(n, i + block); i < end; i++) body.accept(i);
        } catch (RuntimeException | Error e) {
          failed[b] = e;
        }
      }
    };
    pool.run(work, Math.min(workers, blocks) - 1);
    for (Throwable t : failed) Workers.rethrow(t);
  }
}
