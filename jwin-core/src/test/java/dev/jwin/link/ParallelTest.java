package dev.jwin.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void runsEveryItemOnceInAnyPool() throws Exception {
    for (int threads = 1; threads <= 4; threads++) {
      for (int n : new int[] {0, 1, 2, 7, 64, 1000, 100_003}) {
        AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(n, 1));
        Workers.withThreads(threads, () -> Parallel.forEach(n, runs::incrementAndGet));
        for (int i = 0; i < n; i++) assertThat(runs.get(i)).as("item %d of %d, %d threads", i, n, threads).isEqualTo(1);
      }
    }
    AtomicIntegerArray runs = new AtomicIntegerArray(5000);
    Parallel.forEach(5000, runs::incrementAndGet); // outside /threads:N: the shared pool
    for (int i = 0; i < 5000; i++) assertThat(runs.get(i)).isEqualTo(1);
  }

  /** /threads:N bounds the threads that run a pass, the calling one included. */
  @Test
  void usesAtMostTheThreadsOfItsPool() {
    for (int threads = 1; threads <= 3; threads++) {
      Set<Thread> seen = ConcurrentHashMap.newKeySet();
      Workers.withThreads(threads, () -> Parallel.forEach(20_000, i -> {
        seen.add(Thread.currentThread());
        if (i % 100 == 0) Thread.yield();
      }));
      assertThat(seen.size()).as("%d threads", threads).isBetween(1, threads);
    }
  }

  /** A pass started from inside another's items (on a helper too) finishes, even when every helper is busy. */
  @Test
  @org.junit.jupiter.api.Timeout(60)
  void nestedPassesFinishInASmallPool() {
    for (int threads = 1; threads <= 3; threads++) {
      AtomicIntegerArray runs = new AtomicIntegerArray(64 * 64);
      Workers.withThreads(threads, () -> Parallel.forEach(64, i -> Parallel.forEach(64, j -> runs.incrementAndGet(64 * i + j))));
      for (int k = 0; k < runs.length(); k++) assertThat(runs.get(k)).as("%d threads", threads).isEqualTo(1);
    }
  }

  @Test
  void rethrowsTheLowestItemsFailureAfterTheOthersRan() {
    AtomicIntegerArray runs = new AtomicIntegerArray(10_000);
    assertThatThrownBy(() -> Parallel.forEach(10_000, i -> {
      runs.incrementAndGet(i);
      if (i == 9000 || i == 1234) throw new IllegalStateException("item " + i);
    })).isInstanceOf(IllegalStateException.class).hasMessage("item 1234");
    for (int i = 0; i < 1234; i++) assertThat(runs.get(i)).isEqualTo(1);
    assertThat(runs.get(9999)).isEqualTo(1);
  }
}
