package dev.cairn.cache.extensions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.store.redis.RedisServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extensions' writes through a near-cached Redis cache: after each returns (or its stage completes), this JVM
 * reads what it wrote, at once, on the same thread. Redis sends its BCAST invalidations after the reply, so without
 * the near store dropping its own copies a read right after a native write ({@code INCRBY}, a pattern delete, an
 * async {@code SET}) would find the old local copy.
 */
class RedisNearExtensionsTest {

  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static final int ROUNDS = 200;

  @RegisterExtension
  static final RedisServerExtension server = new RedisServerExtension();

  private CacheManager manager;

  @BeforeEach
  void open() {
    manager = Caching.getCachingProvider().getCacheManager(
        server.uri("near=1000&prefix=nx" + PREFIXES.incrementAndGet()), getClass().getClassLoader());
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private <V> ExtendedCache<String, V> cache(String name, Class<V> valueType) {
    Cache<String, V> cache = manager.createCache(name, new MutableConfiguration<String, V>()
        .setTypes(String.class, valueType));
    assertThat(cache.unwrap(CairnCache.class).statistics().isNearCache()).isTrue();
    return ExtendedCache.of(cache);
  }

  /** Reads {@code key} until the local tier answers it. */
  private static void servedLocally(ExtendedCache<String, ?> cache, String key) throws InterruptedException {
    CairnCache<?, ?> cairn = cache.cache().unwrap(CairnCache.class);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long hits = cairn.statistics().getNearCacheHits();
    while (cairn.statistics().getNearCacheHits() == hits) {
      cache.get(key);
      assertThat(System.nanoTime()).as("%s is served locally", key).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void countersReadTheirOwnIncrements() throws InterruptedException {
    ExtendedCache<String, Long> counters = cache("counters", Long.class);
    counters.put("n", 0L);
    servedLocally(counters, "n");
    for (int i = 1; i <= ROUNDS; i++) {
      assertThat(counters.incr("n", 1)).isEqualTo(i);
      assertThat(counters.get("n")).as("right after incr").isEqualTo(i);
    }
    for (int i = ROUNDS + 1; i <= 2 * ROUNDS; i++) {
      assertThat(counters.async().incr("n", 1).toCompletableFuture().join()).isEqualTo(i);
      assertThat(counters.get("n")).as("right after an async incr").isEqualTo(i);
    }
  }

  @Test
  void asyncWritesAreReadOnceTheirStageCompletes() throws InterruptedException {
    ExtendedCache<String, String> cache = cache("async", String.class);
    cache.put("k", "v0");
    servedLocally(cache, "k");
    for (int i = 1; i <= ROUNDS; i++) {
      cache.async().put("k", "v" + i).toCompletableFuture().join();
      assertThat(cache.get("k")).as("right after an async put").isEqualTo("v" + i);
    }
    cache.async().setMany(Map.of("k", "many"), Duration.ofMinutes(1)).toCompletableFuture().join();
    assertThat(cache.get("k")).isEqualTo("many");
    cache.async().remove("k").toCompletableFuture().join();
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void patternInvalidationTouchAndBulkWritesDropTheLocalCopies() throws InterruptedException {
    ExtendedCache<String, String> cache = cache("patterns", String.class);
    for (int i = 0; i < ROUNDS / 10; i++) {
      cache.put("user:1", "a");
      servedLocally(cache, "user:1");
      assertThat(cache.invalidate("user:*")).isEqualTo(1);
      assertThat(cache.get("user:1")).as("right after invalidate(glob)").isNull();

      cache.put("user:2", "b");
      servedLocally(cache, "user:2");
      assertThat(cache.async().invalidate("user:*").toCompletableFuture().join()).isEqualTo(1);
      assertThat(cache.get("user:2")).as("right after an async invalidate(glob)").isNull();
    }
    cache.put("t", "v");
    servedLocally(cache, "t");
    assertThat(cache.touch("t", Duration.ZERO)).isTrue();
    assertThat(cache.get("t")).as("touched to expire at once").isNull();

    cache.put("m", "v");
    servedLocally(cache, "m");
    cache.setMany(Map.of("m", "w"), Duration.ofMinutes(1));
    assertThat(cache.get("m")).isEqualTo("w");
    servedLocally(cache, "m");
    assertThat(cache.deleteMany(List.of("m"))).isEqualTo(1);
    assertThat(cache.get("m")).isNull();
  }
}
