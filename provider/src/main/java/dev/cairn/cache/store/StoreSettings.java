package dev.cairn.cache.store;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.expiry.Clock;
import java.util.Objects;

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
    int keyVersion) {

  /** The default key version, the plain key space. */
  public static final int DEFAULT_KEY_VERSION = 1;

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
    if (keyVersion < 1) {
      throw new IllegalArgumentException("keyVersion must be at least 1: " + keyVersion);
    }
  }

  /** The same settings for another key version of the same cache. */
  public StoreSettings<K, V> withKeyVersion(int version) {
    return new StoreSettings<>(cacheName, keyCodec, valueCodec, maxEntries, clock, listener, entriesExpire, version);
  }
}
