package dev.cairn.cache.store.dynamodb;

import dev.cairn.cache.store.CacheRegistry;
import dev.cairn.cache.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The caches of one prefix, shared by every JVM that uses the table: one item per cache in the partition
 * {@link KeySpace#caches}, holding its descriptor in {@code s}, created only if absent so that the first JVM's
 * descriptor wins. Unlike memcached's, these items are never evicted. Thread-safe; {@link #register} is one round
 * trip for a new cache and two for a known one, {@link #lookup} and {@link #unregister} one, {@link #names} one
 * {@code Query} per page.
 */
final class DynamoCacheRegistry implements CacheRegistry {

  private static final String DESCRIPTOR = "s";

  private final DynamoClient client;
  private final String prefix;

  DynamoCacheRegistry(DynamoClient client, String prefix) {
    this.client = client;
    this.prefix = prefix;
  }

  @Override
  public String register(String cacheName, String descriptor) {
    Map<String, AttributeValue> item = new HashMap<>(KeySpace.descriptor(prefix, cacheName));
    item.put(DESCRIPTOR, AttributeValue.fromS(descriptor));
    try {
      client.call(() -> client.sdk().putItem(b -> b.tableName(client.table()).item(item)
          .conditionExpression("attribute_not_exists(" + KeySpace.PARTITION + ")")));
      return descriptor;
    } catch (ConditionalCheckFailedException e) {
      String recorded = lookup(cacheName);
      // unregistered between the two calls: what this JVM wrote is as good as anything
      return recorded == null ? register(cacheName, descriptor) : recorded;
    }
  }

  @Override
  public @Nullable String lookup(String cacheName) {
    Map<String, AttributeValue> item = client.call(() -> client.sdk().getItem(b -> b.tableName(client.table())
        .key(KeySpace.descriptor(prefix, cacheName)).consistentRead(true))).item();
    if (item == null || item.isEmpty()) {
      return null;
    }
    AttributeValue descriptor = item.get(DESCRIPTOR);
    if (descriptor == null || descriptor.s() == null) {
      // not absent (register would retry forever), and no descriptor to give: an item Cairn did not write
      throw new StoreException(client.description() + ": the registry item of cache '" + cacheName + "' has no "
          + "string attribute " + DESCRIPTOR + ", so it was not written by Cairn; delete it or use another ?prefix=");
    }
    return descriptor.s();
  }

  @Override
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    for (Iterator<Map<String, AttributeValue>> items =
        client.query(KeySpace.caches(prefix), KeySpace.SORT, null, Map.of()); items.hasNext(); ) {
      names.add(new String(KeySpace.sortKey(items.next()), StandardCharsets.UTF_8));
    }
    return names;
  }

  @Override
  public void unregister(String cacheName) {
    client.call(() -> client.sdk().deleteItem(b -> b.tableName(client.table())
        .key(KeySpace.descriptor(prefix, cacheName))));
  }
}
