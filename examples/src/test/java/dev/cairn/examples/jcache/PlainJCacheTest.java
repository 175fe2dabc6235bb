package dev.cairn.examples.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCache;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plain {@code javax.cache} code, as a new user writes it, with no Cairn configuration beyond the store: untyped
 * caches ({@code new MutableConfiguration<>()}) and typed caches whose values hold other application classes give
 * back the application's own classes. Subclasses pick the store.
 */
abstract class PlainJCacheTest {

  static final Order ORDER = new Order("ada", List.of(new Order.LineItem("tea", 2), new Order.LineItem("cake", 1)),
      Order.Status.OPEN);

  CacheManager manager;

  /** A document that names only the store. */
  abstract URI document();

  @BeforeEach
  void open() {
    manager = Caching.getCachingProvider().getCacheManager(document(), getClass().getClassLoader());
  }

  @AfterEach
  void close() {
    manager.getCacheNames().forEach(name -> manager.getCache(name).clear());
    manager.close();
  }

  /** The cache of that name, created with {@code configuration} unless it exists (in the store, from a past test). */
  static <K, V> Cache<K, V> cache(CacheManager manager, String name, MutableConfiguration<K, V> configuration) {
    Cache<K, V> cache = configuration.getKeyType() == Object.class ? uncheckedGet(manager, name)
        : manager.getCache(name, configuration.getKeyType(), configuration.getValueType());
    return cache != null ? cache : manager.createCache(name, configuration);
  }

  @SuppressWarnings("unchecked")
  private static <K, V> Cache<K, V> uncheckedGet(CacheManager manager, String name) {
    return (Cache<K, V>) manager.getCache(name);
  }

  static long unreadable(Cache<?, ?> cache) {
    return cache.unwrap(CairnCache.class).statistics().getUnreadableEntries();
  }

  @Test
  void anUntypedCacheGivesBackTheApplicationsClasses() {
    Cache<Object, Object> cache = cache(manager, "objects", new MutableConfiguration<>());
    cache.put("user:42", ORDER);
    cache.put(42L, ORDER.items().get(0));
    cache.put(42, Order.Status.SHIPPED);

    assertThat(cache.get("user:42")).isEqualTo(ORDER);
    assertThat(cache.get(42L)).isEqualTo(ORDER.items().get(0));
    assertThat(cache.get(42)).as("Integer 42 is another key than Long 42").isEqualTo(Order.Status.SHIPPED);
    Map<Object, Object> entries = new HashMap<>();
    cache.forEach(entry -> entries.put(entry.getKey(), entry.getValue()));
    assertThat(entries).containsOnlyKeys("user:42", 42L, 42);
    assertThat(unreadable(cache)).isZero();
  }

  @Test
  void aTypedCacheWhoseValuesHoldOtherApplicationClasses() {
    Cache<String, Order> orders = cache(manager, "orders",
        new MutableConfiguration<String, Order>().setTypes(String.class, Order.class));
    orders.put("o1", ORDER);
    assertThat(orders.get("o1")).isEqualTo(ORDER);

    Order shipped = new Order(ORDER.customer(), ORDER.items(), Order.Status.SHIPPED);
    assertThat(orders.replace("o1", ORDER, shipped)).as("compare-and-set by the value's bytes").isTrue();
    Order.Status status = orders.invoke("o1", (entry, args) -> entry.getValue().status());
    assertThat(status).isEqualTo(Order.Status.SHIPPED);
    assertThat(unreadable(orders)).isZero();
  }
}
