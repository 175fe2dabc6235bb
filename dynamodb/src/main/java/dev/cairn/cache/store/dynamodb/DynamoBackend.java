package dev.cairn.cache.store.dynamodb;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.Codecs;
import dev.cairn.cache.codec.SerializationRules;
import dev.cairn.cache.store.CacheRegistry;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreSettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB stores of one {@code CacheManager}: one {@link DynamoClient} shared by all its caches, and the prefix
 * that separates this manager's data from other applications in the same table.
 *
 * <p>Values come back as fresh objects, so the engine need not copy them, and store-by-reference is not possible.
 * Thread-safe.
 */
final class DynamoBackend implements StoreBackend {

  private static final String VERSIONS = "vs";

  private final DynamoClient client;
  private final String prefix;
  private final boolean json;
  private final DynamoCacheRegistry registry;

  DynamoBackend(DynamoClient client, String prefix, boolean json) {
    this.client = client;
    this.prefix = prefix;
    this.json = json;
    this.registry = new DynamoCacheRegistry(client, prefix);
  }

  /** The caches of this prefix, shared with every JVM that uses the table. */
  @Override
  public CacheRegistry registry() {
    return registry;
  }

  /**
   * Records the key version (for {@link #destroy}, one {@code UpdateItem ADD} to a number set) unless it is the
   * default one, which destroy always clears.
   */
  @Override
  public <K, V> Store<K, V> open(StoreSettings<K, V> settings) {
    if (settings.keyVersion() != StoreSettings.DEFAULT_KEY_VERSION) {
      client.call(() -> client.sdk().updateItem(b -> b.tableName(client.table())
          .key(KeySpace.versions(prefix, settings.cacheName())).updateExpression("ADD " + VERSIONS + " :version")
          .expressionAttributeValues(Map.of(":version", AttributeValue.fromNs(
              List.of(Long.toString(settings.keyVersion())))))));
    }
    return new DynamoStore<>(client, new KeySpace(prefix, settings.cacheName(), settings.keyVersion()), settings);
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

  /** Deletes the entries, sets and leases of every key version of the cache, then forgets the versions. */
  @Override
  public void destroy(String cacheName) {
    Set<Long> versions = new LinkedHashSet<>();
    versions.add(StoreSettings.DEFAULT_KEY_VERSION);
    Map<String, AttributeValue> recorded = client.call(() -> client.sdk().getItem(b -> b.tableName(client.table())
        .key(KeySpace.versions(prefix, cacheName)).consistentRead(true))).item();
    if (recorded != null && recorded.containsKey(VERSIONS)) {
      recorded.get(VERSIONS).ns().forEach(version -> versions.add(Long.parseLong(version)));
    }
    for (long version : versions) {
      KeySpace space = new KeySpace(prefix, cacheName, version);
      space.buckets().forEach(client::deletePartition);
      client.deletePartition(space.leases());
      client.deletePartition(space.sets());
    }
    client.call(() -> client.sdk().deleteItem(b -> b.tableName(client.table())
        .key(KeySpace.versions(prefix, cacheName))));
  }

  /** The circuit breaker's probe: see {@link DynamoClient#ping}. */
  long ping() {
    return client.ping(prefix + ":%ping");
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
