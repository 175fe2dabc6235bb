package dev.cairn.cache.store.redis;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.UnreadableEntries;
import dev.cairn.cache.store.ChangeFeed;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Snapshot;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.TrackingCapability;
import dev.cairn.cache.store.WriteResult;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A store in Redis: one string key per entry (see {@link KeyNamespace}), the value as the value codec's bytes, and
 * the entry's time to live as the key's own Redis expiry, so that the server's clock decides when entries die and
 * every JVM sharing the server sees the same entries.
 *
 * <p>Each single-key step is one round trip: a plain command where one does the job ({@code GET}, {@code GETEX},
 * {@code GETDEL}, {@code SET ... GET}, {@code SET NX}, {@code DEL}, {@code PEXPIRE}, {@code EXISTS}), otherwise one
 * {@link LuaScript}, which Redis runs atomically. {@link Condition.ValueEquals} compares encoded bytes, and
 * {@link Condition.Unchanged} the bytes {@link #read} found. Bulk steps
 * are one round trip too ({@code MGET}, {@code UNLINK}, a script for {@code putAll}; split by slot on a cluster).
 *
 * <p>Bytes that no longer decode (a class changed, another program wrote the key) read as a miss, with a warning:
 * a cache must not fail because of one bad entry. The store's clock is not used, and expiries are not reported to
 * the {@link dev.cairn.cache.store.StoreListener} but through the {@link #changeFeed()}; a size bound is Redis's own
 * {@code maxmemory} policy, not {@link StoreSettings#maxEntries()}. Values over the {@link ValueSizeLimit} are
 * refused before anything is sent.
 *
 * <p>Thread-safe: all state is on the server, and the connection is multiplexed.
 */
final class RedisStore<K, V> implements Store<K, V> {

  private final RedisConnection connection;
  private final KeyNamespace namespace;
  private final Codec<K> keyCodec;
  private final RedisAsyncSteps<K, V> steps;
  private final UnreadableEntries unreadable;
  private final RedisCapabilities<K> capabilities;
  private final RedisEvents events;
  private final RedisChangeFeed<K, V> changeFeed;
  private final RedisTracking tracking;

  RedisStore(RedisConnection connection, RedisEvents events, KeyNamespace namespace, StoreSettings<K, V> settings,
      ValueSizeLimit valueSizeLimit, RedisTracking tracking) {
    this.tracking = tracking;
    this.connection = connection;
    this.namespace = namespace;
    this.keyCodec = settings.keyCodec();
    this.unreadable = new UnreadableEntries(settings.cacheName(), "in Redis at " + connection.description());
    Codec<V> valueCodec = valueSizeLimit.around(settings.cacheName(), settings.valueCodec());
    this.steps = new RedisAsyncSteps<>(connection, namespace, settings.keyCodec(), valueCodec, unreadable);
    this.capabilities = new RedisCapabilities<>(connection, namespace, settings.keyCodec(), valueCodec, steps);
    this.events = events;
    this.changeFeed = new RedisChangeFeed<>(events, namespace, settings);
    events.add(changeFeed);
  }

  /**
   * The native fast paths of {@link RedisCapabilities}, those this store's codecs allow; and
   * {@link TrackingCapability}, Redis's client-side caching (see {@link RedisTracking}).
   */
  @Override
  public <T> @Nullable T capability(Class<T> type) {
    if (type == TrackingCapability.class) {
      return type.cast(new Tracked());
    }
    return capabilities.as(type);
  }

  /** What a near cache of this store needs: reads with their remaining time to live, and invalidations. */
  private final class Tracked implements TrackingCapability<K, V> {
    @Override
    public TimedValue<V> getTimed(K key) {
      CompletionStage<TimedValue<V>> read = steps.getTimedAsync(key);
      return connection.call(() -> read);
    }

    @Override
    public Map<K, TimedValue<V>> getAllTimed(Collection<? extends K> keys) {
      CompletionStage<Map<K, TimedValue<V>>> read = steps.getAllTimedAsync(keys);
      return connection.call(() -> read);
    }

    @Override
    public AutoCloseable track(Listener<K> listener) {
      return tracking.track(namespace, new RedisTracking.Receiver() {
        @Override
        public void invalidated(byte[] redisKey) {
          byte[] encoded = namespace.encodedKey(redisKey);
          K key = encoded == null ? null : decodeOrNull(encoded);
          if (key == null) {
            // a key this cache cannot read back: it cannot tell which copy to drop
            listener.invalidatedAll();
          } else {
            listener.invalidated(key);
          }
        }

        @Override
        public void invalidatedAll() {
          listener.invalidatedAll();
        }

        @Override
        public void lost() {
          listener.trackingLost();
        }

        @Override
        public void resumed() {
          listener.trackingResumed();
        }
      });
    }
  }

  /** Values and keys read from Redis that did not decode (each read as a miss, logged once per class). */
  @Override
  public long unreadableEntries() {
    return unreadable.count();
  }

  /** Changes shared with the other processes using this cache: see {@link RedisEvents}. */
  @Override
  public ChangeFeed<K, V> changeFeed() {
    return changeFeed;
  }

  /** {@code GET}; on a touch {@code GETEX PX}, {@code GETEX PERSIST}, or {@code GETDEL} for "expired now". */
  @Override
  public V get(K key, long touchTtl) {
    CompletionStage<V> read = steps.getAsync(key, touchTtl);
    return connection.call(() -> read);
  }

  /** {@code GET}, stamped with the bytes read. */
  @Override
  public Snapshot<V> read(K key) {
    CompletionStage<Snapshot<V>> read = steps.readAsync(key);
    return connection.call(() -> read);
  }

  /** {@code EXISTS}. */
  @Override
  public boolean containsKey(K key) {
    CompletionStage<Boolean> exists = steps.containsKeyAsync(key);
    return connection.call(() -> exists);
  }

  /** One command: see {@link WriteCommands#write}. */
  @Override
  public WriteResult<V> write(K key, V value, Condition condition, long ttlIfAbsent, long ttlIfPresent,
      boolean wantPrevious) {
    CompletionStage<WriteResult<V>> written =
        steps.writeAsync(key, value, condition, ttlIfAbsent, ttlIfPresent, wantPrevious);
    return connection.call(() -> written);
  }

  /** One command: see {@link WriteCommands#remove}. */
  @Override
  public WriteResult<V> remove(K key, Condition condition, boolean wantPrevious) {
    CompletionStage<WriteResult<V>> removed = steps.removeAsync(key, condition, wantPrevious);
    return connection.call(() -> removed);
  }

  /** One command: see {@link WriteCommands#expire}. */
  @Override
  public boolean expire(K key, long ttl) {
    CompletionStage<Boolean> expired = steps.expireAsync(key, ttl);
    return connection.call(() -> expired);
  }

  /** {@code SCAN}, lazily; see {@link ScannedKeys} for repeats and the bound on what an iteration remembers. */
  @Override
  public Iterator<K> keys() {
    return keys(ScannedKeys.REMEMBERED);
  }

  /** {@link #keys()}, remembering at most {@code remembered} keys to skip repeats. */
  ScannedKeys<K> keys(int remembered) {
    return new ScannedKeys<>(new KeyScan(connection, namespace), this::decodeKey, remembered);
  }

  /** {@code SCAN} and {@code UNLINK}, page by page: the entries, then the sets (see {@link RedisSets}). */
  @Override
  public void clear() {
    KeyScan.unlinkAll(connection, namespace);
    KeyScan.unlinkAll(connection, namespace.sets());
  }

  /** Stops this cache's events; the connection belongs to the manager's backend, and the data stays on the server. */
  @Override
  public void close() {
    events.remove(changeFeed);
  }

  /** One {@code MGET}; a cluster connection splits it by slot. */
  @Override
  public Map<K, V> getAll(Collection<? extends K> keys) {
    CompletionStage<Map<K, V>> found = steps.getAllAsync(keys);
    return connection.call(() -> found);
  }

  /** One script, or {@code MSET}, per batch: see {@link RedisAsyncSteps#putAllAsync}. */
  @Override
  public void putAll(Map<? extends K, ? extends V> entries, long ttlIfAbsent, long ttlIfPresent) {
    if (entries.isEmpty()) {
      return;
    }
    CompletionStage<Void> written = steps.putAllAsync(entries, ttlIfAbsent, ttlIfPresent);
    connection.call(() -> written);
  }

  /** One {@code UNLINK}; a cluster connection splits it by slot. */
  @Override
  public void removeAll(Collection<? extends K> keys) {
    CompletionStage<Long> removed = steps.removeAllAsync(keys);
    connection.call(() -> removed);
  }

  /** The key of {@code encoded}, or {@code null} when it does not decode; not counted as an unreadable entry. */
  private @Nullable K decodeOrNull(byte[] encoded) {
    try {
      return keyCodec.decode(encoded);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The key of a scanned Redis key; one that does not decode is skipped (see {@link UnreadableEntries}). */
  private @Nullable K decodeKey(byte[] redisKey) {
    byte[] encoded = namespace.encodedKey(redisKey);
    return encoded == null ? null : unreadable.decode(keyCodec, encoded);
  }
}
