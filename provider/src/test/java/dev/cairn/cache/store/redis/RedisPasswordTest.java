package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.store.StoreProviders;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis password never shows: not in MBean names, not in exception messages, not in logs (DEBUG included),
 * against a real redis-server that requires it.
 */
class RedisPasswordTest {

  private static final String PASSWORD = "S3cretPW";

  private static RedisServer server;

  private final CairnCachingProvider provider = new CairnCachingProvider();
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Logger cairnLogger = Logger.getLogger("dev.cairn");
  private final Handler capture = new Handler() {
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      logged.add(formatter.format(record));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  private Level previousLevel;

  @BeforeAll
  static void startServerWithAPassword() {
    server = RedisServer.start();
    try (RedisClient client = RedisClient.create(server.uri("").toString());
        StatefulRedisConnection<String, String> raw = client.connect()) {
      raw.sync().configSet("requirepass", PASSWORD);
    }
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void captureLogs() {
    previousLevel = cairnLogger.getLevel();
    cairnLogger.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    cairnLogger.addHandler(capture);
  }

  @AfterEach
  void close() {
    provider.close();
    cairnLogger.removeHandler(capture);
    cairnLogger.setLevel(previousLevel);
  }

  @Test
  void mbeanNamesMessagesAndLogsNeverShowThePassword() throws Exception {
    CacheManager manager = provider.getCacheManager(
        URI.create("redis://:" + PASSWORD + "@127.0.0.1:" + server.port() + "?prefix=pw"), null);
    MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setStatisticsEnabled(true).setManagementEnabled(true);
    Cache<String, String> cache = manager.createCache("hits", configuration);
    cache.put("k", "v");
    assertThat(cache.get("k")).as("the password was used").isEqualTo("v");

    Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer()
        .queryNames(new ObjectName("javax.cache:Cache=hits,*"), null);
    assertThat(names).hasSize(2).allSatisfy(name -> {
      assertThat(name.toString()).doesNotContain(PASSWORD);
      assertThat(name.getKeyProperty("CacheManager")).isEqualTo("redis.//127.0.0.1." + server.port() + ".prefix.pw");
    });
    assertThatThrownBy(() -> manager.createCache("hits", configuration))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("already exists in redis://127.0.0.1:" + server.port())
        .satisfies(e -> assertThat(messages(e)).doesNotContain(PASSWORD));

    manager.close();
    assertThatThrownBy(() -> manager.createCache("other", configuration))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis://127.0.0.1:" + server.port())
        .satisfies(e -> assertThat(messages(e)).doesNotContain(PASSWORD));
    assertThat(logged).as("DEBUG logs were captured").anyMatch(line -> line.contains("opened cache manager"));
    assertThat(logged).noneMatch(line -> line.contains(PASSWORD));
  }

  @Test
  void aSentinelPasswordAndAnUnknownSchemeAreNotShownEither() {
    assertThat(StoreProviders.describe(URI.create("redis-sentinel://" + PASSWORD + "@s1:26379,s2:26379/0#m")))
        .isEqualTo("redis-sentinel://s1:26379,s2:26379/0#m");
    assertThat(StoreProviders.describe(URI.create("classpath:cairn.yaml"))).isEqualTo("classpath:cairn.yaml");
    assertThatThrownBy(() -> StoreProviders.open(URI.create("redsi://user:" + PASSWORD + "@h:6379"),
        new Properties(), getClass().getClassLoader()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("redsi://h:6379")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void aValueOverTheSizeLimitFailsAtPutNamingTheLimit() {
    CacheManager manager = provider.getCacheManager(
        URI.create("redis://:" + PASSWORD + "@127.0.0.1:" + server.port() + "?prefix=pw&maxValueSize=1k"), null);
    Cache<String, String> cache = manager.createCache("blobs",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));

    assertThatThrownBy(() -> cache.put("k", "x".repeat(4096)))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("4096 bytes")
        .hasMessageContaining("1024 bytes (1k)")
        .hasMessageContaining("maxValueSize");
    assertThat(cache.containsKey("k")).isFalse();
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }
}
