package dev.cairn.examples.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.store.redis.RedisServerExtension;
import dev.cairn.examples.StoreOnlyDocument;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.nio.file.Path;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain JCache on Redis: keys of untyped caches are readable text, and another JVM of the application reads typed
 * values at once, and an untyped cache's values after one miss per class (until it stores one itself).
 */
class PlainJCacheRedisTest extends PlainJCacheTest {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  static Path directory;

  @Override
  URI document() {
    return StoreOnlyDocument.write(directory, redis.uri("prefix=app").toString());
  }

  @Test
  void keysOfUntypedCachesAreReadableText() {
    Cache<Object, Object> cache = cache(manager, "objects", new MutableConfiguration<>());
    cache.put("user:42", ORDER);
    cache.put(42L, ORDER);
    cache.put(7, ORDER);
    cache.put("42", ORDER);
    RedisClient client = RedisClient.create(redis.uri("").toString());
    try (StatefulRedisConnection<String, String> raw = client.connect()) {
      assertThat(raw.sync().keys("app:objects:*"))
          .containsExactlyInAnyOrder("app:objects:user:42", "app:objects:42", "app:objects:~i7", "app:objects:~s42");
    } finally {
      client.shutdown();
    }
  }

  @Test
  void anotherJvmReadsTypedValuesAtOnceAndUntypedOnesAfterOneMiss() {
    cache(manager, "orders", new MutableConfiguration<String, Order>().setTypes(String.class, Order.class))
        .put("o1", ORDER);
    cache(manager, "objects", new MutableConfiguration<>()).put("user:42", ORDER);

    CairnCachingProvider otherJvm = new CairnCachingProvider();
    try {
      CacheManager there = otherJvm.getCacheManager(document(), getClass().getClassLoader());
      Cache<String, Order> orders = there.getCache("orders", String.class, Order.class);
      assertThat(orders.get("o1")).as("the declared type names its parts").isEqualTo(ORDER);
      assertThat(unreadable(orders)).isZero();

      Cache<Object, Object> objects = there.getCache("objects");
      assertThat(objects.get("user:42")).as("not stored by this JVM yet: a miss").isNull();
      assertThat(unreadable(objects)).isEqualTo(1);
      objects.put("user:43", ORDER);
      assertThat(objects.get("user:42")).isEqualTo(ORDER);
    } finally {
      otherJvm.close();
    }
  }
}
