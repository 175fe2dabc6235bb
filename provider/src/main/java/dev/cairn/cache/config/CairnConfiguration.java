package dev.cairn.cache.config;

import dev.cairn.cache.expiry.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import org.jspecify.annotations.Nullable;

/**
 * A cache configuration with Cairn's own settings on top of the standard ones. Any
 * {@link javax.cache.configuration.Configuration} works with Cairn; use this class for the extras:
 * <ul>
 *   <li>{@link #setMaximumSize(long)}: a bound on entries for the memory and disk stores (default: none);
 *       evictions are counted in statistics;</li>
 *   <li>{@link #setMaximumBytes(long)}: a bound on the bytes of the entries on disk (default: none, or the disk
 *       URI's {@code maxBytes});</li>
 *   <li>{@link #setClock(Clock)}: the time source for expiry (default: the system clock); tests pass a manual
 *       clock instead of sleeping;</li>
 *   <li>{@link #setKeyVersion(long)}: the key version that is part of every stored key (default {@code 0}, the
 *       plain key space); deployments with different versions share a store without reading each other's
 *       entries;</li>
 *   <li>{@link #setNearCache(NearCacheSettings)}: a near cache in front of a remote store (Redis), a local tier of
 *       this many entries kept coherent by the server (default: what the store URI's {@code near} says, else
 *       none);</li>
 *   <li>{@link #addExtension(Factory)}: objects for add-ons such as cairn-extensions' interceptors, created per
 *       cache; the provider itself does not use them.</li>
 * </ul>
 * Every setter, the inherited ones included, returns this {@code CairnConfiguration}, so standard and Cairn
 * settings chain in any order. Not thread-safe while being built; the cache keeps its own copy.
 */
public class CairnConfiguration<K, V> extends MutableConfiguration<K, V> {

  private static final long serialVersionUID = 1L;

  private long maximumSize;
  private long maximumBytes;
  private long keyVersion;
  private @Nullable NearCacheSettings nearCache;
  private transient Clock clock = Clock.system();
  private final List<Factory<?>> extensions = new ArrayList<>();

  public CairnConfiguration() {
  }

  /** A copy of {@code configuration}, keeping Cairn's settings if it has them. */
  public CairnConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof CairnConfiguration<K, V> cairn) {
      this.maximumSize = cairn.maximumSize;
      this.maximumBytes = cairn.maximumBytes;
      this.keyVersion = cairn.keyVersion;
      this.nearCache = cairn.nearCache;
      this.clock = cairn.clock;
      this.extensions.addAll(cairn.extensions);
    }
  }

  /** The complete configuration a cache created from {@code configuration} has. */
  public static <K, V> CairnConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
    if (configuration instanceof CompleteConfiguration<K, V> complete) {
      return new CairnConfiguration<>(complete);
    }
    CairnConfiguration<K, V> copy = new CairnConfiguration<>();
    copy.setTypes(configuration.getKeyType(), configuration.getValueType());
    copy.setStoreByValue(configuration.isStoreByValue());
    return copy;
  }

  public long getMaximumSize() {
    return maximumSize;
  }

  /** Bounds the number of entries (memory and disk stores); {@code 0} means unbounded. */
  public CairnConfiguration<K, V> setMaximumSize(long maximumSize) {
    if (maximumSize < 0) {
      throw new IllegalArgumentException("maximumSize must not be negative: " + maximumSize);
    }
    this.maximumSize = maximumSize;
    return this;
  }

  public long getMaximumBytes() {
    return maximumBytes;
  }

  /**
   * Bounds the bytes the cache's entries take on disk (disk store: its live records, each key and value with a
   * 26-byte header); {@code 0} means the store's default (the disk URI's {@code maxBytes}, else unbounded). Other
   * stores ignore it.
   *
   * @throws IllegalArgumentException if {@code maximumBytes} is negative
   */
  public CairnConfiguration<K, V> setMaximumBytes(long maximumBytes) {
    if (maximumBytes < 0) {
      throw new IllegalArgumentException("maximumBytes must not be negative: " + maximumBytes);
    }
    this.maximumBytes = maximumBytes;
    return this;
  }

  public Clock getClock() {
    return clock == null ? Clock.system() : clock;
  }

  /** Sets the time source used to expire entries. */
  public CairnConfiguration<K, V> setClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  public long getKeyVersion() {
    return keyVersion;
  }

  /**
   * Sets the key version of the cache's entries: plain JCache calls read and write this version only, and
   * cairn-extensions can reach others. Not part of the description shared with other JVMs: each deployment says
   * which version it uses.
   *
   * @throws IllegalArgumentException if {@code keyVersion} is negative
   */
  public CairnConfiguration<K, V> setKeyVersion(long keyVersion) {
    if (keyVersion < 0) {
      throw new IllegalArgumentException("keyVersion must not be negative: " + keyVersion);
    }
    this.keyVersion = keyVersion;
    return this;
  }

  /** The near cache this configuration asks for, or {@code null} when it leaves it to the store URI. */
  public @Nullable NearCacheSettings getNearCache() {
    return nearCache;
  }

  /**
   * Puts a near cache in front of a remote store (Redis): hits are served from a local tier of
   * {@code settings.maxEntries()} entries that the server keeps coherent; {@link NearCacheSettings#OFF} turns it off
   * even where the store URI's {@code near} turns it on. Stores without a server ignore it. Not part of the
   * description shared with other JVMs: each JVM decides.
   */
  public CairnConfiguration<K, V> setNearCache(NearCacheSettings settings) {
    this.nearCache = Objects.requireNonNull(settings, "settings");
    return this;
  }

  /**
   * Registers a factory of an object an add-on looks for in this cache (cairn-extensions: its {@code Interceptor}s).
   * Each cache creates its own objects, and closes those that are {@link java.io.Closeable} when it closes.
   */
  public CairnConfiguration<K, V> addExtension(Factory<?> factory) {
    extensions.add(Objects.requireNonNull(factory, "factory"));
    return this;
  }

  /** The factories {@link #addExtension} registered, in order; unmodifiable. */
  public List<Factory<?>> getExtensions() {
    return Collections.unmodifiableList(extensions);
  }

  // The inherited setters, narrowed so that Cairn's own setters can follow them in one chain:
  // new CairnConfiguration<K, V>().setTypes(K.class, V.class).setMaximumSize(1000).

  @Override
  public CairnConfiguration<K, V> setTypes(Class<K> keyType, Class<V> valueType) {
    super.setTypes(keyType, valueType);
    return this;
  }

  @Override
  public CairnConfiguration<K, V> addCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    super.addCacheEntryListenerConfiguration(listenerConfiguration);
    return this;
  }

  @Override
  public CairnConfiguration<K, V> removeCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    super.removeCacheEntryListenerConfiguration(listenerConfiguration);
    return this;
  }

  @Override
  public CairnConfiguration<K, V> setCacheLoaderFactory(Factory<? extends CacheLoader<K, V>> factory) {
    super.setCacheLoaderFactory(factory);
    return this;
  }

  @Override
  public CairnConfiguration<K, V> setCacheWriterFactory(
      Factory<? extends CacheWriter<? super K, ? super V>> factory) {
    super.setCacheWriterFactory(factory);
    return this;
  }

  @Override
  public CairnConfiguration<K, V> setExpiryPolicyFactory(Factory<? extends ExpiryPolicy> factory) {
    super.setExpiryPolicyFactory(factory);
    return this;
  }

  @Override
  public CairnConfiguration<K, V> setReadThrough(boolean isReadThrough) {
    super.setReadThrough(isReadThrough);
    return this;
  }

  @Override
  public CairnConfiguration<K, V> setWriteThrough(boolean isWriteThrough) {
    super.setWriteThrough(isWriteThrough);
    return this;
  }

  @Override
  public CairnConfiguration<K, V> setStoreByValue(boolean isStoreByValue) {
    super.setStoreByValue(isStoreByValue);
    return this;
  }

  @Override
  public CairnConfiguration<K, V> setStatisticsEnabled(boolean enabled) {
    super.setStatisticsEnabled(enabled);
    return this;
  }

  @Override
  public CairnConfiguration<K, V> setManagementEnabled(boolean enabled) {
    super.setManagementEnabled(enabled);
    return this;
  }
}
