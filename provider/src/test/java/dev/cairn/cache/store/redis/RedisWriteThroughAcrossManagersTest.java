package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A write-through cache shared by two managers (each with its own connections, as two JVMs would have): racing
 * writes of one key reach the writer one at a time and only with outcomes the cache applies.
 */
class RedisWriteThroughAcrossManagersTest {

  @RegisterExtension
  static final RedisServerExtension server = new RedisServerExtension();

  /** Every value any manager's writer received, in order. */
  static final Collection<Object> WRITTEN = new ConcurrentLinkedQueue<>();

  private final CairnCachingProvider first = new CairnCachingProvider();
  private final CairnCachingProvider second = new CairnCachingProvider();
  private final ExecutorService threads = Executors.newFixedThreadPool(4);

  @AfterEach
  void close() {
    threads.shutdownNow();
    first.close();
    second.close();
    WRITTEN.clear();
  }

  @Test
  void racingInvokesWriteThroughEachWinningValueExactlyOnce() throws Exception {
    Cache<String, Long> one = manager(first).createCache("counter", config());
    Cache<String, Long> two = manager(second).createCache("counter", config());
    int perThread = 250;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> running = new ArrayList<>();
    for (Cache<String, Long> cache : List.of(one, two, one, two)) {
      running.add(threads.submit(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) {
          cache.invoke("n", (entry, args) -> {
            entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
            return null;
          });
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> future : running) {
      future.get(60, TimeUnit.SECONDS);
    }

    assertThat(one.get("n")).isEqualTo(4L * perThread);
    // a writer called before a lost compare-and-set would have seen some value twice, and out of order
    assertThat(WRITTEN).containsExactlyElementsOf(LongStream.rangeClosed(1, 4L * perThread).boxed().toList());
    assertNoLeaseLeft();
  }

  @Test
  void racingPutIfAbsentCallsTheWriterOnlyForTheWinner() throws Exception {
    Cache<String, Long> one = manager(first).createCache("once", config());
    Cache<String, Long> two = manager(second).createCache("once", config());
    for (int round = 0; round < 20; round++) {
      String key = "k" + round;
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> racing = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Cache<String, Long> cache = i % 2 == 0 ? one : two;
        long value = i;
        Callable<Boolean> attempt = () -> {
          start.await();
          return cache.putIfAbsent(key, value);
        };
        racing.add(threads.submit(attempt));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> future : racing) {
        winners += future.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(winners).as("round %d", round).isEqualTo(1);
    }
    List<Object> stored = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      stored.add(two.get("k" + round));
    }
    assertThat(WRITTEN).as("one writer call per key, with the value the cache kept").containsExactlyElementsOf(stored);
  }

  @Test
  void aLeaseLeftByADeadProcessHoldsTheKeyOnlyUntilItEnds() {
    Cache<String, Long> cache = manager(first).createCache("orphan", config());
    try (RedisClient client = RedisClient.create(server.uri("").toString());
        StatefulRedisConnection<String, String> raw = client.connect()) {
      raw.sync().set("wt:%wlease:orphan:k", "a-process-that-died:1", SetArgs.Builder.px(700));
      long start = System.nanoTime();
      cache.put("k", 7L);
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(waitedMillis).as("waited for the lease to end").isBetween(400L, 5_000L);
      assertThat(WRITTEN).containsExactly(7L);
      assertThat(raw.sync().exists("wt:%wlease:orphan:k")).as("released").isZero();
    }
  }

  /** Leases are released when the write is done, and never show up as entries. */
  private void assertNoLeaseLeft() {
    try (RedisClient client = RedisClient.create(server.uri("").toString());
        StatefulRedisConnection<String, String> raw = client.connect()) {
      assertThat(raw.sync().scan(ScanArgs.Builder.matches("wt:%wlease:*").limit(1000)).getKeys()).isEmpty();
    }
  }

  private CacheManager manager(CairnCachingProvider provider) {
    return provider.getCacheManager(server.uri("prefix=wt"), getClass().getClassLoader());
  }

  private static MutableConfiguration<String, Long> config() {
    return new MutableConfiguration<String, Long>().setTypes(String.class, Long.class).setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(RecordingWriter.class));
  }

  /** Records the values written through; deletes are not expected here. */
  public static final class RecordingWriter implements CacheWriter<String, Long> {

    @Override
    public void write(Cache.Entry<? extends String, ? extends Long> entry) {
      WRITTEN.add(entry.getValue());
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends Long>> entries) {
      entries.forEach(this::write);
    }

    @Override
    public void delete(Object key) {
      throw new AssertionError("unexpected delete of " + key);
    }

    @Override
    public void deleteAll(Collection<?> keys) {
      throw new AssertionError("unexpected deletes of " + keys);
    }
  }
}
