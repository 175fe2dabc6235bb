package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreProvider;
import java.net.URI;
import java.util.Properties;
import java.util.Set;

/**
 * The Redis schemes: {@code redis://}, {@code rediss://} (TLS), {@code redis-sentinel://} and
 * {@code redis-cluster://}, with the parameters {@link RedisLocation} lists. Entries live on the server, shared by
 * every manager and JVM with the same URI and prefix, and outlive the manager; {@code destroyCache} deletes them.
 * Needs Redis 6.2 or later ({@code GETEX}, {@code GETDEL}, {@code SET ... GET}).
 */
public final class RedisStoreProvider implements StoreProvider {

  @Override
  public Set<String> schemes() {
    return RedisLocation.SCHEMES;
  }

  /** Connects at once, so that a wrong address fails when the manager is created rather than on first use. */
  @Override
  public StoreBackend open(URI uri, Properties properties, ClassLoader classLoader) {
    RedisLocation location = RedisLocation.parse(uri);
    return new RedisBackend(RedisConnection.open(location), location.prefix(), location.json(),
        new ValueSizeLimit(location.maxValueSize()));
  }
}
