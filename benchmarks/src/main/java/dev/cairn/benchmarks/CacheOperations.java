package dev.cairn.benchmarks;

import java.util.Map;
import java.util.Set;

/**
 * The logical cache operations the benchmarks time, so that a JCache provider and raw Lettuce (which is no JCache
 * provider) run the same benchmark code. A JMH fork measures one implementation only, so the call through this
 * interface stays monomorphic and inlines.
 *
 * <p>Implementations are thread-safe.
 */
interface CacheOperations extends AutoCloseable {

  Object get(String key);

  void put(String key, Object value);

  boolean containsKey(String key);

  Map<String, Object> getAll(Set<String> keys);

  void putAll(Map<String, Object> entries);

  /** Atomically replaces the value under {@code key} with {@link ValueKind#increment its successor}. */
  void increment(String key);

  boolean remove(String key);

  /** Releases the client and, for a JCache provider, its cache manager. */
  @Override
  void close();
}
