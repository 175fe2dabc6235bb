package dev.cairn.cache.store;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.config.NearCacheSettings;
import dev.cairn.cache.expiry.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link StoreBackend} needs to open one cache's {@link Store}.
 *
 * @param cacheName the cache's name, unique within its manager
 * @param keyCodec encodes keys, for stores that keep bytes
 * @param valueCodec encodes values, for stores that keep bytes
 * @param maxEntries a bound on the number of entries, or {@code 0} for none; a store that cannot bound ignores it
 * @param clock the time source for stores that expire entries themselves
 * @param listener told about entries the store drops on its own
 * @param entriesExpire whether entries of this cache usually carry a time to live (its expiry policy is not
 *     eternal); a store may then keep expiry bookkeeping, and otherwise skip it, but it must honour any time to
 *     live it is given either way
 * @param keyVersion the key version this store holds (see {@code CairnConfiguration#setKeyVersion}); entries of
 *     different versions of one cache must never see each other. Version {@code 0}, the default, is the plain key
 *     space; other versions are kept apart as the store sees fit (Redis: {@code %v<version>} after the cache name
 *     segment; disk: a table of their own)
 * @param maxBytes a bound on the bytes the entries take in the store, or {@code 0} for none; a store that cannot
 *     bound by size ignores it (the disk store bounds the bytes of its live records)
 * @param near the cache's near cache, or {@code null} when the cache says nothing and the backend's default (a
 *     Redis URI's {@code near}) applies; only remote stores with a near cache read it
 * @param <K> key type
 * @param <V> value type
 */
public record StoreSettings<K, V>(
    String cacheName,
    Codec<K> keyCodec,
    Codec<V> valueCodec,
    long maxEntries,
    Clock clock,
    StoreListener<K, V> listener,
    boolean entriesExpire,
    long keyVersion,
    long maxBytes,
    @Nullable NearCacheSettings near) {

  /** The default key version, the plain key space. */
  public static final long DEFAULT_KEY_VERSION = 0;

  /** Settings that leave the near cache to the backend. */
  public StoreSettings(String cacheName, Codec<K> keyCodec, Codec<V> valueCodec, long maxEntries, Clock clock,
      StoreListener<K, V> listener, boolean entriesExpire, long keyVersion, long maxBytes) {
    this(cacheName, keyCodec, valueCodec, maxEntries, clock, listener, entriesExpire, keyVersion, maxBytes, null);
  }

  /** Settings without a byte bound. */
  public StoreSettings(String cacheName, Codec<K> keyCodec, Codec<V> valueCodec, long maxEntries, Clock clock,
      StoreListener<K, V> listener, boolean entriesExpire, long keyVersion) {
    this(cacheName, keyCodec, valueCodec, maxEntries, clock, listener, entriesExpire, keyVersion, 0);
  }

  /** Settings for the default key version. */
  public StoreSettings(String cacheName, Codec<K> keyCodec, Codec<V> valueCodec, long maxEntries, Clock clock,
      StoreListener<K, V> listener, boolean entriesExpire) {
    this(cacheName, keyCodec, valueCodec, maxEntries, clock, listener, entriesExpire, DEFAULT_KEY_VERSION);
  }

  public StoreSettings {
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(keyCodec, "keyCodec");
    Objects.requireNonNull(valueCodec, "valueCodec");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(listener, "listener");
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must not be negative: " + maxEntries);
    }
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
    }
    if (keyVersion < 0) {
      throw new IllegalArgumentException("keyVersion must not be negative: " + keyVersion);
    }
  }

  /** The same settings for another key version of the same cache. */
  public StoreSettings<K, V> withKeyVersion(long version) {
    return new StoreSettings<>(cacheName, keyCodec, valueCodec, maxEntries, clock, listener, entriesExpire, version,
        maxBytes, near);
  }
}
