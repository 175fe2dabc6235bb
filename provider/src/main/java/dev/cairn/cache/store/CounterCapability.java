package dev.cairn.cache.store;

/**
 * An optional {@link Store} capability: adds to a numeric entry in one atomic step on the server, such as Redis's
 * {@code INCRBY}. A store offers it only when its value codec keeps numbers in a form the server can add to; the
 * extensions otherwise compare-and-set.
 *
 * <p>Thread-safe; atomic across every process sharing the store.
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
}
