package dev.cairn.cache.store;

import java.util.concurrent.CompletionStage;

/**
 * An optional {@link Store} capability: the single-key steps without blocking the caller, for a store whose client
 * is asynchronous (Redis on Lettuce). Each method means what the {@link Store} method of the same name means; the
 * stage completes on the client's I/O thread, exceptionally with a {@link StoreException} when the store fails or
 * does not answer within its timeout.
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
}
