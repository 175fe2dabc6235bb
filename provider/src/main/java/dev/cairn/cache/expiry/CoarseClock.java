package dev.cairn.cache.expiry;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link System#nanoTime} that hot paths can read for the price of a field: the near cache's deadline check on
 * every hit, and a shared cache's once-a-second registry check on every call.
 *
 * <p>{@code System.nanoTime} costs more than a near-cache hit's own work: it stops the processor from overlapping one
 * call's memory loads with the next one's (measured here: a map read over 16,384 keys went from about 65 to 140 ns
 * with one clock read). So while anyone holds this clock ({@link #acquire}), a task on the JDK's shared delayed
 * executor refreshes a coarse time about every {@value #TICK_MILLIS} ms. {@link #before} trusts the coarse time
 * only to say that a deadline more than {@link #TRUSTED_LAG} away has not passed; closer to the deadline, or if the
 * refreshing task were starved for longer than that, the real clock decides.
 */
public final class CoarseClock {

  public static final long TICK_MILLIS = 10;

  /** How far behind the real clock the coarse time may be while it is still trusted to say "not yet". */
  public static final long TRUSTED_LAG = TimeUnit.SECONDS.toNanos(1);

  private static final Executor LATER = CompletableFuture.delayedExecutor(TICK_MILLIS, TimeUnit.MILLISECONDS);
  private static final AtomicInteger USERS = new AtomicInteger();
  private static final AtomicBoolean TICKING = new AtomicBoolean();
  private static volatile long coarse = System.nanoTime();

  private CoarseClock() {
  }

  /** Starts refreshing the coarse time, for one more holder; each call needs its {@link #release}. */
  public static void acquire() {
    USERS.incrementAndGet();
    coarse = System.nanoTime();
    if (TICKING.compareAndSet(false, true)) {
      LATER.execute(CoarseClock::tick);
    }
  }

  /** One holder fewer; the refreshing stops with the last. */
  public static void release() {
    USERS.decrementAndGet();
  }

  /** Whether {@code deadline}, a {@link System#nanoTime} value, is still ahead. */
  public static boolean before(long deadline) {
    return deadline - coarse > TRUSTED_LAG || deadline - System.nanoTime() > 0;
  }

  /**
   * The coarse time: a {@link System#nanoTime} value at most about {@value #TICK_MILLIS} ms old while the clock is
   * held and its task not starved; older otherwise. For checks that may come late, never for deadlines.
   */
  public static long coarseNanos() {
    return coarse;
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
