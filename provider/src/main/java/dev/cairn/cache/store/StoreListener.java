package dev.cairn.cache.store;

import org.jspecify.annotations.Nullable;

/**
 * Told about entries a store drops on its own: expired by time, or evicted to honour a size bound.
 *
 * <p>Calls may come from any thread, possibly while the store holds a lock on the entry: implementations must
 * return quickly and must not call back into the store. For remote stores calls may be missing (an expiry the
 * server did not report).
 * The engine turns them into EXPIRED events and eviction statistics. A store reports an expiry it finds during a
 * call on that call's thread, before the call returns: the engine then publishes it before the cache operation
 * returns, as JCache wants for synchronous listeners (see {@code ExpiredEntries}); reports from other threads are
 * published later, in order.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface StoreListener<K, V> {

  /** Ignores everything. */
  @SuppressWarnings("rawtypes")
  StoreListener NONE = new StoreListener() { };

  /** Returns {@link #NONE}, typed. */
  @SuppressWarnings("unchecked")
  static <K, V> StoreListener<K, V> none() {
    return NONE;
  }

  /** An entry reached its time to live; {@code value} may be {@code null} if the store no longer has it. */
  default void onExpired(K key, @Nullable V value) {
  }

  /**
   * An entry was evicted to keep the store within its bound; {@code key} or {@code value} is {@code null} if the
   * store could not decode it (the eviction happened all the same).
   */
  default void onEvicted(@Nullable K key, @Nullable V value) {
  }
}
