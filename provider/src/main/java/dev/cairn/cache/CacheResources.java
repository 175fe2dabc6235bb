package dev.cairn.cache;

import dev.cairn.cache.codec.Copier;
import dev.cairn.cache.codec.JavaSerializationCodec;
import dev.cairn.cache.codec.SerializationRules;
import dev.cairn.cache.config.CairnConfiguration;
import dev.cairn.cache.engine.Background;
import dev.cairn.cache.engine.CacheContext;
import dev.cairn.cache.engine.ExpiredEntries;
import dev.cairn.cache.event.EventDispatcher;
import dev.cairn.cache.expiry.ExpiryCalculator;
import dev.cairn.cache.instrument.StoreCalls;
import dev.cairn.cache.integration.Loader;
import dev.cairn.cache.integration.Writer;
import dev.cairn.cache.management.CacheStatistics;
import dev.cairn.cache.near.NearCacheStatistics;
import dev.cairn.cache.resilience.ResilientStore;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreListener;
import dev.cairn.cache.store.StoreSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.jspecify.annotations.Nullable;

/**
 * Everything a cache creates from its configuration's factories and its backend, and closes again when the cache
 * closes: expiry policy, loader, writer, store. The TCK checks that each {@code Closeable} one is closed.
 */
final class CacheResources<K, V> {

  private final ExpiryPolicy expiryPolicy;
  private final @Nullable CacheLoader<K, V> cacheLoader;
  private final @Nullable CacheWriter<? super K, ? super V> cacheWriter;
  private final boolean readThrough;
  private final CacheStatistics statistics = new CacheStatistics(false);
  private final StoreCalls storeCalls = new StoreCalls();
  private final Store<K, V> store;
  private final StoreSettings<K, V> settings;
  private final StoreBackend backend;
  private final Map<Long, Store<K, V>> versions = new ConcurrentHashMap<>();
  private final @Nullable Copier copier;
  private final List<Object> extensions;
  private final ExpiredEntries<K, V> expiries;

  CacheResources(String name, CairnConfiguration<K, V> configuration, StoreBackend backend,
      ClassLoader classLoader, List<String> serializationAllow) {
    this.expiryPolicy = configuration.getExpiryPolicyFactory().create();
    this.cacheLoader = configuration.getCacheLoaderFactory() == null ? null
        : configuration.getCacheLoaderFactory().create();
    this.cacheWriter = configuration.isWriteThrough() && configuration.getCacheWriterFactory() != null
        ? configuration.getCacheWriterFactory().create() : null;
    this.readThrough = configuration.isReadThrough();
    this.expiries = new ExpiredEntries<>(name);
    StoreListener<K, V> listener = new StoreListener<>() {
      @Override
      public void onExpired(K key, @Nullable V value) {
        expiries.report(key, value);
      }

      @Override
      public void onEvicted(@Nullable K key, @Nullable V value) {
        statistics.recordEvictions(1);
      }
    };
    this.backend = backend;
    // keys and values share what the cache learned: both are what this application wrote there
    SerializationRules rules = new SerializationRules(classLoader, serializationAllow,
        backend.learnedClasses(name));
    this.settings = new StoreSettings<>(name,
        backend.keyCodec(configuration.getKeyType(), rules),
        backend.valueCodec(configuration.getValueType(), rules),
        configuration.getMaximumSize(), configuration.getClock(), listener,
        !(expiryPolicy instanceof EternalExpiryPolicy), configuration.getKeyVersion(),
        configuration.getMaximumBytes(), configuration.getNearCache());
    this.store = storeCalls.instrument(backend.open(settings));
    versions.put(settings.keyVersion(), store);
    statistics.countUnreadableWith(() -> versions.values().stream().mapToLong(Store::unreadableEntries).sum());
    ResilientStore<?, ?> resilient = store.capability(ResilientStore.class);
    if (resilient != null) {
      statistics.reportCircuitOf(resilient);
    }
    NearCacheStatistics nearCache = store.capability(NearCacheStatistics.class);
    if (nearCache != null) {
      statistics.reportNearCacheOf(nearCache);
    }
    this.copier = configuration.isStoreByValue() && !backend.copiesValues()
        ? new Copier(JavaSerializationCodec.trusted(classLoader)) : null;
    this.extensions = configuration.getExtensions().stream().<Object>map(Factory::create).toList();
  }

  /** The objects created from {@link CairnConfiguration#getExtensions()}, in order. */
  List<Object> extensions() {
    return extensions;
  }

  CacheContext<K, V> context(Cache<K, V> source) {
    return new CacheContext<>(source, store, new ExpiryCalculator(expiryPolicy), new EventDispatcher<>(source, store.changeFeed()),
        statistics, readThrough ? Loader.of(cacheLoader) : Loader.none(), Writer.of(cacheWriter), copier);
  }

  /** The store of key version {@code version}, opened on first use and closed with the cache. */
  Store<K, V> store(long version) {
    return versions.computeIfAbsent(version,
        v -> storeCalls.instrument(backend.open(settings.withKeyVersion(v))));
  }

  /** The loader for {@code loadAll}, which loads whether or not the cache reads through. */
  Loader<K, V> loader() {
    return Loader.of(cacheLoader);
  }

  CacheStatistics statistics() {
    return statistics;
  }

  /** The calls of this cache's stores (every key version), for whoever listens. */
  StoreCalls storeCalls() {
    return storeCalls;
  }

  /** Where the store's expiries go; see {@link ExpiredEntries} for when they are published. */
  ExpiredEntries<K, V> expiries() {
    return expiries;
  }

  void close() {
    expiries.close();
    versions.values().forEach(Store::close);
    Background.closeIfCloseable(cacheLoader);
    Background.closeIfCloseable(cacheWriter);
    Background.closeIfCloseable(expiryPolicy);
    extensions.forEach(Background::closeIfCloseable);
  }
}
