package dev.cairn.cache.extensions;

import dev.cairn.cache.ExtensionPoint.Operations;
import dev.cairn.cache.engine.ExtendedOperations;
import dev.cairn.cache.extensions.Interceptor.Invocation;
import dev.cairn.cache.store.AsyncCapability;
import dev.cairn.cache.store.Condition;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.CacheException;

/**
 * The asynchronous view of an {@link ExtendedCache}: each operation returns a {@link CompletionStage} with the
 * result or the exception the synchronous operation would have given, including argument errors.
 *
 * <p>How the work is done, so that no thread blocks on I/O it need not wait for:
 * <ul>
 *   <li>On a store with an asynchronous client (Redis, through Lettuce's asynchronous API), {@code get},
 *       {@code put}, {@code add}, {@code remove} and {@code has} are sent without any thread waiting for the answer,
 *       and the stage completes on the client's I/O thread: whenever the engine would itself do them in one store
 *       step (a constant expiry policy, no writer, no listener, no read-through).</li>
 *   <li>On the memory store an operation does no I/O, so it runs on the calling thread and returns a completed
 *       stage: handing it to another thread would cost more than the operation.</li>
 *   <li>Otherwise (the other operations, or a cache whose writer or listeners must see each write first) it runs
 *       on a shared pool of daemon threads, so the caller does not wait.</li>
 * </ul>
 * Interceptors see each operation once, {@code before} on the calling thread and {@code after} where it completes.
 * Dependent stages of an asynchronous-client stage run on the client's I/O thread unless given an executor: keep
 * them short, or use the {@code ...Async} variants. Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class AsyncExtendedCache<K, V> {

  private final ExtendedCache<K, V> cache;
  private final boolean inline;

  AsyncExtendedCache(ExtendedCache<K, V> cache) {
    this.cache = cache;
    this.inline = "memory".equals(cache.point().cache().getCacheManager().getURI().getScheme());
  }

  /** The synchronous view. */
  public ExtendedCache<K, V> sync() {
    return cache;
  }

  public CompletionStage<V> get(K key) {
    return direct("get", key, () -> cache.get(key), (ops, store) -> {
      long start = ops.extended().start();
      return store.getAsync(key, ops.extended().accessTtl()).thenApply(value -> {
        ops.extended().recordGet(value != null, start);
        return value;
      });
    });
  }

  public CompletionStage<Void> put(K key, V value) {
    return direct("put", key, () -> {
      cache.put(key, value);
      return null;
    }, (ops, store) -> write(ops, store, key, value, Condition.ANY, ops.extended().constantCreationTtl(),
        ops.extended().updateTtl()).thenApply(applied -> null));
  }

  public CompletionStage<Void> put(K key, V value, Duration ttl) {
    return direct("put", key, () -> {
      cache.put(key, value, ttl);
      return null;
    }, (ops, store) -> {
      long storeTtl = Ttls.toStore(ttl);
      return write(ops, store, key, value, Condition.ANY, storeTtl, storeTtl).thenApply(applied -> null);
    });
  }

  public CompletionStage<Boolean> add(K key, V value, Duration ttl) {
    return direct("add", key, () -> cache.add(key, value, ttl), (ops, store) -> {
      long storeTtl = Ttls.toStore(ttl);
      return write(ops, store, key, value, Condition.ABSENT, storeTtl, storeTtl);
    });
  }

  public CompletionStage<Boolean> remove(K key) {
    return direct("remove", key, () -> cache.remove(key), (ops, store) -> {
      long start = ops.extended().start();
      return store.removeAsync(key, Condition.ANY, false).thenApply(result -> {
        boolean removed = result.applied() && result.existed();
        if (removed) {
          ops.extended().recordRemovals(1, start);
        }
        return removed;
      });
    });
  }

  public CompletionStage<Boolean> has(K key) {
    return direct("has", key, () -> cache.has(key), (ops, store) -> store.containsKeyAsync(key));
  }

  public CompletionStage<Boolean> touch(K key, Duration ttl) {
    return offloaded(() -> cache.touch(key, ttl));
  }

  public CompletionStage<TimeToLive> ttl(K key) {
    return offloaded(() -> cache.ttl(key));
  }

  public CompletionStage<Long> incr(K key, long delta) {
    return offloaded(() -> cache.incr(key, delta));
  }

  public CompletionStage<Double> incr(K key, double delta) {
    return offloaded(() -> cache.incr(key, delta));
  }

  public CompletionStage<V> getOrSet(K key, Function<? super K, ? extends V> loader, Duration ttl) {
    return offloaded(() -> cache.getOrSet(key, loader, ttl));
  }

  public CompletionStage<Lookup<K, V>> getMany(Collection<? extends K> keys) {
    return offloaded(() -> cache.getMany(keys));
  }

  public CompletionStage<Void> setMany(Map<? extends K, ? extends V> entries, Duration ttl) {
    return offloaded(() -> {
      cache.setMany(entries, ttl);
      return null;
    });
  }

  public CompletionStage<Long> deleteMany(Collection<? extends K> keys) {
    return offloaded(() -> cache.deleteMany(keys));
  }

  public CompletionStage<Long> invalidate(String glob) {
    return offloaded(() -> cache.invalidate(glob));
  }

  public CompletionStage<Duration> ping() {
    return offloaded(cache::ping);
  }

  /** One write as the engine does it in one step; answers whether it applied and records it as a put. */
  private CompletionStage<Boolean> write(Operations<K, V> ops, AsyncCapability<K, V> store, K key, V value,
      Condition condition, long ttlIfAbsent, long ttlIfPresent) {
    cache.point().requireValue(value);
    long start = ops.extended().start();
    return store.writeAsync(key, value, condition, ttlIfAbsent, ttlIfPresent, false).thenApply(result -> {
      if (result.applied()) {
        ops.extended().recordPut(start);
      }
      return result.applied();
    });
  }

  /**
   * Sends {@code send} to the store's asynchronous client when it has one and the engine would do the operation
   * in one store step; otherwise runs {@code sync} as {@link #offloaded} does.
   */
  private <T> CompletionStage<T> direct(String operation, K key, Supplier<T> sync,
      BiFunction<Operations<K, V>, AsyncCapability<K, V>, CompletionStage<T>> send) {
    Operations<K, V> ops;
    try {
      ops = cache.ops();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    @SuppressWarnings("unchecked")
    AsyncCapability<K, V> store = ops.store().capability(AsyncCapability.class);
    if (store == null || !ops.extended().direct()
        || ops.extended().constantCreationTtl() == ExtendedOperations.policyTtl()) {
      return offloaded(sync);
    }
    Interception interception = cache.interception();
    Invocation invocation = interception.before(cache.point().cache().getName(), operation,
        key == null ? "null" : key);
    long start = System.nanoTime();
    CompletableFuture<T> result;
    try {
      cache.point().requireKey(key);
      result = send.apply(ops, store).toCompletableFuture();
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    Duration timeout = cache.timeout();
    if (timeout != null) {
      result = result.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).exceptionally(failure -> {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
          throw new CacheException(operation + " did not complete within " + timeout
              + "; it may still take effect", cause);
        }
        throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
      });
    }
    return result.whenComplete((value, failure) -> interception.after(invocation,
        failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure,
        start));
  }

  /** Runs {@code operation} inline on the memory store, else on the shared pool. */
  private <T> CompletionStage<T> offloaded(Supplier<T> operation) {
    if (!inline) {
      return CompletableFuture.supplyAsync(operation, TimeLimit.POOL);
    }
    try {
      return CompletableFuture.completedFuture(operation.get());
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
