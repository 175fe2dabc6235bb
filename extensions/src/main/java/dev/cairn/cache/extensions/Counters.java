package dev.cairn.cache.extensions;

import dev.cairn.cache.ExtensionPoint.Operations;
import dev.cairn.cache.engine.ExtendedOperations;
import dev.cairn.cache.store.CounterCapability;
import java.util.function.Supplier;

/**
 * {@code incr} and {@code decr} of one cache: the store's native counter ({@code INCRBY}, {@code INCRBYFLOAT})
 * when it offers one, the cache's values are {@code Long} or {@code Double}, nobody observes writes (no writer, no
 * listener here or in another process) and the expiry policy is constant; otherwise the engine's atomic update
 * with {@link Arithmetic}. Immutable and thread-safe.
 */
final class Counters<K, V> {

  private final String cacheName;
  private final Class<V> valueType;

  Counters(String cacheName, Class<V> valueType) {
    this.cacheName = cacheName;
    this.valueType = valueType;
  }

  long add(Operations<K, V> ops, K key, long delta) {
    if (!Arithmetic.holdsIntegers(valueType)) {
      throw new ClassCastException("cache " + cacheName + " holds " + valueType.getName() + " values, not numbers");
    }
    CounterCapability<K> floating = nativeCounter(ops, Double.class);
    if (floating != null) {
      return recordedPut(ops, () -> (long) floating.add(key, (double) delta, creationTtl(ops)));
    }
    CounterCapability<K> counter = nativeCounter(ops, Long.class);
    if (counter != null) {
      return recordedPut(ops, () -> counter.add(key, delta, creationTtl(ops)));
    }
    V sum = ops.extended().update(key, current -> value(Arithmetic.add(key, current, delta, valueType)),
        ExtendedOperations.policyTtl());
    return ((Number) sum).longValue();
  }

  double add(Operations<K, V> ops, K key, double delta) {
    if (!Arithmetic.holdsFloats(valueType)) {
      throw new ClassCastException("cache " + cacheName + " holds " + valueType.getName()
          + " values, which cannot hold a fractional sum");
    }
    CounterCapability<K> counter = nativeCounter(ops, Double.class);
    if (counter != null) {
      return recordedPut(ops, () -> counter.add(key, delta, creationTtl(ops)));
    }
    V sum = ops.extended().update(key, current -> value(Arithmetic.add(key, current, delta, valueType)),
        ExtendedOperations.policyTtl());
    return ((Number) sum).doubleValue();
  }

  /** The store's native counter, if it may be used. */
  @SuppressWarnings("unchecked")
  private CounterCapability<K> nativeCounter(Operations<K, V> ops, Class<?> numberType) {
    if (valueType != numberType || ops.context().observed()
        || creationTtl(ops) == ExtendedOperations.policyTtl()) {
      return null;
    }
    return ops.store().capability(CounterCapability.class);
  }

  private static long creationTtl(Operations<?, ?> ops) {
    return ops.extended().constantCreationTtl();
  }

  /** Runs a native fast path that writes one entry, and records it as a put, as the engine would. */
  private static <T> T recordedPut(Operations<?, ?> ops, Supplier<T> write) {
    long start = ops.extended().start();
    T result = write.get();
    ops.extended().recordPut(start);
    return result;
  }

  @SuppressWarnings("unchecked")
  private V value(Object number) {
    return (V) number;
  }
}
