package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreContractTest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract through Lettuce's cluster client, on a one-node Redis Cluster that owns every slot: the
 * cluster code paths (commands routed by slot, {@code MGET} and {@code UNLINK} split by slot, {@code SCAN} over the
 * masters) at the cost of one process.
 */
class RedisClusterStoreContractTest extends StoreContractTest {

  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static RedisServer server;

  @BeforeAll
  static void startCluster() throws InterruptedException {
    server = RedisServer.start(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"));
    try (RedisClient client = RedisClient.create(server.uri("").toString());
        StatefulRedisConnection<String, String> admin = client.connect()) {
      admin.sync().clusterAddSlots(IntStream.range(0, 16384).toArray());
      long deadline = System.currentTimeMillis() + 10_000;
      while (!admin.sync().clusterInfo().contains("cluster_state:ok")) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the one-node cluster did not become ready");
        }
        Thread.sleep(20);
      }
    }
  }

  @AfterAll
  static void stopCluster() {
    server.close();
  }

  @Override
  protected StoreBackend openBackend() {
    URI uri = URI.create("redis-cluster://127.0.0.1:" + server.port() + "?prefix=cluster"
        + PREFIXES.incrementAndGet());
    return new RedisStoreProvider().open(uri, new Properties(), getClass().getClassLoader());
  }
}
