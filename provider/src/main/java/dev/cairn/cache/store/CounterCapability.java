package dev.cairn.cache.store;

import java.util.concurrent.CompletionStage;

/**
 * An optional {@link Store} capability: adds to a numeric entry in one atomic step on the server, such as Redis's
 * {@code INCRBY}. A store offers it only when its value codec keeps numbers in a form the server can add to; the
 * extensions otherwise compare-and-set.
 *
 * <p>Thread-safe; atomic across every process sharing the store. The {@code ...Async} methods are as described in
 * {@link AsyncCapability}: by default the blocking step, completed.
 *
 * @param <K> key type
 */
public interface CounterCapability<K> {

  /**
   * Adds {@code delta} to the integer stored under {@code key}; a missing entry is created holding {@code delta},
   * with time to live {@code ttlIfAbsent}. An existing entry keeps its time to live.
   *
   * @return the new value
   * @throws ClassCastException if the stored value is not an integer; nothing changes
   * @throws ArithmeticException if the result overflows a {@code long}; nothing changes
   */
  long add(K key, long delta, long ttlIfAbsent);

  /** As {@link #add(Object, long, long)} for a floating-point delta. */
  double add(K key, double delta, long ttlIfAbsent);

  /** See {@link #add(Object, long, long)}. */
  default CompletionStage<Long> addAsync(K key, long delta, long ttlIfAbsent) {
    return CompletedStages.of(() -> add(key, delta, ttlIfAbsent));
  }

  /** See {@link #add(Object, double, long)}. */
  default CompletionStage<Double> addAsync(K key, double delta, long ttlIfAbsent) {
    return CompletedStages.of(() -> add(key, delta, ttlIfAbsent));
  }
}
