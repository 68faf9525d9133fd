package dev.jwin.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void runsEveryItemOnceInAnyPool() throws Exception {
    for (int threads = 1; threads <= 4; threads++) {
      for (int n : new int[] {0, 1, 2, 7, 64, 1000, 100_003}) {
        AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(n, 1));
        try (ForkJoinPool pool = new ForkJoinPool(threads)) {
          pool.submit(() -> Parallel.forEach(n, runs::incrementAndGet)).get();
        }
        for (int i = 0; i < n; i++) assertThat(runs.get(i)).as("item %d of %d, %d threads", i, n, threads).isEqualTo(1);
      }
    }
    AtomicIntegerArray runs = new AtomicIntegerArray(5000);
    Parallel.forEach(5000, runs::incrementAndGet); // from outside any pool: the common one
    for (int i = 0; i < 5000; i++) assertThat(runs.get(i)).isEqualTo(1);
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
