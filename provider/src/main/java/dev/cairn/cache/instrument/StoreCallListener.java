package dev.cairn.cache.instrument;

/**
 * Told of each call a cache made to its store, on the thread that made it, right after it returned or threw. Keep
 * it cheap (add to a counter or a timer): it runs inside the cache operation, and what it throws reaches that
 * operation's caller. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface StoreCallListener {

  /**
   * @param operation the {@code Store} method called
   * @param nanos how long the call took, from {@link System#nanoTime()}
   * @param failure what the call threw ({@code StoreException}, {@code StoreUnavailableException}, a codec's
   *     exception...), or {@code null} if it returned
   */
  void onCall(StoreOperation operation, long nanos, RuntimeException failure);
}
