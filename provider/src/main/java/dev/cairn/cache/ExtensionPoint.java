package dev.cairn.cache;

import dev.cairn.cache.engine.BulkOperations;
import dev.cairn.cache.engine.CacheContext;
import dev.cairn.cache.engine.ExtendedOperations;
import dev.cairn.cache.engine.SingleKeyOperations;
import dev.cairn.cache.integration.Loader;
import dev.cairn.cache.store.Store;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What cairn-extensions builds on, reached with {@link CairnCache#extensionPoint()}: the engine's operations of one
 * cache for each key version, and the cache's argument checks. Applications use the extensions' API instead; this
 * class is the one documented door into the provider's internals, so that the extensions need no reflection and
 * the provider keeps every JCache rule in its engine.
 *
 * <p>Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ExtensionPoint<K, V> {

  private final CairnCache<K, V> cache;
  private final CacheResources<K, V> resources;
  private final CacheContext<K, V> context;
  private final Loader<K, V> bulkLoader;
  private final long defaultVersion;
  private final Map<Long, Operations<K, V>> versions = new ConcurrentHashMap<>();
  private final Map<Object, Object> shared = new ConcurrentHashMap<>();

  ExtensionPoint(CairnCache<K, V> cache, CacheResources<K, V> resources, CacheContext<K, V> context,
      Operations<K, V> defaults, Loader<K, V> bulkLoader, long defaultVersion) {
    this.cache = cache;
    this.resources = resources;
    this.context = context;
    this.bulkLoader = bulkLoader;
    this.defaultVersion = defaultVersion;
    versions.put(defaultVersion, defaults);
  }

  /**
   * The engine's operations of one key version of the cache.
   *
   * @param store the store of that version
   * @param single the JCache single-key operations on it
   * @param bulk the JCache bulk operations on it
   * @param extended the engine's operations for the extensions
   */
  public record Operations<K, V>(Store<K, V> store, CacheContext<K, V> context, SingleKeyOperations<K, V> single,
      BulkOperations<K, V> bulk, ExtendedOperations<K, V> extended) {

    static <K, V> Operations<K, V> of(CacheContext<K, V> context, Loader<K, V> bulkLoader) {
      SingleKeyOperations<K, V> single = new SingleKeyOperations<>(context);
      return new Operations<>(context.store(), context, single, new BulkOperations<>(context, single, bulkLoader),
          new ExtendedOperations<>(context));
    }
  }

  /** The cache. */
  public CairnCache<K, V> cache() {
    return cache;
  }

  /** The key version plain JCache calls use, from the cache's configuration. */
  public long defaultVersion() {
    return defaultVersion;
  }

  /**
   * The operations on key version {@code version}, which share the cache's policy, listeners, loader, writer and
   * statistics; a version's store is opened on first use and closed with the cache.
   *
   * @throws IllegalArgumentException if {@code version} is negative
   */
  public Operations<K, V> operations(long version) {
    if (version < 0) {
      throw new IllegalArgumentException("a key version must not be negative: " + version);
    }
    return versions.computeIfAbsent(version,
        v -> Operations.of(context.withStore(resources.store(v)), bulkLoader));
  }

  /**
   * The objects of type {@code type} the cache created from {@code CairnConfiguration#addExtension} factories, in
   * registration order.
   */
  public <T> List<T> extensions(Class<T> type) {
    return resources.extensions().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /**
   * A state object an add-on shares among all its views of this cache (such as the computations in flight),
   * created once per {@code key}.
   */
  public <T> T shared(Object key, Function<Object, T> create) {
    @SuppressWarnings("unchecked")
    T value = (T) shared.computeIfAbsent(key, create);
    return value;
  }

  /** @throws IllegalStateException if the cache is closed */
  public void ensureOpen() {
    cache.ensureOpen();
  }

  /**
   * @throws NullPointerException if {@code key} is null
   * @throws ClassCastException if it is not of the cache's key type
   */
  public K requireKey(K key) {
    return cache.requireKey(key);
  }

  /**
   * @throws NullPointerException if {@code value} is null
   * @throws ClassCastException if it is not of the cache's value type
   */
  public V requireValue(V value) {
    return cache.requireValue(value);
  }
}
