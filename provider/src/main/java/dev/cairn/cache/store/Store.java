package dev.cairn.cache.store;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where one cache keeps its entries: the small SPI every store implements.
 *
 * <p>A store knows how to read, conditionally write, delete, iterate and expire entries, and nothing about
 * JCache: the engine above it calls the {@code ExpiryPolicy}, the loader and writer, the listeners and the
 * statistics. Keys and values are the engine's objects; a store that keeps bytes (Redis, disk) encodes them with
 * the codecs in its {@link StoreSettings}.
 *
 * <p>Each single-key method is one atomic step, and a remote store can do each in one round trip. Times to live
 * are relative durations in milliseconds (see {@link Ttl}), so that a remote store can let its server's clock
 * decide when an entry dies.
 *
 * <p>Implementations are thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Store<K, V> extends AutoCloseable {

  /**
   * Reads the live entry for {@code key}.
   *
   * @param touchTtl a new time to live applied on a hit in the same step, or {@link Ttl#UNCHANGED}
   * @return the value, or {@code null} if absent or expired
   */
  @Nullable V get(K key, long touchTtl);

  /**
   * Reads the live entry for a compare-and-set: the value with the stamp {@link Condition#unchangedSince} matches.
   * Not an access. A store that keeps bytes must override this to stamp with the bytes it read; one whose
   * {@link #get} returns the stored object itself may keep the default.
   */
  default Snapshot<V> read(K key) {
    return Snapshot.of(get(key, Ttl.UNCHANGED));
  }

  /** Whether a live entry exists for {@code key}; it is not an access. */
  boolean containsKey(K key);

  /**
   * Writes {@code value} if the entry's current state satisfies {@code condition}, as one atomic step.
   *
   * @param ttlIfAbsent the time to live if the write creates the entry; {@code 0} means the entry is not created
   *     (and the result says not applied)
   * @param ttlIfPresent the time to live if the write replaces a live entry; {@link Ttl#UNCHANGED} keeps it, and
   *     {@code 0} removes the entry (the result says applied)
   * @param wantPrevious whether the result must carry the previous value (a remote store may skip sending it)
   */
  WriteResult<V> write(K key, V value, Condition condition, long ttlIfAbsent, long ttlIfPresent,
      boolean wantPrevious);

  /** Deletes the entry if its current state satisfies {@code condition}, as one atomic step. */
  WriteResult<V> remove(K key, Condition condition, boolean wantPrevious);

  /**
   * Sets a new time to live on a live entry; {@code 0} removes it, {@link Ttl#ETERNAL} removes its expiry.
   *
   * @return whether the entry existed
   */
  boolean expire(K key, long ttl);

  /** The keys of live entries, weakly consistent: concurrent changes may or may not be seen. */
  Iterator<K> keys();

  /** Removes every entry of this cache, and only this cache's entries. */
  void clear();

  /** Releases what this store holds; the data stays (see {@link StoreBackend#destroy}). */
  @Override
  void close();

  /**
   * Reads many entries; stores that can do it in one round trip override this.
   *
   * @return the live entries found, in the iteration order of {@code keys}
   */
  default Map<K, V> getAll(Collection<? extends K> keys) {
    Map<K, V> found = new LinkedHashMap<>();
    for (K key : keys) {
      V value = get(key, Ttl.UNCHANGED);
      if (value != null) {
        found.put(key, value);
      }
    }
    return found;
  }

  /**
   * Writes many entries unconditionally with one time to live for new and one for replaced entries; stores that
   * can do it in one round trip override this.
   */
  default void putAll(Map<? extends K, ? extends V> entries, long ttlIfAbsent, long ttlIfPresent) {
    entries.forEach((key, value) -> write(key, value, Condition.ANY, ttlIfAbsent, ttlIfPresent, false));
  }

  /**
   * An optional capability of this store, such as {@link CounterCapability} or {@link TtlCapability}: native fast
   * paths the extensions use when a store offers them, and replace with generic code built on the methods above
   * when it does not.
   *
   * @return the capability, or {@code null} when this store does not offer it
   */
  default <T> @Nullable T capability(Class<T> type) {
    return type.isInstance(this) ? type.cast(this) : null;
  }

  /**
   * How many stored entries this store found it could not read back, and so treated as absent: bytes that no longer
   * decode (a class changed, another program wrote the key), or records damaged on disk. Cumulative since the store
   * was opened; {@code 0} for a store that keeps objects.
   */
  default long unreadableEntries() {
    return 0;
  }

  /**
   * The feed of changes shared with other processes, for a store that several processes share; {@code null} (the
   * default) for a store private to this one.
   */
  default @Nullable ChangeFeed<K, V> changeFeed() {
    return null;
  }

  /** Deletes many entries unconditionally; stores that can do it in one round trip override this. */
  default void removeAll(Collection<? extends K> keys) {
    for (K key : keys) {
      remove(key, Condition.ANY, false);
    }
  }
}
