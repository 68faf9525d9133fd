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

  static void run(int n, IntConsumer prepare, IntConsumer add) {
    if (n == 1) {
      prepare.accept(0);
      add.accept(0);
    }
    if (n <= 1) return;
    AtomicInteger next = new AtomicInteger();
    Item[] items = new Item[n];
    for (int i = 0; i < n; i++) items[i] = new Item();
    IntConsumer one = i -> {
      try {
        prepare.accept(i);
      } catch (RuntimeException | Error e) {
        items[i].failed = e; // thrown where the item is added
      }
      items[i].prepared = true;
    };
    Runnable work = () -> {
      for (int i; (i = next.getAndIncrement()) < n; ) one.accept(i);
    };
    Workers pool = Workers.current();
    Workers.Batch helpers = pool.start(work, Math.min(n - 1, pool.parallelism() - 1));
    try {
      for (int i = 0; i < n; i++) {
        Item item = items[i];
        while (!item.prepared) {
          int j = next.getAndIncrement();
          if (j < n) one.accept(j);
          else Thread.yield(); // a helper is preparing item i: let it (or the JIT compiler) have this core
        }
        if (item.failed instanceof RuntimeException e) throw e;
        if (item.failed instanceof Error e) throw e;
        add.accept(i);
      }
    } finally {
      next.set(n); // an add that failed leaves the rest untaken
      helpers.finish();
    }
  }
}
