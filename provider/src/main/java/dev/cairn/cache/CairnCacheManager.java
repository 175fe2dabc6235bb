package dev.cairn.cache;

import dev.cairn.cache.config.CacheDescriptor;
import dev.cairn.cache.config.CairnConfiguration;
import dev.cairn.cache.config.ConfigDocument;
import dev.cairn.cache.store.CacheRegistry;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreProviders;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;

/**
 * Cairn's {@link CacheManager}: the caches of one store URI and class loader. Its {@link StoreBackend} (a memory
 * area, a Redis connection, a directory) is opened with the manager and closed with it.
 *
 * <p>A manager opened from a configuration document ({@link ConfigDocument}) also has the caches the document
 * names: {@code getCache} opens them, configured from the document, the first time it is asked for one (and again
 * after {@code destroyCache}). {@code createCache} with a configuration that says nothing (a plain
 * {@code new MutableConfiguration<>()}, as Hibernate passes for a missing region) takes the document's settings
 * for that name, or its {@code default} ones; any other configuration is used as given.
 *
 * <p>Thread-safe.
 */
public final class CairnCacheManager implements CacheManager {

  private static final System.Logger LOG = System.getLogger(CairnCacheManager.class.getName());
  private static final MutableConfiguration<Object, Object> UNCONFIGURED = new MutableConfiguration<>();

  private final CairnCachingProvider provider;
  private final URI uri;
  /** The URI without user info (a Redis password): what messages, logs and MBean names show. */
  private final String description;
  private final WeakReference<ClassLoader> classLoader;
  private final Properties properties;
  private final StoreBackend backend;
  private final @Nullable ConfigDocument document;
  private final ConcurrentMap<String, CairnCache<?, ?>> caches = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * A manager over {@code backend}; {@code document} is the configuration document it was opened from, or
   * {@code null} when its URI named a store directly.
   */
  CairnCacheManager(CairnCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties,
      StoreBackend backend, @Nullable ConfigDocument document) {
    this.provider = provider;
    this.uri = uri;
    this.description = StoreProviders.describe(uri);
    this.classLoader = new WeakReference<>(classLoader);
    this.properties = properties;
    this.backend = backend;
    this.document = document;
    LOG.log(System.Logger.Level.DEBUG, "opened cache manager {0}", description);
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    ClassLoader loader = classLoader.get();
    if (loader == null) {
      // the provider keeps managers by weakly held class loaders: one whose loader is gone is unreachable there
      throw new IllegalStateException("the class loader of cache manager " + description + " was garbage collected");
    }
    return loader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public synchronized <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName,
      C configuration) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    if (caches.containsKey(cacheName)) {
      throw new CacheException("cache " + cacheName + " already exists in " + description);
    }
    return create(cacheName, document != null && saysNothing(configuration)
        ? castTemplate(document.configuration(cacheName, getClassLoader()))
        : CairnConfiguration.copyOf(configuration));
  }

  /**
   * Whether {@code configuration} is a plain {@link MutableConfiguration} with every setting at its default: the
   * caller expressed no wish, so the document decides.
   */
  private static boolean saysNothing(Configuration<?, ?> configuration) {
    return configuration.getClass() == MutableConfiguration.class && configuration.equals(UNCONFIGURED);
  }

  /** A document's configuration has {@code Object} types, which is what a configuration that says nothing has. */
  @SuppressWarnings("unchecked")
  private static <K, V> CairnConfiguration<K, V> castTemplate(CairnConfiguration<Object, Object> configuration) {
    return (CairnConfiguration<K, V>) (CairnConfiguration<?, ?>) configuration;
  }

  /**
   * Creates the cache here and, on a store shared with other processes or restarts, in its registry. A cache the
   * registry already holds with the same settings is joined; with other settings it is an error, since this
   * process would read and write entries of another shape or lifetime than the cache's.
   */
  private <K, V> CairnCache<K, V> create(String cacheName, CairnConfiguration<K, V> copy) {
    if (!copy.isStoreByValue() && !backend.supportsStoreByReference()) {
      throw new UnsupportedOperationException("the store at " + description + " keeps bytes: store-by-reference is not "
          + "supported there; use store-by-value");
    }
    CacheRegistry registry = backend.registry();
    if (registry == null) {
      return open(cacheName, copy, null);
    }
    CacheDescriptor ours = CacheDescriptor.of(copy);
    CacheDescriptor recorded = CacheDescriptor.decode(registry.register(cacheName, ours.encode()));
    List<String> differences = ours.differencesFrom(recorded);
    if (!differences.isEmpty()) {
      throw new CacheException("cache " + cacheName + " already exists in " + uri + " with other settings "
          + "(created by another process sharing the store, or before a restart): " + String.join(", ", differences)
          + ". Open it with getCache, create it with the same settings, or destroyCache it first");
    }
    return open(cacheName, copy, new Registration(registry, cacheName, recorded.encode()));
  }

  private <K, V> CairnCache<K, V> open(String cacheName, CairnConfiguration<K, V> configuration,
      @Nullable Registration registration) {
    CacheResources<K, V> resources = new CacheResources<>(cacheName, configuration, backend, getClassLoader(),
        document == null ? List.of() : document.serializationAllow());
    CairnCache<K, V> cache = new CairnCache<>(cacheName, this, configuration, resources, registration);
    caches.put(cacheName, cache);
    return cache;
  }

  /**
   * This manager's cache of that name, unless another process destroyed it (see {@link Registration}); else one
   * the configuration document names, opened now; else one another process sharing the store created, rebuilt
   * from the shared registry; {@code null} if none exists. A cache open here costs no call to the store.
   */
  private @Nullable CairnCache<?, ?> find(String cacheName) {
    CairnCache<?, ?> cache = caches.get(cacheName);
    if (cache != null && !cache.destroyedElsewhere()) {
      return cache;
    }
    CacheRegistry registry = backend.registry();
    boolean declared = document != null && document.declares(cacheName);
    String descriptor = registry == null || declared ? null : registry.lookup(cacheName);
    if (!declared && descriptor == null) {
      return null;
    }
    synchronized (this) {
      cache = caches.get(cacheName);
      if (cache != null) {
        return cache;
      }
      if (declared && document != null) {
        // the document's own settings (loader, writer, key version) are richer than a registry descriptor
        return create(cacheName, document.configuration(cacheName, getClassLoader()));
      }
      if (registry == null || descriptor == null) {
        return null; // not reached: undeclared caches with no descriptor returned above
      }
      CacheDescriptor recorded = CacheDescriptor.decode(descriptor);
      return open(cacheName, recorded.toConfiguration(getClassLoader()),
          new Registration(registry, cacheName, descriptor));
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> @Nullable Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    CairnCache<?, ?> cache = find(cacheName);
    if (cache == null) {
      return null;
    }
    Configuration<?, ?> configuration = cache.getConfiguration(Configuration.class);
    if (configuration.getKeyType() != keyType || configuration.getValueType() != valueType) {
      throw new ClassCastException("cache " + cacheName + " holds " + configuration.getKeyType().getName() + " -> "
          + configuration.getValueType().getName() + ", not " + keyType.getName() + " -> " + valueType.getName());
    }
    return (Cache<K, V>) cache;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> @Nullable Cache<K, V> getCache(String cacheName) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    return (Cache<K, V>) find(cacheName);
  }

  @Override
  public Iterable<String> getCacheNames() {
    ensureOpen();
    LinkedHashSet<String> names = new LinkedHashSet<>(caches.keySet());
    if (document != null) {
      names.addAll(document.caches().keySet());
    }
    CacheRegistry registry = backend.registry();
    if (registry != null) {
      names.addAll(registry.names());
    }
    return Collections.unmodifiableSet(names);
  }

  @Override
  public synchronized void destroyCache(String cacheName) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    CairnCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.clear();
      cache.close();
    }
    backend.destroy(cacheName);
    CacheRegistry registry = backend.registry();
    if (registry != null) {
      // so that other processes with the cache open tell this destroy from entries lost with the store's data
      String recorded = registry.keepsDestroyed() ? registry.lookup(cacheName) : null;
      if (recorded != null) {
        registry.recordDestroyed(cacheName, CacheDescriptor.decode(recorded).epoch());
      }
      registry.unregister(cacheName);
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    ensureOpen();
    CairnCache<?, ?> cache = caches.get(Objects.requireNonNull(cacheName, "cacheName"));
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    ensureOpen();
    CairnCache<?, ?> cache = caches.get(Objects.requireNonNull(cacheName, "cacheName"));
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  /** Closes every cache, then the backend; the manager's stored data stays where the store keeps it. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    provider.release(this);
    for (CairnCache<?, ?> cache : new ArrayList<>(caches.values())) {
      cache.close();
    }
    backend.close();
    LOG.log(System.Logger.Level.DEBUG, "closed cache manager {0}", description);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap the cache manager to " + clazz.getName());
  }

  /**
   * The manager's URI as messages, logs and MBean names show it: {@link #getURI()} without user info, so a Redis
   * password never appears there.
   */
  public String description() {
    return description;
  }

  /** The configuration document this manager was opened from, or {@code null} if its URI named a store. */
  public @Nullable ConfigDocument document() {
    return document;
  }

  /** The backend this manager's caches live in. */
  public StoreBackend backend() {
    return backend;
  }

  /** Called by a cache that closes, so that the manager no longer hands it out. */
  void release(CairnCache<?, ?> cache) {
    caches.remove(cache.getName(), cache);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("cache manager " + description + " is closed");
    }
  }
}
