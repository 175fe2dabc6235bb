package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Entry listeners hear changes made through another manager of the same Redis prefix (each manager has its own
 * connections and id, as another JVM would), and expiries Redis itself decides.
 */
class RedisListenersAcrossManagersTest {

  @RegisterExtension
  static final RedisServerExtension server = new RedisServerExtension();

  private static final BlockingQueue<String> RECEIVED = RecordingListener.RECEIVED;

  private final CairnCachingProvider writerSide = new CairnCachingProvider();
  private final CairnCachingProvider listenerSide = new CairnCachingProvider();

  @AfterEach
  void close() {
    writerSide.close();
    listenerSide.close();
    RECEIVED.clear();
  }

  @Test
  void aListenerHearsAnotherManagersCreateUpdateAndRemoveWithOldValues() throws Exception {
    Cache<String, String> writer = manager(writerSide).createCache("shared", config());
    Cache<String, String> listening = manager(listenerSide).getCache("shared", String.class, String.class);
    listening.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(RecordingListener.class), null, true, false));
    awaitWriterNotices(writer);

    writer.put("k", "v1");
    writer.put("k", "v2");
    writer.remove("k");
    assertThat(next()).isEqualTo("CREATED k v1 null");
    assertThat(next()).isEqualTo("UPDATED k v2 v1");
    assertThat(next()).isEqualTo("REMOVED k v2 v2");
    assertThat(RECEIVED.poll(200, TimeUnit.MILLISECONDS)).as("nothing else").isNull();
  }

  @Test
  void aManagersOwnChangesReachItsListenersOnceAndNotThroughRedis() throws Exception {
    Cache<String, String> both = manager(writerSide).createCache("own", config());
    both.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(RecordingListener.class), null, true, true));
    both.put("a", "1");
    assertThat(RECEIVED.poll()).isEqualTo("CREATED a 1 null");
    assertThat(RECEIVED.poll(1500, TimeUnit.MILLISECONDS)).as("no echo from its own channel").isNull();
  }

  @Test
  void withoutListenersAnywhereNothingIsPublished() {
    Cache<String, String> writer = manager(writerSide).createCache("quiet", config());
    try (RedisClient client = RedisClient.create(server.uri("").toString());
        StatefulRedisConnection<String, String> raw = client.connect()) {
      raw.sync().configResetstat();
      for (int i = 0; i < 20; i++) {
        writer.put("k" + i, "v");
      }
      assertThat(raw.sync().info("commandstats")).doesNotContain("cmdstat_publish");
    }
  }

  @Test
  void expiriesDecidedByRedisReachExpiredListenersInEveryManager() throws Exception {
    Cache<String, String> writer = manager(writerSide).createCache("expiring", config()
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 50))));
    Cache<String, String> listening = manager(listenerSide).getCache("expiring", String.class, String.class);
    listening.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(RecordingListener.class), null, false, false));

    writer.put("short", "lived");
    // Redis expires keys by itself (active expiry samples keys ten times a second): no clock of ours decides
    assertThat(RECEIVED.poll(5, TimeUnit.SECONDS)).isEqualTo("EXPIRED short null null");
    assertThat(writer.containsKey("short")).isFalse();
  }

  @Test
  void aSlowListenerOfOneCacheDoesNotDelayAnotherCachesEvents() throws Exception {
    Cache<String, String> slowWriter = manager(writerSide).createCache("slow", config());
    Cache<String, String> fastWriter = manager(writerSide).createCache("fast", config());
    CacheManager listening = manager(listenerSide);
    Cache<String, String> slow = listening.getCache("slow", String.class, String.class);
    StuckListener.gate = new CountDownLatch(1);
    slow.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(StuckListener.class), null, false, true));
    listening.getCache("fast", String.class, String.class).registerCacheEntryListener(
        new MutableCacheEntryListenerConfiguration<>(FactoryBuilder.factoryOf(RecordingListener.class), null, false,
            false));
    awaitWriterNotices(fastWriter);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (StuckListener.entered.getCount() > 0 && System.nanoTime() < deadline) {
        slowWriter.put("stuck", "x");
        StuckListener.entered.await(100, TimeUnit.MILLISECONDS);
      }
      assertThat(StuckListener.entered.getCount()).as("the slow cache's listener is stuck").isZero();

      fastWriter.put("k", "v");
      assertThat(next()).isEqualTo("CREATED k v null");
    } finally {
      StuckListener.gate.countDown();
    }
  }

  /** A synchronous listener that blocks on its first event until {@link #gate} opens. */
  public static final class StuckListener implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String>, java.io.Serializable {
    static final CountDownLatch entered = new CountDownLatch(1);
    static volatile CountDownLatch gate = new CountDownLatch(1);

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      entered.countDown();
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      onCreated(events);
    }
  }

  /** Writes until the listening manager hears something: the writer checks who listens about once a second. */
  private static void awaitWriterNotices(Cache<String, String> writer) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      writer.put("warm-up", "x");
      if (RECEIVED.poll(100, TimeUnit.MILLISECONDS) != null) {
        writer.remove("warm-up");
        // drain what the warm-up itself caused
        while (RECEIVED.poll(300, TimeUnit.MILLISECONDS) != null) {
          continue;
        }
        return;
      }
    }
    throw new AssertionError("the writing manager never noticed the listener in the other manager");
  }

  private static String next() throws InterruptedException {
    return RECEIVED.poll(5, TimeUnit.SECONDS);
  }

  private static MutableConfiguration<String, String> config() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  private CacheManager manager(CairnCachingProvider provider) {
    return provider.getCacheManager(server.uri("prefix=events"), getClass().getClassLoader());
  }
}
