package dev.cairn.cache.store;

/**
 * An optional {@link Store} capability: tells how long an entry has left to live. Every store expires entries, so
 * every store should offer it; there is no generic fallback.
 *
 * <p>Thread-safe.
 *
 * @param <K> key type
 */
public interface TtlCapability<K> {

  /** What {@link #remainingTtl} answers for a key without a live entry. */
  long ABSENT = Long.MIN_VALUE;

  /**
   * The remaining time to live of the live entry for {@code key}: positive milliseconds, {@link Ttl#ETERNAL}, or
   * {@link #ABSENT}.
   */
  long remainingTtl(K key);
}
