package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Redis Cluster master killed under load and its replica promoted, in both failure modes: four threads put, get
 * and remove keys spread over every master while master 0 crashes ({@code SIGKILL}) and the cluster fails over
 * (node timeout 1 s). Measured: exceptions, the time from the promotion until a key of the failed master's slots is
 * written and read back, and stale keys afterwards.
 *
 * <p>Redis replicates asynchronously, so a write the old master acknowledged just before it died may never have
 * reached the replica; Redis documents this loss, and Cairn cannot prevent it. Keys whose last acknowledged write
 * came in the last {@link #REPLICATION_WINDOW} before the kill are therefore left out of the stale count (and
 * counted apart); every other key must hold its last written value, or nothing.
 */
class RedisClusterFailoverTest {

  private static final Duration TIMEOUT = Duration.ofMillis(300);
  private static final Duration REPLICATION_WINDOW = Duration.ofMillis(100);
  private static final Duration RECOVERY = Duration.ofSeconds(10);
  private static final int THREADS = 4;
  private static final int KEYS = 200;

  @ParameterizedTest(name = "failOpen={0}")
  @ValueSource(booleans = {true, false})
  void aMasterKilledUnderLoadFailsOverToItsReplica(boolean failOpen) throws Exception {
    try (RedisCluster cluster = RedisCluster.start(1_000);
        CairnCachingProvider provider = new CairnCachingProvider()) {
      cluster.addReplicaOf(0);
      CacheManager manager = provider.getCacheManager(cluster.uri("timeout=" + TIMEOUT.toMillis()
          + "ms&connectTimeout=" + TIMEOUT.toMillis() + "ms&prefix=fo&failOpen=" + failOpen), null);
      Cache<String, String> cache = manager.createCache("faults",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      String probe = keyOnTheSlotsOfMaster0(cluster);

      AtomicReferenceArray<String> lastWritten = new AtomicReferenceArray<>(KEYS);
      AtomicLongArray lastAcknowledged = new AtomicLongArray(KEYS);
      AtomicLong exceptions = new AtomicLong();
      AtomicBoolean running = new AtomicBoolean(true);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t * (KEYS / THREADS);
        Thread worker = new Thread(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (long sequence = 0; running.get(); sequence++) {
            int index = first + random.nextInt(KEYS / THREADS);
            String key = "k" + index;
            try {
              int op = random.nextInt(10);
              if (op < 5) {
                cache.get(key);
              } else if (op < 9) {
                String value = "v" + index + "-" + sequence;
                lastWritten.set(index, value);
                cache.put(key, value);
                lastAcknowledged.set(index, System.nanoTime());
              } else {
                lastWritten.set(index, null);
                cache.remove(key);
                lastAcknowledged.set(index, System.nanoTime());
              }
            } catch (CacheException e) {
              exceptions.incrementAndGet();
            }
          }
        }, "failover-load-" + t);
        workers.add(worker);
        worker.start();
      }
      Thread.sleep(300);
      long killed = System.nanoTime();
      cluster.killMaster(0);
      cluster.awaitPromotionOf(0, 20_000);
      long promoted = System.nanoTime();
      long recovered = -1;
      for (int attempt = 0; System.nanoTime() - promoted < RECOVERY.toNanos(); attempt++) {
        String expected = "probe-" + attempt;
        try {
          cache.put(probe, expected);
          if (expected.equals(cache.get(probe))) {
            recovered = System.nanoTime() - promoted;
            break;
          }
        } catch (CacheException notYet) {
          // fail-closed mode: not yet
        }
        Thread.sleep(10);
      }
      running.set(false);
      for (Thread worker : workers) {
        worker.join(10_000);
      }

      int stale = 0;
      int inReplicationWindow = 0;
      RedisClusterClient client = RedisClusterClient.create(cluster.liveNodes());
      try (StatefulRedisClusterConnection<String, String> raw = client.connect()) {
        for (int index = 0; index < KEYS; index++) {
          String stored = raw.sync().get("fo:faults:k" + index);
          if (stored != null && !stored.equals(lastWritten.get(index))) {
            long acknowledgedBeforeKill = killed - lastAcknowledged.get(index);
            if (acknowledgedBeforeKill >= 0 && acknowledgedBeforeKill < REPLICATION_WINDOW.toNanos()) {
              inReplicationWindow++;
            } else {
              stale++;
            }
          }
        }
      } finally {
        client.shutdown();
      }
      System.out.printf("failover failOpen=%-5s exceptions=%d promotion=%dms recovery=%dms stale=%d "
              + "lostInReplicationWindow=%d%n", failOpen, exceptions.get(), (promoted - killed) / 1_000_000,
          recovered / 1_000_000, stale, inReplicationWindow);
      assertThat(recovered).as("a key of the failed master's slots is written and read again").isPositive();
      assertThat(stale).as("stale keys after the failover").isZero();
      if (failOpen) {
        assertThat(exceptions.get()).as("exceptions in fail-open mode").isZero();
      }
    }
  }

  /** A key of this cache whose hash slot master 0 serves (the first third of the slots). */
  private static String keyOnTheSlotsOfMaster0(RedisCluster cluster) {
    for (int i = 0; ; i++) {
      String key = "probe" + i;
      if (SlotHash.getSlot(("fo:faults:" + key).getBytes(StandardCharsets.UTF_8)) < 16_384 / cluster.size()) {
        return key;
      }
    }
  }
}
