package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import java.util.concurrent.BlockingQueue;
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

/**
 * EXPIRED listeners keep hearing of expiries after the server restarts: a fresh server has keyspace notifications
 * off, and the manager turns them on again once it has reconnected.
 */
class RedisExpiriesAfterRestartTest {

  private static final BlockingQueue<String> RECEIVED = RecordingListener.RECEIVED;

  private final RedisServer server = RedisServer.start();
  private final CairnCachingProvider provider = new CairnCachingProvider();

  @AfterEach
  void close() {
    provider.close();
    server.close();
    RECEIVED.clear();
  }

  @Test
  void expiredListenersHearExpiriesBeforeAndAfterARestartOnTheSamePort() throws Exception {
    Cache<String, String> cache = provider.getCacheManager(server.uri("prefix=restart&timeout=500ms"),
        getClass().getClassLoader()).createCache("c", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 50))));
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(RecordingListener.class), null, false, false));

    cache.put("before", "v");
    assertThat(nextExpiry(5_000)).isEqualTo("EXPIRED before null null");

    server.restart();
    // until the manager has reconnected and turned notifications on again, expiries may go unreported: keep
    // writing short-lived entries until one is heard of
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String heard = null;
    for (int i = 0; heard == null && System.nanoTime() < deadline; i++) {
      try {
        cache.put("after-" + i, "v");
      } catch (CacheException e) {
        Thread.sleep(50);
        continue;
      }
      heard = nextExpiry(500);
    }
    assertThat(heard).as("an expiry heard after the restart").startsWith("EXPIRED after-");
  }

  /** The next EXPIRED event within {@code millis}, skipping the CREATED events of the puts; null if none. */
  private static String nextExpiry(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (String event = RECEIVED.poll(millis, TimeUnit.MILLISECONDS); event != null;
        event = RECEIVED.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      if (event.startsWith("EXPIRED")) {
        return event;
      }
    }
    return null;
  }
}
