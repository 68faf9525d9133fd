package dev.jwin.link;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;

/**
 * Items {@code 0..n-1} in two steps: {@code prepare}, which touches no shared state, on every core of the current
 * pool, and {@code add}, one item at a time in index order on the calling thread. The caller adds each item as soon as
 * it is prepared and, while the next one is not, prepares the first item nobody has taken yet: adding overlaps the
 * preparation of the items after it. What is added, and in which order, does not depend on timing.
 */
final class InOrder {
  private InOrder() {}

  static void run(int n, IntConsumer prepare, IntConsumer add) {
    if (n == 1) {
      prepare.accept(0);
      add.accept(0);
    }
    if (n <= 1) return;
    AtomicInteger next = new AtomicInteger();
    AtomicIntegerArray prepared = new AtomicIntegerArray(n);
    Throwable[] failed = new Throwable[n];
    IntConsumer one = i -> {
      try {
        prepare.accept(i);
      } catch (RuntimeException | Error e) {
        failed[i] = e; // thrown where the item is added
      }
      prepared.set(i, 1);
    };
    Runnable work = () -> {
      for (int i; (i = next.getAndIncrement()) < n; ) one.accept(i);
    };
    ForkJoinPool pool = ForkJoinTask.inForkJoinPool() ? ForkJoinTask.getPool() : ForkJoinPool.commonPool();
    int helpers = Math.min(n - 1, ForkJoinTask.inForkJoinPool() ? pool.getParallelism() - 1 : pool.getParallelism());
    ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[Math.max(0, helpers)];
    try {
      for (int k = 0; k < tasks.length; k++) tasks[k] = ForkJoinTask.adapt(work).fork();
      for (int i = 0; i < n; i++) {
        while (prepared.get(i) == 0) {
          int j = next.getAndIncrement();
          if (j < n) one.accept(j);
          else Thread.yield(); // a helper is preparing item i: let it (or the JIT compiler) have this core
        }
        if (failed[i] instanceof RuntimeException e) throw e;
        if (failed[i] instanceof Error e) throw e;
        add.accept(i);
      }
    } finally {
      next.set(n); // an add that failed leaves the rest untaken
      for (ForkJoinTask<?> t : tasks) if (t != null) t.join();
    }
  }
}
