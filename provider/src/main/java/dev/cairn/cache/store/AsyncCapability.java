package dev.cairn.cache.store;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * An optional {@link Store} capability: the store's steps without blocking the caller, for a store whose client is
 * asynchronous (Redis on Lettuce). Each method means what the {@link Store} method of the same name means; the
 * stage completes on the client's I/O thread, exceptionally with a {@link StoreException} when the store fails or
 * does not answer within its timeout. A store that offers this also overrides the {@code ...Async} methods of its
 * other capabilities ({@link CounterCapability}, {@link TtlCapability}, {@link PatternCapability},
 * {@link LeaseCapability}, {@link PingCapability}, {@link SetCapability}) so that none of them blocks either.
 *
 * <p>Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface AsyncCapability<K, V> {

  /** See {@link Store#get}. */
  CompletionStage<V> getAsync(K key, long touchTtl);

  /** See {@link Store#containsKey}. */
  CompletionStage<Boolean> containsKeyAsync(K key);

  /** See {@link Store#write}. */
  CompletionStage<WriteResult<V>> writeAsync(K key, V value, Condition condition, long ttlIfAbsent,
      long ttlIfPresent, boolean wantPrevious);

  /** See {@link Store#remove}. */
  CompletionStage<WriteResult<V>> removeAsync(K key, Condition condition, boolean wantPrevious);

  /** See {@link Store#expire}. */
  CompletionStage<Boolean> expireAsync(K key, long ttl);

  /** See {@link Store#getAll}. */
  CompletionStage<Map<K, V>> getAllAsync(Collection<? extends K> keys);

  /** See {@link Store#putAll}. */
  CompletionStage<Void> putAllAsync(Map<? extends K, ? extends V> entries, long ttlIfAbsent, long ttlIfPresent);

  /**
   * See {@link Store#removeAll}.
   *
   * @return how many of the entries existed
   */
  CompletionStage<Long> removeAllAsync(Collection<? extends K> keys);
}
