package dev.cairn.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.config.CairnConfiguration;
import java.io.Closeable;
import java.io.Serializable;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CairnCachingProviderTest {

  private final CairnCachingProvider provider = new CairnCachingProvider();

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void isTheOneProviderJCacheFinds() {
    assertThat(Caching.getCachingProvider()).isInstanceOf(CairnCachingProvider.class);
  }

  @Test
  void defaultsToTheMemoryStore() {
    CacheManager manager = provider.getCacheManager();
    assertThat(manager.getURI().getScheme()).isEqualTo("memory");
    Cache<String, String> cache = manager.createCache("c", new CairnConfiguration<String, String>());
    cache.put("k", "v");
    assertThat(cache.get("k")).isEqualTo("v");
  }

  @Test
  void anUnknownSchemeNamesTheSupportedOnes() {
    assertThatThrownBy(() -> provider.getCacheManager(URI.create("mongo://localhost"), null))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("mongo")
        .hasMessageContaining("memory");
  }

  @Test
  void managersAreKeptPerUriAndClassLoader() {
    ClassLoader other = new ClassLoader(getClass().getClassLoader()) { };
    URI uri = URI.create("memory:one");
    CacheManager first = provider.getCacheManager(uri, null);
    assertThat(provider.getCacheManager(uri, null)).isSameAs(first);
    assertThat(provider.getCacheManager(uri, other)).isNotSameAs(first);
    assertThat(provider.getCacheManager(URI.create("memory:two"), null)).isNotSameAs(first);
    first.close();
    assertThat(provider.getCacheManager(uri, null)).isNotSameAs(first);
  }

  @Test
  void closingACacheClosesWhatItCreatedFromFactories() {
    Tracked.closed.set(0);
    CairnConfiguration<String, String> configuration = new CairnConfiguration<>();
    configuration.setTypes(String.class, String.class);
    configuration.setCacheLoaderFactory(FactoryBuilder.factoryOf(new TrackedLoader())).setReadThrough(true);
    configuration.setExpiryPolicyFactory(FactoryBuilder.factoryOf(new TrackedExpiry()));
    configuration.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new TrackedListener()), null, false, true));
    Cache<String, String> cache = provider.getCacheManager().createCache("closing", configuration);
    cache.close();
    assertThat(cache.isClosed()).isTrue();
    assertThat(Tracked.closed).hasValue(3);
    assertThatThrownBy(() -> cache.get("k")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void storeByValueIsolatesTheCacheFromCallerMutations() {
    CairnConfiguration<String, StringBuilder> configuration = new CairnConfiguration<>();
    configuration.setTypes(String.class, StringBuilder.class);
    Cache<String, StringBuilder> cache = provider.getCacheManager().createCache("byValue", configuration);
    StringBuilder value = new StringBuilder("original");
    cache.put("k", value);
    value.append("-mutated");
    cache.get("k").append("-mutated-too");
    assertThat(cache.get("k")).hasToString("original");
  }

  @Test
  void storeByReferenceKeepsTheCallersObject() {
    CairnConfiguration<String, StringBuilder> configuration = new CairnConfiguration<>();
    configuration.setTypes(String.class, StringBuilder.class);
    configuration.setStoreByValue(false);
    Cache<String, StringBuilder> cache = provider.getCacheManager().createCache("byReference", configuration);
    StringBuilder value = new StringBuilder("original");
    cache.put("k", value);
    assertThat(cache.get("k")).isSameAs(value);
  }

  @Test
  void wrongTypesAreClassCastExceptionsAndNullsAreNullPointerExceptions() {
    CairnConfiguration<String, Integer> configuration = new CairnConfiguration<>();
    configuration.setTypes(String.class, Integer.class);
    @SuppressWarnings({"rawtypes", "unchecked"})
    Cache<Object, Object> raw = (Cache) provider.getCacheManager().createCache("typed", configuration);
    assertThatThrownBy(() -> raw.put("k", "not a number")).isInstanceOf(ClassCastException.class)
        .hasMessageContaining("java.lang.Integer");
    assertThatThrownBy(() -> raw.put(null, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> raw.putAll(Map.of("a", 1, "b", "x"))).isInstanceOf(ClassCastException.class);
    assertThat(raw.containsKey("a")).isFalse();
  }

  static final class Tracked {
    static final AtomicInteger closed = new AtomicInteger();
  }

  public static final class TrackedLoader implements CacheLoader<String, String>, Closeable, Serializable {
    @Override
    public String load(String key) {
      return null;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      return Map.of();
    }

    @Override
    public void close() {
      Tracked.closed.incrementAndGet();
    }
  }

  public static final class TrackedExpiry implements ExpiryPolicy, Closeable, Serializable {
    @Override
    public Duration getExpiryForCreation() {
      return Duration.ETERNAL;
    }

    @Override
    public Duration getExpiryForAccess() {
      return null;
    }

    @Override
    public Duration getExpiryForUpdate() {
      return null;
    }

    @Override
    public void close() {
      Tracked.closed.incrementAndGet();
    }
  }

  public static final class TrackedListener implements CacheEntryCreatedListener<String, String>, Closeable,
      Serializable {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
    }

    @Override
    public void close() {
      Tracked.closed.incrementAndGet();
    }
  }
}
