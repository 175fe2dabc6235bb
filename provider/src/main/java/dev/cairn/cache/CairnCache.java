package dev.cairn.cache;

import dev.cairn.cache.engine.BulkOperations;
import dev.cairn.cache.engine.CacheContext;
import dev.cairn.cache.engine.ExpiredEntries;
import dev.cairn.cache.engine.ExtendedOperations;
import dev.cairn.cache.engine.InvokeOperations;
import dev.cairn.cache.engine.SingleKeyOperations;
import dev.cairn.cache.config.CairnConfiguration;
import dev.cairn.cache.instrument.StoreCalls;
import dev.cairn.cache.management.CacheConfigurationBean;
import dev.cairn.cache.management.CacheStatistics;
import dev.cairn.cache.management.MBeans;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.event.EventType;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import org.jspecify.annotations.Nullable;

/**
 * Cairn's {@link Cache}: checks every argument at the spec boundary (nulls, runtime types, closed state) before any
 * side effect, then hands the operation to the engine. The same class serves every store.
 *
 * <p>Thread-safe. Obtain one from a {@link CairnCacheManager}; {@code unwrap(CairnCache.class)} reaches it from any
 * {@code Cache} reference.
 */
public final class CairnCache<K, V> implements Cache<K, V> {

  /** How long {@link #close} waits for {@code loadAll} calls still running before it closes their loader. */
  private static final long LOADS_AT_CLOSE_MILLIS = 10_000;

  private final String name;
  private final CairnCacheManager manager;
  private final CairnConfiguration<K, V> configuration;
  private final CacheResources<K, V> resources;
  private final CacheContext<K, V> context;
  private final SingleKeyOperations<K, V> single;
  private final BulkOperations<K, V> bulk;
  private final InvokeOperations<K, V> invocations;
  private final CacheStatistics statistics;
  private final CacheConfigurationBean configurationBean;
  private final ExtensionPoint<K, V> extensionPoint;
  private final @Nullable Registration registration;
  private final ExpiredEntries<K, V> expiries;
  private volatile boolean closed;

  /** @param registration its entry in the store's shared registry, or {@code null} for a store without one */
  CairnCache(String name, CairnCacheManager manager, CairnConfiguration<K, V> configuration,
      CacheResources<K, V> resources, @Nullable Registration registration) {
    this.name = name;
    this.registration = registration;
    this.manager = manager;
    this.configuration = configuration;
    this.resources = resources;
    this.statistics = resources.statistics();
    this.context = resources.context(this);
    this.single = new SingleKeyOperations<>(context);
    this.bulk = new BulkOperations<>(context, single, resources.loader());
    this.invocations = new InvokeOperations<>(context);
    this.configurationBean = new CacheConfigurationBean(configuration);
    this.extensionPoint = new ExtensionPoint<>(this, resources, context,
        new ExtensionPoint.Operations<>(context.store(), context, single, bulk,
            new ExtendedOperations<>(context)),
        resources.loader(), configuration.getKeyVersion());
    this.expiries = resources.expiries();
    expiries.publishTo(single::expired, () -> context.events().isInterested(EventType.EXPIRED));
    for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
      context.events().register(listener);
    }
    setManagementEnabled(configuration.isManagementEnabled());
    setStatisticsEnabled(configuration.isStatisticsEnabled());
  }

  @Override
  public V get(K key) {
    ensureOpen();
    return expiries.call(() -> single.get(requireKey(key)));
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    ensureOpen();
    requireKeys(keys);
    return expiries.call(() -> bulk.getAll(keys));
  }

  @Override
  public boolean containsKey(K key) {
    ensureOpen();
    return expiries.call(() -> single.containsKey(requireKey(key)));
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
    ensureOpen();
    requireKeys(keys);
    bulk.loadAll(keys, replaceExistingValues, completionListener);
  }

  @Override
  public void put(K key, V value) {
    ensureOpen();
    expiries.run(() -> single.put(requireKey(key), requireValue(value)));
  }

  @Override
  public V getAndPut(K key, V value) {
    ensureOpen();
    return expiries.call(() -> single.getAndPut(requireKey(key), requireValue(value)));
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    ensureOpen();
    Objects.requireNonNull(map, "map");
    map.forEach((key, value) -> {
      requireKey(key);
      requireValue(value);
    });
    expiries.run(() -> bulk.putAll(map));
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    ensureOpen();
    return expiries.call(() -> single.putIfAbsent(requireKey(key), requireValue(value)));
  }

  @Override
  public boolean remove(K key) {
    ensureOpen();
    return expiries.call(() -> single.remove(requireKey(key)));
  }

  @Override
  public boolean remove(K key, V oldValue) {
    ensureOpen();
    return expiries.call(() -> single.remove(requireKey(key), requireValue(oldValue)));
  }

  @Override
  public V getAndRemove(K key) {
    ensureOpen();
    return expiries.call(() -> single.getAndRemove(requireKey(key)));
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    ensureOpen();
    return expiries.call(() -> single.replace(requireKey(key), requireValue(oldValue),
        requireValue(newValue)));
  }

  @Override
  public boolean replace(K key, V value) {
    ensureOpen();
    return expiries.call(() -> single.replace(requireKey(key), requireValue(value)));
  }

  @Override
  public V getAndReplace(K key, V value) {
    ensureOpen();
    return expiries.call(() -> single.getAndReplace(requireKey(key), requireValue(value)));
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    ensureOpen();
    requireKeys(keys);
    expiries.run(() -> bulk.removeAll(keys));
  }

  @Override
  public void removeAll() {
    ensureOpen();
    expiries.run(() -> bulk.removeAll());
  }

  @Override
  public void clear() {
    ensureOpen();
    expiries.run(() -> bulk.clear());
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    if (clazz.isInstance(configuration)) {
      return clazz.cast(configuration);
    }
    throw new IllegalArgumentException("the configuration of cache " + name + " is a "
        + configuration.getClass().getName() + ", not a " + clazz.getName());
  }

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    ensureOpen();
    requireKey(key);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    return expiries.call(() -> invocations.invoke(key, entryProcessor, arguments));
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor,
      Object... arguments) {
    ensureOpen();
    requireKeys(keys);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    return expiries.call(() -> invocations.invokeAll(keys, entryProcessor, arguments));
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  /** Closes this cache and everything it created from its configuration's factories; the data stays. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    manager.release(this);
    bulk.awaitLoads(LOADS_AT_CLOSE_MILLIS);
    MBeans.unregister(MBeans.Type.CacheConfiguration, manager.description(), name);
    MBeans.unregister(MBeans.Type.CacheStatistics, manager.description(), name);
    context.events().close();
    resources.close();
    if (registration != null) {
      registration.close();
    }
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
    throw new IllegalArgumentException("cannot unwrap cache " + name + " to " + clazz.getName());
  }

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    ensureOpen();
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
    try {
      context.events().register(listenerConfiguration);
    } catch (RuntimeException e) {
      configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
      throw e;
    }
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    ensureOpen();
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    context.events().deregister(listenerConfiguration);
    configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
  }

  @Override
  public Iterator<Entry<K, V>> iterator() {
    ensureOpen();
    return expiries.iterate(bulk::iterator);
  }

  /** The door cairn-extensions uses into this cache's engine; applications do not need it. */
  public ExtensionPoint<K, V> extensionPoint() {
    return extensionPoint;
  }

  /**
   * The calls this cache makes to its store: listen to them to time each operation and count failures (the Spring
   * Boot starter's {@code cairn.cache.store.*} meters do). Free while nobody listens.
   */
  public StoreCalls storeCalls() {
    return resources.storeCalls();
  }

  /** The statistics of this cache, recorded only while statistics are enabled. */
  public CacheStatistics statistics() {
    return statistics;
  }

  void setStatisticsEnabled(boolean enabled) {
    configuration.setStatisticsEnabled(enabled);
    statistics.setEnabled(enabled);
    if (enabled) {
      MBeans.register(statistics, MBeans.Type.CacheStatistics, manager.description(), name);
    } else {
      MBeans.unregister(MBeans.Type.CacheStatistics, manager.description(), name);
    }
  }

  void setManagementEnabled(boolean enabled) {
    configuration.setManagementEnabled(enabled);
    if (enabled) {
      MBeans.register(configurationBean, MBeans.Type.CacheConfiguration, manager.description(), name);
    } else {
      MBeans.unregister(MBeans.Type.CacheConfiguration, manager.description(), name);
    }
  }

  void ensureOpen() {
    if (!closed && destroyedElsewhere()) {
      throw new IllegalStateException("cache " + name + " was destroyed by another process sharing its store");
    }
    if (closed) {
      throw new IllegalStateException("cache " + name + " is closed");
    }
  }

  /**
   * Whether another process destroyed this cache (see {@link Registration}); if so this handle is closed now.
   * Asks the store's registry at most about once a second.
   */
  boolean destroyedElsewhere() {
    if (registration == null || !registration.gone()) {
      return false;
    }
    close();
    return true;
  }

  K requireKey(K key) {
    Objects.requireNonNull(key, "key");
    Class<K> type = configuration.getKeyType();
    if (type != Object.class && !type.isInstance(key)) {
      throw new ClassCastException("key " + key + " is a " + key.getClass().getName() + ", but cache " + name
          + " holds keys of type " + type.getName());
    }
    return key;
  }

  V requireValue(V value) {
    Objects.requireNonNull(value, "value");
    Class<V> type = configuration.getValueType();
    if (type != Object.class && !type.isInstance(value)) {
      throw new ClassCastException("value " + value + " is a " + value.getClass().getName() + ", but cache "
          + name + " holds values of type " + type.getName());
    }
    return value;
  }

  private void requireKeys(Set<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    for (K key : keys) {
      requireKey(key);
    }
  }
}
