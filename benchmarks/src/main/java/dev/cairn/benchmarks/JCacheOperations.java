package dev.cairn.benchmarks;

import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * The operations through the {@code javax.cache} API only: the same calls for every JCache provider.
 * {@link #increment} is {@code invoke} with an entry processor.
 */
final class JCacheOperations implements CacheOperations {

  private final Cache<String, Object> cache;
  private final Increment increment;
  private final AutoCloseable owner;

  /**
   * @param owner closed with this object: the provider or manager that the cache came from
   */
  JCacheOperations(Cache<String, Object> cache, ValueKind kind, AutoCloseable owner) {
    this.cache = cache;
    this.increment = new Increment(kind);
    this.owner = owner;
  }

  @Override
  public Object get(String key) {
    return cache.get(key);
  }

  @Override
  public void put(String key, Object value) {
    cache.put(key, value);
  }

  @Override
  public boolean containsKey(String key) {
    return cache.containsKey(key);
  }

  @Override
  public Map<String, Object> getAll(Set<String> keys) {
    return cache.getAll(keys);
  }

  @Override
  public void putAll(Map<String, Object> entries) {
    cache.putAll(entries);
  }

  @Override
  public void increment(String key) {
    cache.invoke(key, increment);
  }

  @Override
  public boolean remove(String key) {
    return cache.remove(key);
  }

  @Override
  public void close() {
    try {
      owner.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing " + owner + " failed", e);
    }
  }

  /**
   * Sets the entry to the successor of its value. Serializable, for providers that ship processors elsewhere.
   *
   * @param kind the values' kind
   */
  record Increment(ValueKind kind) implements EntryProcessor<String, Object, Void>, Serializable {
    @Override
    public Void process(MutableEntry<String, Object> entry, Object... arguments) {
      entry.setValue(kind.increment(entry.getValue()));
      return null;
    }
  }
}
