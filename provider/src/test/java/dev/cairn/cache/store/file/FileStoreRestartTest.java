package dev.cairn.cache.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.config.CairnConfiguration;
import dev.cairn.cache.expiry.ManualClock;
import dev.cairn.cache.store.StoreContractTest.Point;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries, their expiry and cache configurations survive closing and reopening a manager, through javax.cache. */
class FileStoreRestartTest {

  @TempDir
  Path directory;

  @Test
  void entriesExpiryAndConfigurationsSurviveRestart() {
    ManualClock clock = new ManualClock();
    // start the manual clock at the real time, so that the rebuilt cache (on the system clock) agrees with it
    clock.advance(java.time.Duration.ofMillis(System.currentTimeMillis() - clock.millis()));
    CairnConfiguration<String, String> sessionsConfig = new CairnConfiguration<String, String>().setClock(clock);
    sessionsConfig.setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.HOURS, 1)))
        .setStatisticsEnabled(true);

    CacheManager manager = open();
    Cache<String, String> sessions = manager.createCache("sessions", sessionsConfig);
    sessions.put("a", "1");
    sessions.put("b", "2");
    sessions.remove("b");
    Cache<Integer, Point> points = manager.createCache("points",
        new MutableConfiguration<Integer, Point>().setTypes(Integer.class, Point.class));
    points.put(1, new Point(1, 2));
    manager.close();

    manager = open();
    assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("sessions", "points");
    Cache<String, String> rebuilt = manager.getCache("sessions", String.class, String.class);
    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, String> config = rebuilt.getConfiguration(CompleteConfiguration.class);
    assertThat(config.isStatisticsEnabled()).isTrue();
    ExpiryPolicy policy = config.getExpiryPolicyFactory().create();
    assertThat(policy).isInstanceOf(CreatedExpiryPolicy.class);
    assertThat(policy.getExpiryForCreation()).isEqualTo(new Duration(TimeUnit.HOURS, 1));
    assertThat(rebuilt.get("a")).isEqualTo("1");
    assertThat(rebuilt.containsKey("b")).isFalse();
    assertThat(manager.getCache("points", Integer.class, Point.class).get(1)).isEqualTo(new Point(1, 2));
    manager.close();

    // deadlines are absolute: 61 minutes after the put the entry is gone, whatever restarts happened between
    clock.advance(java.time.Duration.ofMinutes(30));
    manager = open();
    assertThat(manager.createCache("sessions", sessionsConfig).get("a")).isEqualTo("1");
    manager.close();
    clock.advance(java.time.Duration.ofMinutes(31));
    manager = open();
    Cache<String, String> expired = manager.createCache("sessions", sessionsConfig);
    assertThat(expired.get("a")).isNull();
    assertThat(expired.iterator().hasNext()).isFalse();
    manager.close();
  }

  @Test
  void destroyedCacheStaysDestroyed() {
    CacheManager manager = open();
    manager.createCache("doomed", new MutableConfiguration<String, String>().setTypes(String.class, String.class))
        .put("k", "v");
    manager.destroyCache("doomed");
    manager.close();

    manager = open();
    assertThat(manager.getCacheNames()).doesNotContain("doomed");
    assertThat(manager.getCache("doomed", String.class, String.class)).isNull();
    Cache<String, String> recreated = manager.createCache("doomed",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    assertThat(recreated.get("k")).isNull();
    manager.close();
  }

  @Test
  void anEternalCacheStaysEternalAfterRestart() {
    CacheManager manager = open();
    manager.createCache("forever", new MutableConfiguration<String, String>().setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ETERNAL))).put("a", "1");
    manager.close();

    manager = open();
    Cache<String, String> rebuilt = manager.getCache("forever", String.class, String.class);
    rebuilt.put("b", "2");
    assertThat(rebuilt.get("b")).isEqualTo("2");
    assertThat(rebuilt.get("a")).isEqualTo("1");
    manager.close();
  }

  @Test
  void createCacheWithOtherSettingsAfterRestartFailsNamingThem() {
    CacheManager manager = open();
    manager.createCache("orders", minutes(10)).put("o1", "kept");
    manager.close();

    manager = open();
    CacheManager reopened = manager;
    assertThatThrownBy(() -> reopened.createCache("orders", minutes(5)))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("expiry duration 10 MINUTES (asked: 5 MINUTES)");
    assertThat(manager.createCache("orders", minutes(10)).get("o1")).isEqualTo("kept");
    manager.close();
  }

  private static MutableConfiguration<String, String> minutes(int minutes) {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, minutes)));
  }

  @Test
  void createCacheNeverHandsOutAClosedCache() throws InterruptedException {
    CacheManager manager = open();
    for (int round = 0; round < 200; round++) {
      String name = "race" + round;
      AtomicBoolean done = new AtomicBoolean();
      Thread finder = new Thread(() -> {
        while (!done.get()) {
          manager.getCache(name);
        }
      });
      finder.start();
      Cache<String, String> created = manager.createCache(name,
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      done.set(true);
      finder.join();
      assertThat(created.isClosed()).as("round " + round).isFalse();
    }
    manager.close();
  }

  private CacheManager open() {
    return Caching.getCachingProvider().getCacheManager(URI.create("disk:" + directory.toUri().getRawPath()),
        getClass().getClassLoader());
  }
}
