package dev.cairn.cache.store.memcached;

import dev.cairn.cache.store.CacheRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The caches of one key prefix, shared by every JVM that uses it: one item per cache holding its descriptor
 * ({@link KeySpace#descriptor}), created in add mode so that the first JVM's descriptor wins, and an appended list of
 * the names ever registered ({@link KeySpace#names}), filtered by which descriptors still exist.
 *
 * <p>Memcached may evict these items under memory pressure like any other; a cache whose descriptor was evicted is
 * no longer found by {@code getCache} in other JVMs until it is created again. Thread-safe; {@link #register} is
 * three round trips, {@link #lookup} and {@link #unregister} one, {@link #names} two.
 */
final class MemcachedCacheRegistry implements CacheRegistry {

  private final MetaClient client;
  private final String prefix;

  MemcachedCacheRegistry(MetaClient client, String prefix) {
    this.client = client;
    this.prefix = prefix;
  }

  @Override
  public String register(String cacheName, String descriptor) {
    if (client.set(KeySpace.descriptor(prefix, cacheName), bytes(descriptor), 0, 0, 'E', 0).equals("HD")) {
      AppendedRecords.append(client, KeySpace.names(prefix), bytes(cacheName));
    }
    String recorded = lookup(cacheName);
    // evicted or destroyed between the two calls: what this JVM wrote is as good as anything
    return recorded == null ? register(cacheName, descriptor) : recorded;
  }

  @Override
  public @Nullable String lookup(String cacheName) {
    MetaReply reply = client.get(KeySpace.descriptor(prefix, cacheName));
    return reply.is("VA") ? new String(reply.data(), StandardCharsets.UTF_8) : null;
  }

  @Override
  public Set<String> names() {
    MetaReply list = client.get(KeySpace.names(prefix));
    if (!list.is("VA")) {
      return Set.of();
    }
    List<String> candidates = new ArrayList<>(new LinkedHashSet<>(
        AppendedRecords.records(list.data()).stream().map(name -> new String(name, StandardCharsets.UTF_8)).toList()));
    MetaReply[] found =
        client.getMany(candidates.stream().map(name -> KeySpace.descriptor(prefix, name)).toList());
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (found[i] != null) {
        names.add(candidates.get(i));
      }
    }
    return names;
  }

  @Override
  public void unregister(String cacheName) {
    client.delete(KeySpace.descriptor(prefix, cacheName), 0);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
