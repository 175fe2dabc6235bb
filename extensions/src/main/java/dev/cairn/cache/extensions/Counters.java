package dev.cairn.cache.extensions;

import dev.cairn.cache.ExtensionPoint.Operations;
import dev.cairn.cache.engine.ExtendedOperations;
import dev.cairn.cache.store.CounterCapability;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

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

  /**
   * Whether {@link #addAsync} may add a sum of this kind ({@code floating}: a {@code double} delta) with the store's
   * native counter; otherwise only the engine's compare-and-set may.
   */
  boolean isNative(Operations<K, V> ops, boolean floating) {
    return nativeCounter(ops, Double.class) != null || (!floating && nativeCounter(ops, Long.class) != null);
  }

  /** {@link #add(Operations, Object, long)} on the native counter's asynchronous step; see {@link #isNative}. */
  CompletionStage<Long> addAsync(Operations<K, V> ops, K key, long delta) {
    long start = ops.extended().start();
    CounterCapability<K> floating = nativeCounter(ops, Double.class);
    CompletionStage<Long> sum = floating != null
        ? floating.addAsync(key, (double) delta, creationTtl(ops)).thenApply(Double::longValue)
        : nativeCounterPresent(ops, Long.class).addAsync(key, delta, creationTtl(ops));
    return sum.thenApply(written -> recorded(ops, written, start));
  }

  /** {@link #add(Operations, Object, double)} on the native counter's asynchronous step; see {@link #isNative}. */
  CompletionStage<Double> addAsync(Operations<K, V> ops, K key, double delta) {
    if (!Double.isFinite(delta)) {
      throw new IllegalArgumentException("delta must be finite: " + delta);
    }
    long start = ops.extended().start();
    return nativeCounterPresent(ops, Double.class).addAsync(key, delta, creationTtl(ops))
        .thenApply(written -> recorded(ops, written, start));
  }

  private static <T> T recorded(Operations<?, ?> ops, T written, long start) {
    ops.extended().recordPut(start);
    return written;
  }

  /** The store's native counter, for the asynchronous steps, which run only where {@link #isNative} holds. */
  private CounterCapability<K> nativeCounterPresent(Operations<K, V> ops, Class<?> numberType) {
    CounterCapability<K> counter = nativeCounter(ops, numberType);
    if (counter == null) {
      throw new IllegalStateException("a native counter step ran where the native counter may not be used");
    }
    return counter;
  }

  /** The store's native counter, if it may be used. */
  @SuppressWarnings("unchecked")
  private @Nullable CounterCapability<K> nativeCounter(Operations<K, V> ops, Class<?> numberType) {
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
    return recorded(ops, write.get(), start);
  }

  @SuppressWarnings("unchecked")
  private V value(Object number) {
    return (V) number;
  }
}
