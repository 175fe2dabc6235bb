package dev.cairn.cache.extensions;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The asynchronous view of an {@link ExtendedCache}: each operation returns a {@link CompletionStage} with the
 * result or the exception the synchronous operation would have given, including argument errors.
 *
 * <p>On the memory store an operation does no I/O, so it runs on the calling thread and returns a completed stage:
 * handing it to another thread would cost more than it does. On stores with I/O (Redis, disk) it runs on a shared
 * pool of daemon threads, so the caller never waits; that thread waits for the store's answer. Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class AsyncExtendedCache<K, V> {

  private final ExtendedCache<K, V> cache;
  private final boolean offload;

  AsyncExtendedCache(ExtendedCache<K, V> cache, boolean offload) {
    this.cache = cache;
    this.offload = offload;
  }

  /** The synchronous view. */
  public ExtendedCache<K, V> sync() {
    return cache;
  }

  public CompletionStage<V> get(K key) {
    return stage(() -> cache.get(key));
  }

  public CompletionStage<Void> put(K key, V value) {
    return stage(() -> {
      cache.put(key, value);
      return null;
    });
  }

  public CompletionStage<Void> put(K key, V value, Duration ttl) {
    return stage(() -> {
      cache.put(key, value, ttl);
      return null;
    });
  }

  public CompletionStage<Boolean> add(K key, V value, Duration ttl) {
    return stage(() -> cache.add(key, value, ttl));
  }

  public CompletionStage<Boolean> remove(K key) {
    return stage(() -> cache.remove(key));
  }

  public CompletionStage<Boolean> has(K key) {
    return stage(() -> cache.has(key));
  }

  public CompletionStage<Boolean> touch(K key, Duration ttl) {
    return stage(() -> cache.touch(key, ttl));
  }

  public CompletionStage<TimeToLive> ttl(K key) {
    return stage(() -> cache.ttl(key));
  }

  public CompletionStage<Long> incr(K key, long delta) {
    return stage(() -> cache.incr(key, delta));
  }

  public CompletionStage<Double> incr(K key, double delta) {
    return stage(() -> cache.incr(key, delta));
  }

  public CompletionStage<V> getOrSet(K key, Function<? super K, ? extends V> loader, Duration ttl) {
    return stage(() -> cache.getOrSet(key, loader, ttl));
  }

  public CompletionStage<Lookup<K, V>> getMany(Collection<? extends K> keys) {
    return stage(() -> cache.getMany(keys));
  }

  public CompletionStage<Void> setMany(Map<? extends K, ? extends V> entries, Duration ttl) {
    return stage(() -> {
      cache.setMany(entries, ttl);
      return null;
    });
  }

  public CompletionStage<Long> deleteMany(Collection<? extends K> keys) {
    return stage(() -> cache.deleteMany(keys));
  }

  public CompletionStage<Long> invalidate(String glob) {
    return stage(() -> cache.invalidate(glob));
  }

  public CompletionStage<Duration> ping() {
    return stage(cache::ping);
  }

  private <T> CompletionStage<T> stage(Supplier<T> operation) {
    if (offload) {
      return CompletableFuture.supplyAsync(operation, TimeLimit.POOL);
    }
    try {
      return CompletableFuture.completedFuture(operation.get());
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
