package dev.cairn.cache.store.redis;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.Codecs;
import dev.cairn.cache.codec.SerializationRules;
import dev.cairn.cache.store.CacheRegistry;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreSettings;
import java.util.List;

/**
 * The Redis stores of one {@code CacheManager}: one {@link RedisConnection}, shared by all its caches, and the
 * key prefix that separates this manager's data from other applications on the same server.
 *
 * <p>Values come back from Redis as fresh objects, so the engine need not copy them, and store-by-reference is not
 * possible. Thread-safe.
 */
final class RedisBackend implements StoreBackend {

  private final RedisConnection connection;
  private final String prefix;
  private final RedisCacheRegistry registry;
  private final boolean json;
  private final RedisEvents events;
  private final ValueSizeLimit valueSizeLimit;
  private final RedisTracking tracking;

  RedisBackend(RedisConnection connection, String prefix, boolean json, ValueSizeLimit valueSizeLimit) {
    this.connection = connection;
    this.prefix = prefix;
    this.json = json;
    this.valueSizeLimit = valueSizeLimit;
    this.events = new RedisEvents(connection);
    this.registry = new RedisCacheRegistry(connection, prefix);
    this.tracking = new RedisTracking(connection);
  }

  /** The caches of this prefix, shared with every JVM that uses it. */
  @Override
  public CacheRegistry registry() {
    return registry;
  }

  @Override
  public <K, V> Store<K, V> open(StoreSettings<K, V> settings) {
    return new RedisStore<>(connection, events, new KeyNamespace(prefix, settings.cacheName(), settings.keyVersion()),
        settings, valueSizeLimit, tracking);
  }

  /** See {@link Codecs#forValues}: the URI's {@code codec}. */
  @Override
  public <T> Codec<T> valueCodec(Class<T> type, SerializationRules rules) {
    return Codecs.forValues(type, rules, json);
  }

  /** See {@link Codecs#forKeys(Class, SerializationRules, boolean)}. */
  @Override
  public <T> Codec<T> keyCodec(Class<T> type, SerializationRules rules) {
    return Codecs.forKeys(type, rules, json);
  }

  /** Unlinks every key of the cache, entries and sets, of every key version, with {@code SCAN} and {@code UNLINK}. */
  @Override
  public void destroy(String cacheName) {
    for (KeyNamespace namespace : List.of(new KeyNamespace(prefix, cacheName),
        new KeyNamespace(prefix, cacheName).sets())) {
      KeyScan.unlinkAll(connection, namespace);
      KeyScan.unlinkAll(connection, namespace.otherVersionsPattern());
    }
  }

  @Override
  public boolean copiesValues() {
    return true;
  }

  @Override
  public void close() {
    try {
      tracking.close();
      events.close();
    } finally {
      connection.close();
    }
  }
}
