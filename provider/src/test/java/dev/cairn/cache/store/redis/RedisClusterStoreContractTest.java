package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreContractTest;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract through Lettuce's cluster client, on a three-master Redis Cluster started for the test: the
 * cluster code paths (commands routed by slot, {@code MGET} and {@code UNLINK} split by slot, {@code SCAN} over the
 * masters).
 */
class RedisClusterStoreContractTest extends StoreContractTest {

  private static final AtomicInteger PREFIXES = new AtomicInteger();
  @RegisterExtension
  static final RedisClusterExtension cluster = new RedisClusterExtension();

  @Override
  protected StoreBackend openBackend() {
    URI uri = cluster.uri("prefix=cluster" + PREFIXES.incrementAndGet());
    return new RedisStoreProvider().open(uri, new Properties(), getClass().getClassLoader());
  }
}
