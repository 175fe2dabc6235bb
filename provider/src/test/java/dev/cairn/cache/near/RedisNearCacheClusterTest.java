package dev.cairn.cache.near;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.store.redis.RedisCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The near cache on a three-master Redis Cluster: tracking is on at every master, so a raw client's write on any of
 * them invalidates; a failover (a master killed, its replica promoted) and a new master leave no stale local copy,
 * and tracking comes back on the new masters; reads racing writes leave no value older than the last write.
 */
class RedisNearCacheClusterTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final int SLOTS = 16_384;

  /** A key of cache {@code c} (prefix {@code nc}) whose slot is served by master {@code index} of three. */
  private static String keyOnMaster(int index, int masters) {
    for (int i = 0; ; i++) {
      int slot = SlotHash.getSlot("nc:c:k" + i);
      if (slot >= SLOTS * index / masters && slot < SLOTS * (index + 1) / masters) {
        return "k" + i;
      }
    }
  }

  private static Cache<String, String> nearCache(CairnCachingProvider provider, RedisCluster cluster,
      String query) {
    return provider.getCacheManager(cluster.uri("prefix=nc&near=1000" + query), null)
        .createCache("c", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  /** A plain cluster client to the live nodes, as another application would write. */
  /**
   * The test's own client, which must find the new master after a failover by itself: it refreshes its view of the
   * slots often, and on each redirect or failed reconnect (a live node may still name the dead master at first).
   */
  private static StatefulRedisClusterConnection<String, String> raw(RedisClusterClient client) {
    client.setOptions(ClusterClientOptions.builder()
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(Duration.ofMillis(200))
            .enableAllAdaptiveRefreshTriggers()
            .adaptiveRefreshTriggersTimeout(Duration.ofMillis(100))
            .build())
        .build());
    return client.connect();
  }

  /** Reads until the cache no longer answers {@code stale} (a failing read counts as stale); how long it took. */
  private static long untilNot(Cache<String, String> cache, String key, String stale) {
    long start = System.nanoTime();
    while (true) {
      String value;
      try {
        value = cache.get(key);
      } catch (CacheException failingOver) {
        value = stale;
      }
      if (!Objects.equals(value, stale)) {
        return System.nanoTime() - start;
      }
      assertThat(System.nanoTime() - start).as("the near cache still serves %s for %s", stale, key)
          .isLessThan(PATIENCE.toNanos());
      Thread.onSpinWait();
    }
  }

  /** Reads until the local tier answers {@code key}: tracking is on at every master. */
  private static void untilServedLocally(Cache<String, String> cache, String key) throws InterruptedException {
    CairnCache<?, ?> cairn = cache.unwrap(CairnCache.class);
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      long hits = cairn.statistics().getNearCacheHits();
      try {
        cache.get(key);
        cache.get(key);
      } catch (CacheException failingOver) {
        // not yet
      }
      if (cairn.statistics().getNearCacheHits() > hits) {
        return;
      }
      assertThat(System.nanoTime()).as("the near cache serves %s again", key).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Once {@code key} is served locally, a raw write of {@code fresh} stops {@code old} being served. */
  private static void assertARawWriteInvalidates(Cache<String, String> near,
      StatefulRedisClusterConnection<String, String> raw, String key, String old, String fresh)
      throws InterruptedException {
    untilServedLocally(near, key);
    raw.sync().set("nc:c:" + key, fresh);
    untilNot(near, key, old);
    assertThat(near.get(key)).as("after a raw write of %s", key).isEqualTo(fresh);
  }

  /** Retries {@code write} while the cluster fails over. */
  private static void eventually(Supplier<String> write) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try {
        assertThat(write.get()).isEqualTo("OK");
        return;
      } catch (RuntimeException failingOver) {
        assertThat(System.nanoTime()).as("the write succeeds: %s", failingOver.getMessage()).isLessThan(deadline);
        Thread.sleep(50);
      }
    }
  }

  @Test
  void aRawWriteOnEachMasterInvalidates() throws InterruptedException {
    try (RedisCluster cluster = RedisCluster.start();
        CairnCachingProvider provider = new CairnCachingProvider()) {
      Cache<String, String> near = nearCache(provider, cluster, "");
      RedisClusterClient client = RedisClusterClient.create(cluster.liveNodes());
      try (StatefulRedisClusterConnection<String, String> raw = raw(client)) {
        for (int master = 0; master < 3; master++) {
          String key = keyOnMaster(master, 3);
          near.put(key, "v1");
          assertARawWriteInvalidates(near, raw, key, "v1", "v2");
        }
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void aFailoverLeavesNoStaleLocalCopyAndTrackingComesBackOnThePromotedReplica() throws Exception {
    try (RedisCluster cluster = RedisCluster.start(1_000);
        CairnCachingProvider provider = new CairnCachingProvider()) {
      cluster.addReplicaOf(0);
      Cache<String, String> near = nearCache(provider, cluster, "&timeout=500ms&connectTimeout=500ms");
      String key = keyOnMaster(0, 3);
      String elsewhere = keyOnMaster(1, 3);
      near.put(key, "v1");
      near.put(elsewhere, "w1");
      untilServedLocally(near, key);
      untilServedLocally(near, elsewhere);

      cluster.killMaster(0);
      cluster.awaitPromotionOf(0, PATIENCE.toMillis());
      RedisClusterClient client = RedisClusterClient.create(cluster.liveNodes());
      try (StatefulRedisClusterConnection<String, String> raw = raw(client)) {
        eventually(() -> raw.sync().set("nc:c:" + key, "v2"));
        untilNot(near, key, "v1");
        assertThat(near.get(key)).as("the promoted master's value, never the old local copy").isEqualTo("v2");

        // tracking is on at the promoted master: its changes invalidate again
        assertARawWriteInvalidates(near, raw, key, "v2", "v3");
        // and still on at the masters that stayed
        assertARawWriteInvalidates(near, raw, elsewhere, "w1", "w2");
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void aNewMasterTakingSlotsIsTrackedToo() throws Exception {
    try (RedisCluster cluster = RedisCluster.start();
        CairnCachingProvider provider = new CairnCachingProvider()) {
      Cache<String, String> near = nearCache(provider, cluster, "");
      String key = keyOnMaster(1, 3);
      String before = keyOnMaster(0, 3);
      near.put(before, "b1");
      untilServedLocally(near, before);
      near.get(key);
      cluster.addMasterTakingSlotsOf(1);
      RedisClusterClient client = RedisClusterClient.create(cluster.liveNodes());
      try (StatefulRedisClusterConnection<String, String> raw = raw(client)) {
        eventually(() -> raw.sync().set("nc:c:" + key, "v1"));
        untilNot(near, key, null);
        assertThat(near.get(key)).isEqualTo("v1");
        assertARawWriteInvalidates(near, raw, key, "v1", "v2");
        // the master whose slots did not move is still tracked
        assertARawWriteInvalidates(near, raw, before, "b1", "b2");
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void readsRacingWritesOnEveryMasterLeaveNoValueOlderThanTheLastWrite() throws Exception {
    try (RedisCluster cluster = RedisCluster.start();
        CairnCachingProvider provider = new CairnCachingProvider();
        CairnCachingProvider otherProvider = new CairnCachingProvider()) {
      Cache<String, String> near = nearCache(provider, cluster, "");
      Cache<String, String> other = otherProvider.getCacheManager(cluster.uri("prefix=nc"), null)
          .getCache("c", String.class, String.class);
      List<String> keys = List.of(keyOnMaster(0, 3), keyOnMaster(1, 3), keyOnMaster(2, 3));
      for (String key : keys) {
        near.put(key, "0");
        untilServedLocally(near, key);
      }
      AtomicBoolean writing = new AtomicBoolean(true);
      Set<Throwable> failures = ConcurrentHashMap.newKeySet();
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        Thread reader = new Thread(() -> {
          try {
            while (writing.get()) {
              keys.forEach(near::get);
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        });
        reader.start();
        readers.add(reader);
      }
      int last = 1_500;
      for (int i = 1; i <= last; i++) {
        String key = keys.get(i % 3);
        if (i % 2 == 0) {
          other.put(key, String.valueOf(i));
        } else {
          near.put(key, String.valueOf(i));
          assertThat(Integer.parseInt(near.get(key))).as("this manager's own write").isGreaterThanOrEqualTo(i);
        }
      }
      writing.set(false);
      for (Thread reader : readers) {
        reader.join();
      }
      assertThat(failures).isEmpty();
      for (int k = 0; k < 3; k++) {
        String key = keys.get(k);
        int written = last - ((last - k) % 3 + 3) % 3;
        untilNot(near, key, String.valueOf(written - 3));
        for (int i = 0; i < 300; i++) {
          assertThat(near.get(key)).as(key).isEqualTo(String.valueOf(written));
        }
      }
    }
  }
}
