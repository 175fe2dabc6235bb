package dev.cairn.cache.extensions;

import dev.cairn.cache.store.redis.RedisCluster;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The extensions' contract on a three-master Redis Cluster started for the test: counters, leases and scripts on
 * keys of any slot, pattern invalidation with {@code SCAN} over every master.
 */
class RedisClusterExtendedCacheTest extends ExtendedCacheContractTest {

  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static RedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Override
  protected CacheManager openManager() {
    return Caching.getCachingProvider().getCacheManager(cluster.uri("prefix=xc" + PREFIXES.incrementAndGet()),
        getClass().getClassLoader());
  }
}
