package dev.cairn.cache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Values whose stored form is not canonical (Java serialization of a {@code HashSet} or {@code HashMap} writes its
 * capacity, which decoding does not keep) and values that entry processors change in place: every store must give
 * the answers the memory store gives. Each store has one subclass that says where its manager lives.
 */
public abstract class NonCanonicalValuesContractTest {

  /** Counts writer calls across the per-cache writer instances the factory makes. */
  static final AtomicInteger WRITES = new AtomicInteger();

  private final CairnCachingProvider provider = new CairnCachingProvider();
  protected CacheManager manager;

  /** The URI of a manager on a clean data area of the store under test. */
  protected abstract URI managerUri();

  @BeforeEach
  void openManager() {
    manager = provider.getCacheManager(managerUri(), getClass().getClassLoader());
    WRITES.set(0);
  }

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  private Cache<String, Object> cache(MutableConfiguration<String, Object> configuration) {
    return manager.createCache("values", configuration.setTypes(String.class, Object.class));
  }

  private Cache<String, Object> cache() {
    return cache(new MutableConfiguration<>());
  }

  /** A map whose serialized form keeps a capacity of 64, which decoding shrinks to fit. */
  static HashMap<String, Integer> roomyMap() {
    HashMap<String, Integer> map = new HashMap<>(64);
    map.put("a", 1);
    map.put("b", 2);
    return map;
  }

  @Test
  void entryProcessorChangesAListInPlace() {
    Cache<String, Object> cache = cache();
    cache.put("k", new ArrayList<>(List.of("a")));
    cache.invoke("k", (entry, args) -> {
      @SuppressWarnings("unchecked")
      List<String> list = (List<String>) entry.getValue();
      list.add("b");
      entry.setValue(list);
      return null;
    });
    assertThat(cache.get("k")).isEqualTo(List.of("a", "b"));
  }

  @Test
  void entryProcessorAddsToACopyOfSmallHashSets() {
    Cache<String, Object> cache = cache();
    for (int size = 1; size <= 6; size++) {
      Set<String> members = IntStream.range(0, size).mapToObj(i -> "m" + i).collect(Collectors.toSet());
      cache.put("k" + size, new HashSet<>(members));
      cache.invoke("k" + size, (entry, args) -> {
        @SuppressWarnings("unchecked")
        Set<String> copy = new HashSet<>((Set<String>) entry.getValue());
        copy.add("new");
        entry.setValue(copy);
        return null;
      });
      assertThat((Set<?>) cache.get("k" + size)).hasSize(size + 1).anyMatch("new"::equals);
    }
  }

  @Test
  void conditionalReplaceAndRemoveCompareDecodedValues() {
    Cache<String, Object> cache = cache();
    cache.put("k", roomyMap());
    assertThat(cache.replace("k", roomyMap(), "replaced")).isTrue();
    assertThat(cache.get("k")).isEqualTo("replaced");

    cache.put("k", roomyMap());
    assertThat(cache.remove("k", Map.of("a", 1, "b", 3))).as("an unequal value").isFalse();
    assertThat(cache.remove("k", roomyMap())).isTrue();
    assertThat(cache.containsKey("k")).isFalse();
  }

  @Test
  void putOverANonCanonicalValueWithACustomExpiryPolicy() {
    Cache<String, Object> cache = cache(new MutableConfiguration<String, Object>()
        .setExpiryPolicyFactory(FactoryBuilder.factoryOf(new EternalPolicy())));
    cache.put("k", roomyMap());
    cache.put("k", "second");
    assertThat(cache.get("k")).isEqualTo("second");
  }

  @Test
  void writeThroughReplaceCallsTheWriterOnce() {
    Cache<String, Object> cache = cache(new MutableConfiguration<String, Object>().setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(new CountingWriter())));
    cache.put("k", roomyMap());
    assertThat(cache.replace("k", "second")).isTrue();
    assertThat(cache.get("k")).isEqualTo("second");
    assertThat(WRITES.get()).as("the put and the replace").isEqualTo(2);
  }

  /** A custom policy, so that the engine reads before it writes. */
  public static final class EternalPolicy implements ExpiryPolicy, Serializable {
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
  }

  /** Counts the writes it is asked to make. */
  public static final class CountingWriter implements CacheWriter<String, Object>, Serializable {
    @Override
    public void write(Cache.Entry<? extends String, ? extends Object> entry) {
      WRITES.incrementAndGet();
    }

    @Override
    public void writeAll(java.util.Collection<Cache.Entry<? extends String, ? extends Object>> entries) {
      entries.forEach(this::write);
    }

    @Override
    public void delete(Object key) {
    }

    @Override
    public void deleteAll(java.util.Collection<?> keys) {
      keys.clear();
    }
  }
}
