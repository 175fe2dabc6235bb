package dev.cairn.cache.store.memcached;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.Codecs;
import dev.cairn.cache.codec.SerializationRules;
import dev.cairn.cache.store.CacheRegistry;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreSettings;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The memcached stores of one {@code CacheManager}: one {@link MetaClient} (the servers and their connection pools)
 * shared by all its caches, and the key prefix that separates this manager's data from other applications.
 *
 * <p>Values come back as fresh objects, so the engine need not copy them, and store-by-reference is not possible.
 * Thread-safe.
 */
final class MemcachedBackend implements StoreBackend {

  private final MetaClient client;
  private final String prefix;
  private final boolean json;
  private final MemcachedCacheRegistry registry;

  MemcachedBackend(MetaClient client, String prefix, boolean json) {
    this.client = client;
    this.prefix = prefix;
    this.json = json;
    this.registry = new MemcachedCacheRegistry(client, prefix);
  }

  /** The caches of this prefix, shared with every JVM that uses it. */
  @Override
  public CacheRegistry registry() {
    return registry;
  }

  /** Records the key version (for {@link #destroy}) unless it is the default one, which destroy always clears. */
  @Override
  public <K, V> Store<K, V> open(StoreSettings<K, V> settings) {
    if (settings.keyVersion() != StoreSettings.DEFAULT_KEY_VERSION) {
      AppendedRecords.append(client, KeySpace.versions(prefix, settings.cacheName()),
          ByteBuffer.allocate(Long.BYTES).putLong(settings.keyVersion()).array());
    }
    return new MemcachedStore<>(client, new KeySpace(prefix, settings.cacheName(), settings.keyVersion()), settings);
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

  /** Clears every key version of the cache (entries and sets) through its key indexes, then forgets the versions. */
  @Override
  public void destroy(String cacheName) {
    Set<Long> versions = new LinkedHashSet<>();
    versions.add(StoreSettings.DEFAULT_KEY_VERSION);
    byte[] versionsItem = KeySpace.versions(prefix, cacheName);
    MetaReply recorded = client.get(versionsItem);
    if (recorded.is("VA")) {
      AppendedRecords.records(recorded.data()).forEach(version -> versions.add(ByteBuffer.wrap(version).getLong()));
    }
    for (long version : versions) {
      KeySpace space = new KeySpace(prefix, cacheName, version);
      KeyIndex.entries(client, space).clear();
      KeyIndex.sets(client, space).clear();
    }
    client.delete(versionsItem, 0);
  }

  @Override
  public boolean copiesValues() {
    return true;
  }

  @Override
  public void close() {
    client.close();
  }
}
