package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.store.StoreException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cache on Redis while Redis is away: calls fail fast with a {@link CacheException} (never hang), and the same
 * manager works again once the server is back.
 */
class RedisOutageTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  /** What "within the timeout" may take on a loaded two-core machine. */
  private static final Duration PATIENCE = TIMEOUT.plusSeconds(1);

  private RedisServer server;
  private CairnCachingProvider provider;
  private Cache<String, String> cache;

  @BeforeEach
  void start() {
    server = RedisServer.start();
    provider = new CairnCachingProvider();
    CacheManager manager = provider.getCacheManager(server.uri("timeout=" + TIMEOUT.toMillis() + "ms&prefix=outage"),
        getClass().getClassLoader());
    cache = manager.createCache("c", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @AfterEach
  void stop() {
    provider.close();
    server.close();
  }

  @Test
  void aStoppedServerFailsCallsQuicklyAndTheManagerRecoversWhenItReturns() throws InterruptedException {
    cache.put("k", "v");
    server.stop();

    assertFailsWithin(PATIENCE, () -> cache.get("k"));
    assertFailsWithin(PATIENCE, () -> cache.put("k", "w"));
    assertFailsWithin(PATIENCE, () -> cache.putIfAbsent("k", "w"));
    assertFailsWithin(PATIENCE, () -> cache.iterator().forEachRemaining(entry -> { }));

    server.restart();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        cache.put("k", "again");
        break;
      } catch (CacheException e) {
        // still reconnecting
        assertThat(System.nanoTime()).as("reconnected within 10 s").isLessThan(deadline);
        Thread.sleep(50);
      }
    }
    assertThat(cache.get("k")).isEqualTo("again");
  }

  @Test
  void aServerThatStopsAnsweringTimesOut() {
    cache.put("k", "v");
    try (RedisClient client = RedisClient.create(server.uri("").toString());
        StatefulRedisConnection<String, String> admin = client.connect()) {
      // the connection stays up, but the server answers nothing for three seconds
      admin.sync().clientPause(3_000);
      assertFailsWithin(PATIENCE, () -> cache.get("k"));
      admin.sync().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
          new CommandArgs<>(StringCodec.UTF8).add("UNPAUSE"));
    }
    assertThat(cache.get("k")).isEqualTo("v");
  }

  private static void assertFailsWithin(Duration patience, Runnable call) {
    long start = System.nanoTime();
    assertThatThrownBy(call::run).isInstanceOf(CacheException.class).hasCauseInstanceOf(Exception.class)
        .isInstanceOf(StoreException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(patience);
  }
}
