package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.CairnCachingProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression: a stored value that cannot be decoded (garbage, or a class outside the allow-list) reads as a miss;
 * an entry processor on it once looped forever, because its compare-and-set "only if absent" never matched, and
 * then gave up. The compare-and-set now matches the bytes that were read, so the processor sees a miss and its
 * value replaces the unreadable one.
 */
class RedisUnreadableValueTest {

  @RegisterExtension
  static final RedisServerExtension server = new RedisServerExtension();

  @Test
  void invokeOnAnUnreadableValueSeesAMissAndReplacesIt() {
    CairnCachingProvider provider = new CairnCachingProvider();
    RedisClient client = RedisClient.create(server.uri("").toString());
    try (StatefulRedisConnection<String, String> raw = client.connect()) {
      Cache<String, Object> cache = provider.getCacheManager(server.uri("prefix=unreadable"), null)
          .createCache("objects", new MutableConfiguration<String, Object>().setTypes(String.class, Object.class));
      raw.sync().set("unreadable:objects:k", "not java serialization");

      assertThat(cache.get("k")).isNull();
      assertThat(cache.unwrap(CairnCache.class).statistics().getUnreadableEntries())
          .as("a miss, counted").isEqualTo(1);
      Object seen = cache.invoke("k", (entry, args) -> {
        boolean existed = entry.exists();
        entry.setValue("new");
        return existed;
      });
      assertThat(seen).as("the processor saw a miss").isEqualTo(false);
      assertThat(cache.get("k")).isEqualTo("new");
    } finally {
      client.shutdown();
      provider.close();
    }
  }

  @Test
  void getAndPutAndGetAndRemoveOfAnUnreadableValueAreMisses() {
    CairnCachingProvider provider = new CairnCachingProvider();
    RedisClient client = RedisClient.create(server.uri("").toString());
    try (StatefulRedisConnection<String, String> raw = client.connect()) {
      Cache<String, Object> cache = provider.getCacheManager(server.uri("prefix=unreadable2"), null)
          .createCache("objects", new MutableConfiguration<String, Object>().setTypes(String.class, Object.class)
              .setStatisticsEnabled(true));
      raw.sync().set("unreadable2:objects:a", "not java serialization");
      raw.sync().set("unreadable2:objects:b", "not java serialization");

      assertThat(cache.getAndPut("a", "new")).isNull();
      assertThat(cache.getAndRemove("b")).isNull();
      CairnCache<?, ?> cairn = cache.unwrap(CairnCache.class);
      assertThat(cairn.statistics().getCacheHits()).as("nothing readable was found").isZero();
      assertThat(cairn.statistics().getCacheMisses()).isEqualTo(2);
      assertThat(cache.get("a")).isEqualTo("new");
    } finally {
      client.shutdown();
      provider.close();
    }
  }
}
