package dev.jwin.link;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Items {@code 0..n-1} in two steps: {@code prepare}, which touches no shared state, on every thread of the link's
 * {@link Workers}, and {@code add}, one item at a time in index order on the calling thread. The caller adds each item
 * as soon as it is prepared and, while the next one is not, prepares the first item nobody has taken yet: adding
 * overlaps the preparation of the items after it. What is added, and in which order, does not depend on timing.
 */
final class InOrder {
  private InOrder() {}

  /**
   * An item's state, set by the thread that prepares it and read by the one that adds it: a volatile field, where an
   * atomic array's var handle costs a cold JVM more to set up.
   */
  private static final class Item {
    Throwable failed;
    volatile boolean prepared;
  }

  /**
   * How far ahead of the item being added a helper may prepare: what a prepared item holds until it is added (an
   * object's symbol-table read, for one) stays bounded however many items there are and however slow adding is.
   */
  static final int AHEAD = 256;

  static void run(int n, IntConsumer prepare, IntConsumer add) {
    run(n, AHEAD, prepare, add);
  }

  static void run(int n, int ahead, IntConsumer prepare, IntConsumer add) {
    if (n == 1) {
      prepare.accept(0);
      add.accept(0);
    }
    if (n <= 1) return;
    AtomicInteger next = new AtomicInteger();
    Item[] items = new Item[n];
    for (int i = 0; i < n; i++) items[i] = new Item();
    Progress progress = new Progress();
    IntConsumer one = i -> {
      try {
        prepare.accept(i);
      } catch (RuntimeException | Error e) {
        items[i].failed = e; // thrown where the item is added
      }
      items[i].prepared = true;
    };
    Runnable work = () -> {
      for (int i; (i = next.getAndIncrement()) < n; ) {
        if (i - progress.added > ahead) progress.awaitAdded(i - ahead);
        one.accept(i);
      }
    };
    Workers pool = Workers.current();
    Workers.Batch helpers = pool.start(work, Math.min(n - 1, pool.parallelism() - 1));
    try {
      for (int i = 0; i < n; i++) {
        Item item = items[i];
        while (!item.prepared) {
          // A helper is preparing item i: prepare the next untaken item meanwhile, unless that is too far ahead;
          // else let the helper (or the JIT compiler) have this core.
          int j = next.get();
          if (j < n && j - i <= ahead && next.compareAndSet(j, j + 1)) one.accept(j);
          else if (j >= n || j - i > ahead) Thread.yield();
        }
        Workers.rethrow(item.failed);
        add.accept(i);
        progress.added(i + 1);
      }
    } finally {
      next.set(n); // an add that failed leaves the rest untaken
      progress.added(Integer.MAX_VALUE); // and no helper waits for it
      helpers.finish();
    }
  }

  /** How many items have been added; helpers that are too far ahead wait on it. */
  private static final class Progress {
    volatile int added;
    /** Helpers waiting; written under the lock. Set before {@link #added} is read, so no add goes unnoticed. */
    volatile int waiters;

    void added(int count) {
      added = count;
      if (waiters > 0) {
        synchronized (this) {
          notifyAll();
        }
      }
    }

    /** Waits until {@code count} items have been added. */
    synchronized void awaitAdded(int count) {
      waiters++;
      boolean interrupted = false;
      try {
        while (added < count) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        waiters--;
      }
      if (interrupted) Thread.currentThread().interrupt();
    }
  }
}
