package dev.cairn.cache.near;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.config.CairnConfiguration;
import dev.cairn.cache.config.NearCacheSettings;
import dev.cairn.cache.management.CacheStatistics;
import dev.cairn.cache.store.redis.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The near cache on a real Redis: hits come from the heap, and a change made anywhere (another manager, a raw
 * client, a flush, an expiry inside Redis) stops the old value being served; a dropped connection or a restarted
 * server empties the local tier; reads racing writes leave no value older than the last write.
 */
class RedisNearCacheTest {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private RedisServer server;
  private CairnCachingProvider nearProvider;
  private CairnCachingProvider otherProvider;
  private Cache<String, String> near;
  private Cache<String, String> other;
  private RedisClient rawClient;
  private RedisCommands<String, String> raw;

  @BeforeEach
  void start() {
    // DEBUG SET-ACTIVE-EXPIRE, for the expiry test
    server = RedisServer.start(List.of("--enable-debug-command", "local"));
    nearProvider = new CairnCachingProvider();
    otherProvider = new CairnCachingProvider();
    CacheManager nearManager = nearProvider.getCacheManager(server.uri("prefix=n&near=1000"),
        getClass().getClassLoader());
    near = nearManager.createCache("c", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setStatisticsEnabled(true));
    other = otherProvider.getCacheManager(server.uri("prefix=n"), getClass().getClassLoader())
        .getCache("c", String.class, String.class);
    rawClient = RedisClient.create(server.uri("").toString());
    StatefulRedisConnection<String, String> connection = rawClient.connect();
    raw = connection.sync();
  }

  @AfterEach
  void stop() {
    rawClient.shutdown();
    nearProvider.close();
    otherProvider.close();
    server.close();
  }

  private NearCacheStatistics tier() {
    return near.unwrap(CairnCache.class).statistics().isNearCache()
        ? new TierView(near.unwrap(CairnCache.class).statistics()) : null;
  }

  /** The near counters as the statistics MXBean reports them. */
  private record TierView(CacheStatistics statistics) implements NearCacheStatistics {
    public long hits() {
      return statistics.getNearCacheHits();
    }

    public long misses() {
      return statistics.getNearCacheMisses();
    }

    public long invalidations() {
      return statistics.getNearCacheInvalidations();
    }

    public long evictions() {
      return statistics.getNearCacheEvictions();
    }

    public long size() {
      return statistics.getNearCacheSize();
    }

    public boolean serving() {
      return statistics.isNearCacheServing();
    }
  }

  /** Reads until the near cache no longer answers {@code stale}; how long that took, in nanoseconds. */
  private long untilNot(String key, String stale) {
    long start = System.nanoTime();
    long deadline = start + PATIENCE.toNanos();
    while (true) {
      String value;
      try {
        value = near.get(key);
      } catch (CacheException reconnecting) {
        value = stale;
      }
      if (!java.util.Objects.equals(value, stale)) {
        return System.nanoTime() - start;
      }
      assertThat(System.nanoTime()).as("the near cache still serves %s for %s", stale, key).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /**
   * Without active expiry, Redis deletes an expired key only when someone reads it: only a local copy's own deadline
   * can stop it being served.
   */
  private void activeExpiryOff() {
    raw.dispatch(io.lettuce.core.protocol.CommandType.DEBUG,
        new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
        new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8).add("SET-ACTIVE-EXPIRE")
            .add(0));
  }

  /** Reads until the local tier answers {@code key}: tracking is on. */
  private void untilServedLocally(String key) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      long hits = tier().hits();
      try {
        near.get(key);
        near.get(key);
      } catch (CacheException reconnecting) {
        // not yet
      }
      if (tier().hits() > hits) {
        return;
      }
      assertThat(System.nanoTime()).as("the near cache serves again").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void hitsComeFromTheHeapAndAreCounted() throws InterruptedException {
    near.put("k", "v");
    untilServedLocally("k");
    long hits = tier().hits();
    for (int i = 0; i < 100; i++) {
      assertThat(near.get("k")).isEqualTo("v");
    }
    assertThat(tier().hits() - hits).isEqualTo(100);
    // the user's statistics count them as hits too
    assertThat(near.unwrap(CairnCache.class).statistics().getCacheHits()).isGreaterThanOrEqualTo(100);
  }

  @Test
  void aHealthyTrackingConnectionPassesItsChecksAndKeepsServing() throws InterruptedException {
    near.put("k", "v");
    untilServedLocally("k");
    long misses = tier().misses();
    // three health checks (one a second) come and go while the key is read
    long end = System.nanoTime() + Duration.ofMillis(3_200).toNanos();
    while (System.nanoTime() < end) {
      assertThat(near.get("k")).isEqualTo("v");
      Thread.sleep(5);
    }
    assertThat(tier().misses()).as("no check emptied the tier").isEqualTo(misses);
  }

  @Test
  void anotherManagersWritesStopTheOldValueBeingServedAndTheDelayIsMeasured() throws InterruptedException {
    near.put("k", "0");
    untilServedLocally("k");
    List<Long> delays = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      assertThat(near.get("k")).isEqualTo(String.valueOf(i - 1));
      other.put("k", String.valueOf(i));
      delays.add(untilNot("k", String.valueOf(i - 1)));
      assertThat(near.get("k")).isEqualTo(String.valueOf(i));
    }
    Collections.sort(delays);
    System.out.printf("near-cache invalidation delay between two managers: median %.3f ms, p99 %.3f ms, max %.3f ms%n",
        delays.get(delays.size() / 2) / 1e6, delays.get(delays.size() * 99 / 100) / 1e6,
        delays.get(delays.size() - 1) / 1e6);
    assertThat(tier().invalidations()).isGreaterThanOrEqualTo(200);
  }

  @Test
  void rawClientWritesDeletesAndFlushesInvalidate() throws InterruptedException {
    near.put("k", "v1");
    near.put("j", "w1");
    untilServedLocally("k");
    untilServedLocally("j");
    raw.set("n:c:k", "v2");
    untilNot("k", "v1");
    assertThat(near.get("k")).isEqualTo("v2");

    raw.del("n:c:k");
    untilNot("k", "v2");
    assertThat(near.get("k")).isNull();

    raw.flushdb();
    untilNot("j", "w1");
    assertThat(near.get("j")).isNull();
  }

  @Test
  void thisManagersOwnWritesAreReadAtOnce() throws InterruptedException {
    near.put("k", "start");
    untilServedLocally("k");
    for (int i = 0; i < 500; i++) {
      near.put("k", "v" + i);
      assertThat(near.get("k")).isEqualTo("v" + i);
    }
    near.remove("k");
    assertThat(near.get("k")).isNull();
    near.put("k", "a");
    assertThat(near.get("k")).isEqualTo("a");
    near.invoke("k", (entry, args) -> {
      entry.setValue("b");
      return null;
    });
    assertThat(near.get("k")).isEqualTo("b");
    assertThat(near.replace("k", "b", "c")).isTrue();
    assertThat(near.get("k")).isEqualTo("c");
    near.clear();
    assertThat(near.get("k")).isNull();
  }

  @Test
  void aLocalCopyNeverOutlivesTheEntrysTimeToLiveInRedis() throws InterruptedException {
    activeExpiryOff();
    raw.psetex("n:c:k", 1_000, "short");
    untilServedLocally("k");
    long start = System.nanoTime();
    untilNot("k", "short");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
    assertThat(near.get("k")).isNull();
  }

  @Test
  void clientKillEmptiesTheLocalTierAndTrackingComesBack() throws InterruptedException {
    near.put("k", "v1");
    untilServedLocally("k");
    raw.clientKill(io.lettuce.core.KillArgs.Builder.typeNormal().skipme());
    // changed while the near cache's connection is down: no invalidation can reach it
    raw.set("n:c:k", "v2");
    untilNot("k", "v1");
    assertThat(near.get("k")).isEqualTo("v2");
    untilServedLocally("k");
    raw.set("n:c:k", "v3");
    untilNot("k", "v2");
    assertThat(near.get("k")).isEqualTo("v3");
  }

  @Test
  void aRestartedServerEmptiesTheLocalTier() throws InterruptedException {
    near.put("k", "v1");
    untilServedLocally("k");
    server.restart();
    untilNot("k", "v1");
    assertThat(near.get("k")).isNull();
    RedisClient again = RedisClient.create(server.uri("").toString());
    try (StatefulRedisConnection<String, String> connection = again.connect()) {
      connection.sync().set("n:c:k", "v2");
      untilNot("k", null);
      assertThat(near.get("k")).isEqualTo("v2");
      untilServedLocally("k");
      connection.sync().set("n:c:k", "v3");
      untilNot("k", "v2");
    } finally {
      again.shutdown();
    }
  }

  @Test
  void readsRacingWritesLeaveNoValueOlderThanTheLastWrite() throws Exception {
    near.put("k", "0");
    untilServedLocally("k");
    AtomicBoolean writing = new AtomicBoolean(true);
    Set<Throwable> failures = ConcurrentHashMap.newKeySet();
    AtomicLong reads = new AtomicLong();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Thread reader = new Thread(() -> {
        try {
          while (writing.get()) {
            // both kinds of read keep what they read
            if (reads.incrementAndGet() % 2 == 0) {
              near.get("k");
            } else {
              near.getAll(Set.of("k", "other"));
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      reader.start();
      readers.add(reader);
    }
    int last = 2_000;
    for (int i = 1; i <= last; i++) {
      // alternately another manager and this one: the own write must be read at once
      if (i % 2 == 0) {
        other.put("k", String.valueOf(i));
      } else {
        near.put("k", String.valueOf(i));
        String read = near.get("k");
        assertThat(Integer.parseInt(read)).as("this manager's own write").isGreaterThanOrEqualTo(i);
      }
    }
    writing.set(false);
    for (Thread reader : readers) {
      reader.join();
    }
    assertThat(failures).isEmpty();
    untilNot("k", String.valueOf(last - 1));
    for (int i = 0; i < 1_000; i++) {
      assertThat(near.get("k")).isEqualTo(String.valueOf(last));
      assertThat(near.getAll(Set.of("k"))).containsEntry("k", String.valueOf(last));
    }
    System.out.printf("race test: %d reads during %d writes%n", reads.get(), last);
  }

  @Test
  void accessExpiryStillReachesRedis() {
    Cache<String, String> accessed = near.getCacheManager().createCache("a",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class)
            .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_HOUR)));
    raw.psetex("n:a:k", 5_000, "v");
    assertThat(accessed.get("k")).isEqualTo("v");
    assertThat(raw.pttl("n:a:k")).isGreaterThan(5_000);
    assertThat(accessed.unwrap(CairnCache.class).statistics().getNearCacheHits()).isZero();
  }

  @Test
  void getAllAnswersLocalHitsAndAsksRedisForTheRest() throws InterruptedException {
    near.put("a", "1");
    near.put("b", "2");
    untilServedLocally("a");
    long hits = tier().hits();
    assertThat(near.getAll(Set.of("a", "b", "c"))).isEqualTo(Map.of("a", "1", "b", "2"));
    assertThat(tier().hits() - hits).isEqualTo(1);
  }

  @Test
  void getAllKeepsWhatRedisAnswersUntilItChangesOrItsTimeToLiveEnds() throws InterruptedException {
    activeExpiryOff();
    near.put("x", "tracking");
    untilServedLocally("x");
    raw.set("n:c:a", "1");
    raw.psetex("n:c:b", 1_000, "2");
    long start = System.nanoTime();
    assertThat(near.getAll(Set.of("a", "b", "c"))).isEqualTo(Map.of("a", "1", "b", "2"));
    long hits = tier().hits();
    assertThat(near.getAll(Set.of("a", "b"))).isEqualTo(Map.of("a", "1", "b", "2"));
    assertThat(tier().hits() - hits).as("both kept by the first getAll").isEqualTo(2);
    // a change anywhere drops the kept copy
    raw.set("n:c:a", "9");
    untilNot("a", "1");
    assertThat(near.getAll(Set.of("a"))).isEqualTo(Map.of("a", "9"));
    // without active expiry only the copy's own deadline, from the PTTL read with it, stops it being served
    untilNot("b", "2");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
    assertThat(near.getAll(Set.of("b"))).isEmpty();
  }

  @Test
  void aGetAllLargerThanTheTierKeepsHalfItsBoundAndEvictsNothing() throws InterruptedException {
    near.put("x", "hot");
    untilServedLocally("x");
    Map<String, String> many = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 3_000; i++) {
      many.put("m" + i, "v" + i);
    }
    Map<String, String> inRedis = new java.util.HashMap<>();
    many.forEach((key, value) -> inRedis.put("n:c:" + key, value));
    raw.mset(inRedis);
    // invalidations come in order: once this one is seen, the MSET's were too, and none can drop what getAll keeps
    raw.set("n:c:x", "hotter");
    untilNot("x", "hot");
    untilServedLocally("x");
    assertThat(near.getAll(many.keySet())).isEqualTo(many);
    // the tier is bounded at 1,000: 500 kept, and the copy that was there before is still served
    assertThat(tier().size()).isEqualTo(501);
    assertThat(tier().evictions()).isZero();
    long hits = tier().hits();
    assertThat(near.get("x")).isEqualTo("hotter");
    assertThat(tier().hits() - hits).isEqualTo(1);
  }

  @Test
  void aCacheConfigurationOverridesTheUri() {
    Cache<String, String> off = near.getCacheManager().createCache("off",
        new CairnConfiguration<String, String>().setTypes(String.class, String.class)
            .setNearCache(NearCacheSettings.OFF));
    assertThat(off.unwrap(CairnCache.class).statistics().isNearCache()).isFalse();
    Cache<String, String> on = other.getCacheManager().createCache("on",
        new CairnConfiguration<String, String>().setTypes(String.class, String.class)
            .setNearCache(new NearCacheSettings(10, Duration.ofSeconds(30))));
    assertThat(on.unwrap(CairnCache.class).statistics().isNearCache()).isTrue();
    assertThat(other.unwrap(CairnCache.class).statistics().isNearCache()).isFalse();
  }

  @Test
  void aDocumentsNearKeyWinsOverTheUri(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory)
      throws java.io.IOException {
    java.nio.file.Path document = directory.resolve("cairn.yaml");
    java.nio.file.Files.writeString(document, String.join("\n",
        "store: " + server.uri("near=100"),
        "connection: {prefix: y}",
        "default:",
        "  near: {maxEntries: 50, ttl: 1m}",
        "caches:",
        "  plain: {near: {maxEntries: 0}}",
        "  cached: {}",
        ""));
    CairnCachingProvider provider = new CairnCachingProvider();
    try {
      CacheManager manager = provider.getCacheManager(document.toUri(), getClass().getClassLoader());
      assertThat(manager.getCache("plain").unwrap(CairnCache.class).statistics().isNearCache()).isFalse();
      assertThat(manager.getCache("cached").unwrap(CairnCache.class).statistics().isNearCache()).isTrue();
    } finally {
      provider.close();
    }
  }

  @Test
  void aBadNearParameterIsRefused() {
    assertThatThrownBy(() -> new CairnCachingProvider().getCacheManager(server.uri("near=lots"),
        getClass().getClassLoader()))
        .isInstanceOf(CacheException.class).hasMessageContaining("near must be a number of entries");
  }
}
