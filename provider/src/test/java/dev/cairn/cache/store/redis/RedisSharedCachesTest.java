package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.CairnCachingProvider;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two managers on one Redis prefix behave like two JVMs: what one creates, writes and destroys, the other sees.
 * (Separate processes are covered by the TCK-level tests; here each manager has its own connection.)
 */
class RedisSharedCachesTest {

  @RegisterExtension
  static final RedisServerExtension server = new RedisServerExtension();
  private final CairnCachingProvider first = new CairnCachingProvider();
  private final CairnCachingProvider second = new CairnCachingProvider();

  @AfterEach
  void closeManagers() {
    first.close();
    second.close();
  }

  private CacheManager manager(CairnCachingProvider provider) {
    URI uri = server.uri("prefix=shared");
    return provider.getCacheManager(uri, getClass().getClassLoader());
  }

  @Test
  void aCacheCreatedInOneManagerIsFoundWithItsSettingsInAnother() {
    Cache<String, Integer> created = manager(first).createCache("scores", new MutableConfiguration<String, Integer>()
        .setTypes(String.class, Integer.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 5))));
    created.put("alice", 42);

    Cache<String, Integer> found = manager(second).getCache("scores", String.class, Integer.class);
    assertThat(found).isNotNull();
    assertThat(found.get("alice")).isEqualTo(42);
    @SuppressWarnings("unchecked")
    MutableConfiguration<String, Integer> configuration = found.getConfiguration(MutableConfiguration.class);
    ExpiryPolicy policy = configuration.getExpiryPolicyFactory().create();
    assertThat(policy).isInstanceOf(CreatedExpiryPolicy.class);
    assertThat(policy.getExpiryForCreation()).isEqualTo(new Duration(TimeUnit.MILLISECONDS, 300_000));
    assertThat(manager(second).getCacheNames()).contains("scores");
  }

  @Test
  void aDestroyedCacheDisappearsForEveryManager() throws InterruptedException {
    manager(first).createCache("doomed", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)).put("k", "v");
    assertThat(manager(second).getCache("doomed", String.class, String.class).get("k")).isEqualTo("v");

    manager(first).destroyCache("doomed");

    // the other manager's open handle is checked against the registry about once a second
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (manager(second).getCache("doomed") != null && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(manager(second).getCache("doomed", String.class, String.class)).isNull();
    assertThat(manager(second).getCacheNames()).doesNotContain("doomed");
  }

  @Test
  void anEternalCacheOpenedElsewhereStaysEternal() {
    Cache<String, String> created = manager(first).createCache("forever", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setExpiryPolicyFactory(TouchedExpiryPolicy.factoryOf(Duration.ETERNAL)));
    created.put("k", "v");

    Cache<String, String> found = manager(second).getCache("forever", String.class, String.class);
    assertThat(found.get("k")).isEqualTo("v");
    found.put("b", "2");
    assertThat(found.get("b")).isEqualTo("2");
    assertThat(created.get("k")).as("the other manager's read did not expire it").isEqualTo("v");
  }

  @Test
  void createCacheWithOtherSettingsThanTheSharedOneFailsNamingThem() {
    Cache<String, String> orders = manager(first).createCache("orders", tenMinutes(String.class));
    orders.put("o1", "first");

    assertThatThrownBy(() -> manager(second).createCache("orders", tenMinutes(Integer.class)))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("value type java.lang.String (asked: java.lang.Integer)")
        .hasMessageContaining("destroyCache");
    assertThatThrownBy(() -> manager(second).createCache("orders", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 5)))))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("expiry duration 10 MINUTES (asked: 5 MINUTES)");
    assertThat(orders.get("o1")).as("the shared cache is untouched").isEqualTo("first");

    Cache<String, String> joined = manager(second).createCache("orders", tenMinutes(String.class));
    assertThat(joined.get("o1")).as("the same settings join the shared cache").isEqualTo("first");
  }

  private static <V> MutableConfiguration<String, V> tenMinutes(Class<V> valueType) {
    return new MutableConfiguration<String, V>().setTypes(String.class, valueType)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 10)));
  }

  @Test
  void aDestroyReachesAHandleOpenInAnotherManager() throws InterruptedException {
    manager(first).createCache("doomed", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    Cache<String, String> elsewhere = manager(second).getCache("doomed", String.class, String.class);
    elsewhere.put("before", "1");

    manager(first).destroyCache("doomed");

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    IllegalStateException stopped = null;
    while (stopped == null && System.nanoTime() < deadline) {
      try {
        elsewhere.put("after", "2");
        Thread.sleep(50);
      } catch (IllegalStateException e) {
        stopped = e;
      }
    }
    assertThat(stopped).as("the other handle stops writing").isNotNull()
        .hasMessageContaining("destroyed by another process");
    assertThat(elsewhere.isClosed()).isTrue();

    Cache<String, String> again = manager(first).createCache("doomed", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    again.put("new", "3");
    assertThat(again.get("before")).isNull();
    manager(first).destroyCache("doomed");
    manager(first).createCache("doomed", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)).put("after", "2");
    assertThat(manager(second).getCache("doomed", String.class, String.class).get("after"))
        .as("getCache in the other manager finds the new life of the cache").isEqualTo("2");
  }

  @Test
  void createCacheNeverHandsOutAClosedCache() throws Exception {
    CacheManager manager = manager(first);
    for (int round = 0; round < 100; round++) {
      String name = "race" + round;
      AtomicBoolean done = new AtomicBoolean();
      Thread finder = new Thread(() -> {
        while (!done.get()) {
          manager.getCache(name);
        }
      });
      finder.start();
      Cache<String, String> created = manager.createCache(name, new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class));
      Thread.sleep(2);
      done.set(true);
      finder.join();
      assertThat(created.isClosed()).as("round " + round).isFalse();
      assertThat(manager.getCache(name)).isSameAs(created);
    }
  }

  @Test
  void getCacheOfAnOpenCacheNeedsNoServer() {
    try (RedisServer own = RedisServer.start()) {
      CacheManager manager = first.getCacheManager(own.uri("prefix=offline"), getClass().getClassLoader());
      Cache<String, String> cache = manager.createCache("open", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class));
      own.stop();
      assertThat(manager.getCache("open", String.class, String.class)).isSameAs(cache);
      assertThat(manager.getCache("open")).isSameAs(cache);
    }
  }

  @Test
  void aCacheLostWithRedisDataIsNotTakenForDestroyed() throws InterruptedException {
    Cache<String, String> cache = manager(first).createCache("kept", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(server.uri("").toString());
    try (var raw = client.connect()) {
      raw.sync().flushall();
    } finally {
      client.shutdown();
    }
    Thread.sleep(1_100); // past the next registration check
    cache.put("k", "v");
    assertThat(cache.isClosed()).isFalse();
    assertThat(cache.get("k")).isEqualTo("v");
    assertThat(manager(second).getCache("kept", String.class, String.class).get("k"))
        .as("registered again, so other managers find it").isEqualTo("v");
  }
}
