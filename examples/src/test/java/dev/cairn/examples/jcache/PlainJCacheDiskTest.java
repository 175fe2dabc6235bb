package dev.cairn.examples.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.examples.StoreOnlyDocument;
import java.net.URI;
import java.nio.file.Path;
import javax.cache.Cache;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain JCache on the disk store: what the application stored reads back after a restart, with no configuration. */
class PlainJCacheDiskTest extends PlainJCacheTest {

  @TempDir
  static Path directory;

  @Override
  URI document() {
    return StoreOnlyDocument.write(directory, StoreOnlyDocument.disk(directory));
  }

  @Test
  void everythingTheApplicationStoredReadsBackAfterARestart() {
    cache(manager, "objects", new MutableConfiguration<>()).put("user:42", ORDER);
    cache(manager, "orders", new MutableConfiguration<String, Order>().setTypes(String.class, Order.class))
        .put("o1", ORDER);
    manager.close();

    manager = Caching.getCachingProvider().getCacheManager(document(), getClass().getClassLoader());
    Cache<Object, Object> objects = manager.getCache("objects");
    Cache<String, Order> orders = manager.getCache("orders", String.class, Order.class);
    assertThat(objects.get("user:42")).isEqualTo(ORDER);
    assertThat(orders.get("o1")).isEqualTo(ORDER);
    assertThat(unreadable(objects) + unreadable(orders)).isZero();
  }
}
