package dev.cairn.cache.extensions;

import dev.cairn.cache.store.redis.RedisClusterExtension;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extensions' contract on a three-master Redis Cluster started for the test: counters, leases and scripts on
 * keys of any slot, pattern invalidation with {@code SCAN} over every master.
 */
class RedisClusterExtendedCacheTest extends ExtendedCacheContractTest {

  private static final AtomicInteger PREFIXES = new AtomicInteger();

  @RegisterExtension
  static final RedisClusterExtension cluster = new RedisClusterExtension();

  @Override
  protected CacheManager openManager() {
    return Caching.getCachingProvider().getCacheManager(cluster.uri("prefix=xc" + PREFIXES.incrementAndGet()),
        getClass().getClassLoader());
  }
}
