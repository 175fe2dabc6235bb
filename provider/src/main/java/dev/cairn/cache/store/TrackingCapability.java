package dev.cairn.cache.store;

import java.util.Collection;
import java.util.Map;

/**
 * An optional {@link Store} capability of a remote store whose server tells its clients which keys changed
 * (Redis's client-side caching, {@code CLIENT TRACKING}): what a near cache needs to keep a local copy of entries
 * coherent with the server.
 *
 * <p>Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface TrackingCapability<K, V> {

  /**
   * A value as one read found it, with how long it had left to live then.
   *
   * @param value the decoded value, never {@code null}
   * @param encoded the bytes the value was decoded from (a copy can be decoded from them again)
   * @param remainingTtl positive milliseconds, {@link Ttl#ETERNAL}, or {@code 0} when it could not be read (the
   *     value is then not kept)
   * @param <V> value type
   */
  record TimedValue<V>(V value, byte[] encoded, long remainingTtl) {
  }

  /**
   * Reads the live entry and its remaining time to live in one round trip. Not an access: no expiry changes.
   *
   * @return the entry, or {@code null} if absent, expired or unreadable
   */
  TimedValue<V> getTimed(K key);

  /**
   * Reads many live entries and their remaining times to live, in one round trip where the server allows. Not an
   * access, and not atomic: an entry that changes meanwhile is told as an invalidation anyway.
   *
   * @return the live, readable entries found
   */
  Map<K, TimedValue<V>> getAllTimed(Collection<? extends K> keys);

  /**
   * Starts telling {@code listener} about this store's keys that change on the server, by anyone: this process,
   * other processes, scripts, expiry or eviction inside the server.
   *
   * <p>The listener hears {@link Listener#trackingLost()} whenever the store can no longer be sure to tell every
   * change (a disconnection), and {@link Listener#trackingResumed()} once it can again; it is resumed at once if
   * tracking is on when this is called. Calls come on the store client's I/O threads: they must be quick and must
   * not call the store.
   *
   * @return stops telling the listener
   */
  AutoCloseable track(Listener<K> listener);

  /**
   * Told about changes on the server.
   *
   * @param <K> key type
   */
  interface Listener<K> {

    /** The entry for {@code key} may have changed or gone. */
    void invalidated(K key);

    /** Any entry may have changed or gone ({@code FLUSHDB}, a key that does not decode). */
    void invalidatedAll();

    /** Changes may go untold from now on, until {@link #trackingResumed()}. */
    void trackingLost();

    /** Every change from now on will be told. */
    void trackingResumed();
  }
}
