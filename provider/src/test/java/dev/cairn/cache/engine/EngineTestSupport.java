package dev.cairn.cache.engine;

import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.config.CairnConfiguration;
import dev.cairn.cache.expiry.ManualClock;
import java.net.URI;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import org.junit.jupiter.api.AfterEach;

/** Each engine test gets its own memory-store manager and a manual clock. */
abstract class EngineTestSupport {

  protected final ManualClock clock = new ManualClock();
  protected final CairnCachingProvider provider = new CairnCachingProvider();
  protected final CacheManager manager = provider.getCacheManager(
      URI.create("memory:" + getClass().getSimpleName() + "-" + UUID.randomUUID()), getClass().getClassLoader());

  /** A configuration on the test's clock. */
  protected <K, V> CairnConfiguration<K, V> configuration(Class<K> keyType, Class<V> valueType) {
    CairnConfiguration<K, V> configuration = new CairnConfiguration<>();
    configuration.setTypes(keyType, valueType);
    configuration.setClock(clock);
    return configuration;
  }

  protected <K, V> Cache<K, V> create(Configuration<K, V> configuration) {
    return manager.createCache("cache", configuration);
  }

  @AfterEach
  void closeManager() {
    provider.close();
  }
}
