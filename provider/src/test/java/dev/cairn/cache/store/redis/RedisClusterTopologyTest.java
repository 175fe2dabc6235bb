package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** EXPIRED listeners on a cluster that grows: a master that joins later reports its expiries too. */
class RedisClusterTopologyTest {

  private final RedisCluster cluster = RedisCluster.start();
  private final CairnCachingProvider provider = new CairnCachingProvider();

  @AfterEach
  void close() {
    provider.close();
    cluster.close();
    RecordingListener.RECEIVED.clear();
  }

  @Test
  void expiriesOnAMasterThatJoinedLaterReachExpiredListeners() throws Exception {
    Cache<String, String> cache = provider.getCacheManager(cluster.uri("prefix=" + prefixOffMaster0()),
            getClass().getClassLoader())
        .createCache("c", new MutableConfiguration<String, String>().setTypes(String.class, String.class)
            .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 100))));
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(RecordingListener.class), null, false, false));
    cache.put("first", "v");
    assertThat(expiredKeys(5_000, 1)).containsExactly("first");

    cluster.addMasterTakingSlotsOf(0);

    // thirty keys land on every master, the new one included (a third of the slots); keep writing those not yet
    // heard of until the manager has noticed the new master, which it does within about ten seconds
    Set<String> unheard = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      unheard.add("k" + i);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!unheard.isEmpty() && System.nanoTime() < deadline) {
      try {
        for (String key : unheard) {
          cache.put(key, "v");
        }
      } catch (CacheException e) {
        // the cluster settling after the move
      }
      unheard.removeAll(expiredKeys(1_000, unheard.size()));
    }
    assertThat(unheard).as("keys whose expiry was never heard of").isEmpty();
  }

  /**
   * A key prefix whose cache registry ({@code <prefix>:%caches}) is not on master 0: its slots move to the new
   * master without their keys (see {@link RedisCluster#addMasterTakingSlotsOf}), and a registry that vanished would
   * rightly read as the cache destroyed.
   */
  private static String prefixOffMaster0() {
    for (int i = 0; ; i++) {
      String prefix = "grow" + i;
      if (SlotHash.getSlot((prefix + ":%caches").getBytes(StandardCharsets.UTF_8)) >= 16_384 / 3 + 1) {
        return prefix;
      }
    }
  }

  /** The keys of EXPIRED events within {@code millis}, until {@code count} of them. */
  private static Set<String> expiredKeys(long millis, int count) throws InterruptedException {
    Set<String> keys = new HashSet<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (keys.size() < count) {
      String event = RecordingListener.RECEIVED.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (event == null) {
        break;
      }
      if (event.startsWith("EXPIRED ")) {
        keys.add(event.split(" ")[1]);
      }
    }
    return keys;
  }
}
