package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.CairnCachingProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.FactoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fail-open manager starts while Redis is down: {@code getCacheManager} and {@code createCache} succeed, the caches
 * act as empty caches that keep nothing (no exception, no listener event), and they work once Redis is up, with the
 * cache registered on the server. A fail-closed manager still refuses to start.
 */
class RedisFailOpenStartupTest {

  private static final List<String> EVENTS = new java.util.concurrent.CopyOnWriteArrayList<>();

  private RedisServer server;
  private CairnCachingProvider provider;

  @BeforeEach
  void start() {
    server = RedisServer.start();
    server.stop();
    provider = new CairnCachingProvider();
    EVENTS.clear();
  }

  @AfterEach
  void stop() {
    provider.close();
    server.close();
  }

  @Test
  void aFailOpenManagerStartsWhileRedisIsDownAndWorksOnceItIsUp() throws InterruptedException {
    CacheManager manager = provider.getCacheManager(
        server.uri("failOpen=true&timeout=300ms&connectTimeout=300ms&prefix=lazy"), getClass().getClassLoader());
    Cache<String, String> cache = manager.createCache("c", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(Recorder.class), null, false, true)));
    CairnCache<?, ?> cairn = cache.unwrap(CairnCache.class);
    assertThat(cairn.statistics().getCircuitState()).isEqualTo("OPEN");
    assertThat(cairn.statistics().isFailOpen()).isTrue();

    cache.put("k", "v");
    assertThat(cache.get("k")).isNull();
    assertThat(cache.putIfAbsent("k", "v")).isFalse();
    assertThat(cache.remove("k")).isFalse();
    cache.clear();
    assertThat(cache.iterator().hasNext()).isFalse();
    long again = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      cache.put("k", "v");
      assertThat(cache.get("k")).isNull();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - again)).as("200 calls, none waiting for Redis")
        .isLessThan(Duration.ofMillis(200));
    assertThat(EVENTS).as("no events for skipped writes").isEmpty();
    assertThat(manager.getCache("c", String.class, String.class)).isSameAs(cache);

    server.restart();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!"v2".equals(cache.get("k2"))) {
      assertThat(System.nanoTime()).as("working within 5 s of Redis coming up").isLessThan(deadline);
      cache.put("k2", "v2");
      Thread.sleep(20);
    }
    assertThat(cairn.statistics().getCircuitState()).isEqualTo("CLOSED");
    assertThat(cairn.statistics().getCallsNotSent()).isPositive();
    assertThat(EVENTS).contains("k2");
    try (RedisClient client = RedisClient.create(server.uri("").toString());
        StatefulRedisConnection<String, String> raw = client.connect()) {
      assertThat(raw.sync().hget("lazy:%caches", "c")).as("registered once Redis is up").isNotNull();
      assertThat(raw.sync().get("lazy:c:k2")).isEqualTo("v2");
    }
  }

  @Test
  void aFailClosedManagerDoesNotStartWhileRedisIsDown() {
    assertThatThrownBy(() -> provider.getCacheManager(server.uri("timeout=300ms&connectTimeout=300ms"),
        getClass().getClassLoader())).isInstanceOf(CacheException.class).hasMessageContaining("cannot connect");
  }

  /** Records the keys of created entries. */
  public static final class Recorder implements CacheEntryCreatedListener<String, String>, java.io.Serializable {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      List<String> keys = new ArrayList<>();
      events.forEach(event -> keys.add(event.getKey()));
      EVENTS.addAll(keys);
    }
  }
}
