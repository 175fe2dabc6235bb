package dev.cairn.cache.store;

import dev.cairn.cache.CairnCache;
import java.time.Duration;
import javax.cache.Cache;

/** The circuit breaker of a remote store's cache, as its statistics show it: for the failure-mode tests. */
public final class Circuits {

  private Circuits() {
  }

  /** {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
  public static String state(Cache<?, ?> cache) {
    return cache.unwrap(CairnCache.class).statistics().getCircuitState();
  }

  /** Waits for the breaker's background probe to find the server and its recovery to finish. */
  public static void awaitClosed(Cache<?, ?> cache, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!"CLOSED".equals(state(cache))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the circuit did not close within " + atMost.toSeconds() + " s: " + state(cache));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
