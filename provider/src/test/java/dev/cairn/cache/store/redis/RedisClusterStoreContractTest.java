package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreContractTest;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract through Lettuce's cluster client, on a three-master Redis Cluster started for the test: the
 * cluster code paths (commands routed by slot, {@code MGET} and {@code UNLINK} split by slot, {@code SCAN} over the
 * masters).
 */
class RedisClusterStoreContractTest extends StoreContractTest {

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
  protected StoreBackend openBackend() {
    URI uri = cluster.uri("prefix=cluster" + PREFIXES.incrementAndGet());
    return new RedisStoreProvider().open(uri, new Properties(), getClass().getClassLoader());
  }
}
