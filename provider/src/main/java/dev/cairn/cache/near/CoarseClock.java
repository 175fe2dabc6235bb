package dev.cairn.cache.near;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides whether a local copy's deadline has passed without reading the system clock on most hits.
 *
 * <p>A near-cache hit is a handful of nanoseconds of work, and {@link System#nanoTime} costs more than all of it
 * together: it stops the processor from overlapping the hit's memory loads with the next one's (measured here: a
 * bounded map read went from about 65 to 140 ns with one clock read). So while near caches are open, a task on the
 * JDK's shared delayed executor refreshes a coarse time about every {@value #TICK_MILLIS} ms, and a deadline more than
 * {@link #TRUSTED_LAG} ahead of that time has certainly not passed. Within that last stretch of a copy's life, or
 * if the refreshing task were starved for longer than that, the real clock decides: a copy is never served past its
 * deadline by more than the refreshing task lags beyond {@link #TRUSTED_LAG}.
 */
final class CoarseClock {

  static final long TICK_MILLIS = 10;

  /** How far behind the real clock the coarse time may be while it is still trusted to say "not yet". */
  static final long TRUSTED_LAG = TimeUnit.SECONDS.toNanos(1);

  private static final Executor LATER = CompletableFuture.delayedExecutor(TICK_MILLIS, TimeUnit.MILLISECONDS);
  private static final AtomicInteger USERS = new AtomicInteger();
  private static final AtomicBoolean TICKING = new AtomicBoolean();
  private static volatile long coarse = System.nanoTime();

  private CoarseClock() {
  }

  /** Starts refreshing the coarse time, for one more near cache. */
  static void acquire() {
    USERS.incrementAndGet();
    coarse = System.nanoTime();
    if (TICKING.compareAndSet(false, true)) {
      LATER.execute(CoarseClock::tick);
    }
  }

  /** One near cache fewer; the refreshing stops with the last. */
  static void release() {
    USERS.decrementAndGet();
  }

  /** Whether {@code deadline}, a {@link System#nanoTime} value, is still ahead. */
  static boolean before(long deadline) {
    return deadline - coarse > TRUSTED_LAG || deadline - System.nanoTime() > 0;
  }

  private static void tick() {
    coarse = System.nanoTime();
    if (USERS.get() > 0) {
      LATER.execute(CoarseClock::tick);
      return;
    }
    TICKING.set(false);
    // a near cache opened between the check and the reset finds TICKING set and starts nothing: go on for it
    if (USERS.get() > 0 && TICKING.compareAndSet(false, true)) {
      LATER.execute(CoarseClock::tick);
    }
  }
}
