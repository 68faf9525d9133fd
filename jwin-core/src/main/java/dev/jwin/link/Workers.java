package dev.jwin.link;

import java.util.ArrayDeque;

/**
 * The helper threads of a link's parallel passes ({@link Parallel}, {@link InOrder}). The calling thread works too;
 * helpers run copies of its loop, which takes items from a shared counter, so any copy finishes what the others have
 * not begun. A pool of its own rather than the fork-join common pool, which a cold JVM spends milliseconds of a short
 * link setting up. Helpers start when work first waits for one and then wait for more; they are daemons.
 */
final class Workers {
  /** The pool of the link this thread works for, if it is not the shared one ({@link #withThreads}). */
  private static final ThreadLocal<Workers> CURRENT = new ThreadLocal<>();

  private static final class Shared {
    static final Workers POOL = new Workers(Runtime.getRuntime().availableProcessors() - 1);
  }

  private final int helpers;
  /** Guarded by {@code this}, as are the copies' states. */
  private final ArrayDeque<Copy> queue = new ArrayDeque<>();
  private int started, idle;
  private boolean closed;

  private Workers(int helpers) {
    this.helpers = Math.max(0, helpers);
  }

  /** The pool of the current link: /threads:N's, or the shared one (a helper for every core but the caller's). */
  static Workers current() {
    Workers w = CURRENT.get();
    return w != null ? w : Shared.POOL;
  }

  /** Threads that work on a pass: the helpers and the caller. */
  int parallelism() { return helpers + 1; }

  /** Runs {@code body} on this thread with a pool of {@code threads} threads in all (this one included) for its passes. */
  static void withThreads(int threads, Runnable body) {
    Workers pool = new Workers(threads - 1), outer = CURRENT.get();
    CURRENT.set(pool);
    try {
      body.run();
    } finally {
      CURRENT.set(outer);
      pool.close();
    }
  }

  private static final int QUEUED = 0, RUNNING = 1, DONE = 2;

  private static final class Copy {
    final Runnable work;
    int state;
    Throwable failure;

    Copy(Runnable work) { this.work = work; }
  }

  /** Copies of one loop handed to helpers ({@link #start}); {@link #finish} waits for those that began. */
  final class Batch {
    private final Copy[] copies;

    private Batch(Copy[] copies) { this.copies = copies; }

    /**
     * Drops the copies no helper has begun (the caller, done with the loop, has taken every item), waits for the
     * others, and rethrows the first failure a copy did not handle. A dropped copy cannot hold up a nested pass: only
     * copies that run are waited for.
     */
    void finish() {
      Throwable failure = null;
      boolean interrupted = false;
      synchronized (Workers.this) {
        for (Copy c : copies) {
          if (c.state == QUEUED) {
            queue.remove(c);
            c.state = DONE;
          }
        }
        for (Copy c : copies) {
          while (c.state != DONE) {
            try {
              Workers.this.wait();
            } catch (InterruptedException e) {
              interrupted = true;
            }
          }
          if (failure == null) failure = c.failure;
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
      rethrow(failure);
    }
  }

  /** Throws {@code t}, caught on another thread or kept for later, as it is (a checked one wrapped); nothing if null. */
  static void rethrow(Throwable t) {
    if (t instanceof RuntimeException e) throw e;
    if (t instanceof Error e) throw e;
    if (t != null) throw new IllegalStateException(t);
  }

  /** Hands {@code count} copies of {@code work} to helpers (no more than there are); the caller then runs it too. */
  Batch start(Runnable work, int count) {
    Copy[] copies = new Copy[Math.max(0, Math.min(count, helpers))];
    if (copies.length == 0) return new Batch(copies);
    synchronized (this) {
      for (int k = 0; k < copies.length; k++) queue.add(copies[k] = new Copy(work));
      // A helper for each copy that an idle one will not take, up to the pool's size.
      for (int missing = queue.size() - idle; missing > 0 && started < helpers; missing--) startHelper();
      notifyAll();
    }
    return new Batch(copies);
  }

  /** Runs {@code work} on this thread and on up to {@code count} helpers, and returns when all copies are done. */
  void run(Runnable work, int count) {
    Batch b = start(work, count);
    try {
      work.run();
    } finally {
      b.finish();
    }
  }

  private void startHelper() {
    started++;
    Thread t = new Thread(this::helperLoop, "jwin-worker-" + started);
    t.setDaemon(true);
    t.start();
  }

  private void helperLoop() {
    if (this != Shared.POOL) CURRENT.set(this);
    while (true) {
      Copy c;
      synchronized (this) {
        while (queue.isEmpty()) {
          if (closed) return;
          idle++;
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          } finally {
            idle--;
          }
        }
        c = queue.poll();
        c.state = RUNNING;
      }
      try {
        c.work.run();
      } catch (Throwable t) {
        c.failure = t;
      }
      synchronized (this) {
        c.state = DONE;
        notifyAll();
      }
    }
  }

  private synchronized void close() {
    closed = true;
    notifyAll();
  }
}
