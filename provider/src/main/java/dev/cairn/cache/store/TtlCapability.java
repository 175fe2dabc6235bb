package dev.cairn.cache.store;

import java.util.concurrent.CompletionStage;

/**
 * An optional {@link Store} capability: tells how long an entry has left to live. Every store expires entries, so
 * every store should offer it; there is no generic fallback.
 *
 * <p>Thread-safe. {@link #remainingTtlAsync} is as described in {@link AsyncCapability}: by default the blocking
 * step, completed.
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

  /** See {@link #remainingTtl}. */
  default CompletionStage<Long> remainingTtlAsync(K key) {
    return CompletedStages.of(() -> remainingTtl(key));
  }
}
