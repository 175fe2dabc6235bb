package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.CairnCachingProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The near cache through a partition: while this JVM cannot hear Redis, another client changes a key it holds a
 * local copy of. The invalidation is lost with the traffic, so the local tier must be emptied when the circuit
 * opens (and the connection is lost), and the first read after healing must find the other client's value.
 */
class RedisNearCacheFaultTest {

  @Test
  void aPartitionedJvmServesNoStaleLocalCopyAfterHealing() throws Exception {
    try (RedisServer server = RedisServer.start(); TcpProxy proxy = TcpProxy.to(server.port());
        CairnCachingProvider provider = new CairnCachingProvider()) {
      Cache<String, String> cache = provider.getCacheManager(
          proxy.redisUri("near=100&failOpen=true&timeout=200ms&connectTimeout=200ms&prefix=nf"), null)
          .createCache("c", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      CairnCache<?, ?> cairn = cache.unwrap(CairnCache.class);
      cache.put("k", "v1");
      // the tier serves once Redis has confirmed tracking, which the manager asks for as it opens
      long served = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (cairn.statistics().getNearCacheHits() == 0 && System.nanoTime() < served) {
        assertThat(cache.get("k")).isEqualTo("v1");
        Thread.sleep(10);
      }
      assertThat(cairn.statistics().getNearCacheHits()).as("served from the heap").isPositive();

      proxy.drop();
      RedisClient client = RedisClient.create(server.uri("").toString());
      try (StatefulRedisConnection<String, String> raw = client.connect()) {
        raw.sync().set("nf:c:k", "v2");
      } finally {
        client.shutdown();
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!"OPEN".equals(cairn.statistics().getCircuitState()) && System.nanoTime() < deadline) {
        cache.get("other");
      }
      assertThat(cairn.statistics().getCircuitState()).isEqualTo("OPEN");
      assertThat(cairn.statistics().getNearCacheSize()).as("the local tier emptied when the circuit opened")
          .isZero();
      assertThat(cache.get("k")).as("fail-open: a miss while partitioned").isNull();

      proxy.pass();
      proxy.resetAll();
      String seen = null;
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (seen == null && System.nanoTime() < deadline) {
        seen = cache.get("k");
        Thread.sleep(20);
      }
      assertThat(seen).as("after healing, the other client's value, never the old local copy").isEqualTo("v2");
      assertThat(cache.get("k")).isEqualTo("v2");
    }
  }

  /**
   * The invalidation path fails silently: the connection stays open but delivers nothing, and this JVM only reads
   * a key it holds, so no command fails and the circuit stays closed. Only the health check ({@code CLIENT
   * TRACKINGINFO} every second, which must answer within the command timeout) can tell: it must empty the tier and
   * stop it serving, so that the other client's change is not hidden by the old local copy.
   */
  @Test
  void aTrackingConnectionThatStopsDeliveringIsNoticedWhileTheCacheIsOnlyRead() throws Exception {
    try (RedisServer server = RedisServer.start(); TcpProxy proxy = TcpProxy.to(server.port());
        CairnCachingProvider provider = new CairnCachingProvider()) {
      Cache<String, String> cache = provider.getCacheManager(
          proxy.redisUri("near=100&failOpen=true&timeout=300ms&connectTimeout=300ms&prefix=nh"), null)
          .createCache("c", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      CairnCache<?, ?> cairn = cache.unwrap(CairnCache.class);
      cache.put("k", "v1");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (cairn.statistics().getNearCacheHits() == 0 && System.nanoTime() < deadline) {
        assertThat(cache.get("k")).isEqualTo("v1");
      }
      assertThat(cairn.statistics().getNearCacheHits()).as("served from the heap").isPositive();

      proxy.drop();
      RedisClient client = RedisClient.create(server.uri("").toString());
      try (StatefulRedisConnection<String, String> raw = client.connect()) {
        raw.sync().set("nh:c:k", "v2");
      } finally {
        client.shutdown();
      }
      long start = System.nanoTime();
      deadline = start + TimeUnit.SECONDS.toNanos(10);
      String seen = "v1";
      while ("v1".equals(seen) && System.nanoTime() < deadline) {
        seen = cache.get("k");
      }
      long noticed = System.nanoTime() - start;
      assertThat(seen).as("the old local copy is no longer served").isNotEqualTo("v1");
      System.out.printf("a silent tracking connection was noticed after %.0f ms%n", noticed / 1e6);

      proxy.pass();
      proxy.resetAll();
      seen = null;
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!"v2".equals(seen) && System.nanoTime() < deadline) {
        seen = cache.get("k");
        Thread.sleep(20);
      }
      assertThat(seen).as("after healing, the other client's value").isEqualTo("v2");
    }
  }
}
