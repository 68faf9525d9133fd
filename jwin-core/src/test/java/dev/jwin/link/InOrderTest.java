package dev.jwin.link;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InOrderTest {
  @Test
  void addsEveryItemOnceInOrderEachAfterItsPreparation() {
    int n = 2000;
    AtomicIntegerArray prepared = new AtomicIntegerArray(n);
    List<Integer> added = new ArrayList<>();
    InOrder.run(n, i -> {
      if (i % 7 == 0) busy(i % 3 * 20_000); // uneven work, so helpers and the adding thread interleave
      prepared.incrementAndGet(i);
    }, i -> {
      assertThat(prepared.get(i)).isEqualTo(1);
      added.add(i);
    });
    assertThat(added).hasSize(n).isSorted().doesNotHaveDuplicates();
  }

  /** However slow adding is, helpers prepare no further than their bound ahead of it (what is prepared waits in memory). */
  @Test
  void helpersPrepareABoundedWayAhead() {
    java.util.concurrent.atomic.AtomicInteger added = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger furthest = new java.util.concurrent.atomic.AtomicInteger();
    List<Integer> order = new ArrayList<>();
    Workers.withThreads(4, () -> InOrder.run(500, 8, i -> furthest.accumulateAndGet(i - added.get(), Math::max), i -> {
      busy(20_000); // adding is the slow step
      // The first add waits (up to 10 s) for a helper to prepare ahead, however late the helpers' threads start.
      for (long until = System.nanoTime() + 10_000_000_000L; i == 0 && furthest.get() == 0 && System.nanoTime() < until; )
        Thread.onSpinWait();
      order.add(i);
      added.incrementAndGet();
    }));
    assertThat(order).hasSize(500).isSorted();
    assertThat(furthest.get()).isBetween(1, 8);
  }

  @Test
  void aFailedPreparationIsThrownWhereItsItemWouldBeAdded() {
    List<Integer> added = new ArrayList<>();
    assertThatThrownBy(() -> InOrder.run(100, i -> {
      if (i == 40) throw new IllegalStateException("item 40");
    }, added::add)).isInstanceOf(IllegalStateException.class).hasMessage("item 40");
    assertThat(added).hasSize(40).isSorted();
  }

  @Test
  void oneThreadPoolDoesEverythingOnTheCallingThread() {
    List<Integer> added = new ArrayList<>();
    Thread caller = Thread.currentThread();
    Workers.withThreads(1, () -> InOrder.run(50, i -> assertThat(Thread.currentThread()).isSameAs(caller), added::add));
    assertThat(added).hasSize(50).isSorted();
  }

  private static void busy(int iterations) {
    long x = 0;
    for (int k = 0; k < iterations; k++) x += k * 31L;
    if (x == 42) System.out.print("");
  }
}
