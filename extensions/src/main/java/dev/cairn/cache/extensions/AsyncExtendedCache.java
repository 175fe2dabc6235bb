package dev.cairn.cache.extensions;

import dev.cairn.cache.ExtensionPoint.Operations;
import dev.cairn.cache.engine.ExtendedOperations;
import dev.cairn.cache.extensions.Interceptor.Invocation;
import dev.cairn.cache.store.AsyncCapability;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.PatternCapability;
import dev.cairn.cache.store.PingCapability;
import dev.cairn.cache.store.SetCapability;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.TtlCapability;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * The asynchronous view of an {@link ExtendedCache}: each operation returns a {@link CompletionStage} with the
 * result or the exception the synchronous operation would have given, including argument errors.
 *
 * <p>How the work is done, so that no thread blocks on I/O it need not wait for:
 * <ul>
 *   <li>On a store with an asynchronous client (Redis, through Lettuce's asynchronous API), operations are sent
 *       without any thread waiting for the answer, and the stage completes on the client's I/O thread, whenever
 *       nobody must see the write first: {@code get}, {@code put}, {@code add}, {@code remove}, {@code has},
 *       {@code getMany}, {@code setMany} and {@code deleteMany} when the engine would itself do them in the store
 *       alone (a constant expiry policy, no writer, no listener here or in another process, no read-through;
 *       {@code getMany} also no access expiry); {@code incr} when the native counter applies (see
 *       {@link ExtendedCache#incr(Object, long)}); {@code invalidate} as a chain of {@code SCAN} and {@code UNLINK}
 *       commands when nobody observes removals; and always {@code touch}, {@code ttl}, {@code ping} and the
 *       {@linkplain #set(Object) set} operations, which no observer sees. {@code getOrSet} reads, takes the lease
 *       and writes the same way, polling another JVM's lease on a timer; only the loader, which may block, runs on
 *       the shared pool.</li>
 *   <li>On the memory store an operation does no I/O, so it runs on the calling thread and returns a completed
 *       stage: handing it to another thread would cost more than the operation.</li>
 *   <li>Otherwise (the disk store, or a cache whose writer, listeners, loader or expiry policy the engine must
 *       involve) it runs as the synchronous operation on a shared pool of daemon threads, so the caller does not
 *       wait, but a pool thread may.</li>
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
    return nonBlocking("get", key, AsyncExtendedCache::singleStep, () -> cache.get(key), (ops, store) -> {
      cache.point().requireKey(key);
      return read(ops, store, key);
    });
  }

  public CompletionStage<Void> put(K key, V value) {
    return nonBlocking("put", key, AsyncExtendedCache::singleStep, () -> {
      cache.put(key, value);
      return null;
    }, (ops, store) -> write(ops, store, key, value, Condition.ANY, ops.extended().constantCreationTtl(),
        ops.extended().updateTtl()).thenApply(applied -> null));
  }

  public CompletionStage<Void> put(K key, V value, Duration ttl) {
    return nonBlocking("put", key, AsyncExtendedCache::singleStep, () -> {
      cache.put(key, value, ttl);
      return null;
    }, (ops, store) -> {
      long storeTtl = Ttls.toStore(ttl);
      return write(ops, store, key, value, Condition.ANY, storeTtl, storeTtl).thenApply(applied -> null);
    });
  }

  public CompletionStage<Boolean> add(K key, V value, Duration ttl) {
    return nonBlocking("add", key, AsyncExtendedCache::singleStep, () -> cache.add(key, value, ttl),
        (ops, store) -> {
          long storeTtl = Ttls.toStore(ttl);
          return write(ops, store, key, value, Condition.ABSENT, storeTtl, storeTtl);
        });
  }

  public CompletionStage<Boolean> remove(K key) {
    return nonBlocking("remove", key, AsyncExtendedCache::singleStep, () -> cache.remove(key), (ops, store) -> {
      cache.point().requireKey(key);
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
    return nonBlocking("has", key, AsyncExtendedCache::singleStep, () -> cache.has(key), (ops, store) -> {
      cache.point().requireKey(key);
      return store.containsKeyAsync(key);
    });
  }

  /** {@link ExtendedCache#touch}: not a write for any observer, so always sent straight to the store. */
  public CompletionStage<Boolean> touch(K key, Duration ttl) {
    return nonBlocking("touch", key, ops -> true, () -> cache.touch(key, ttl), (ops, store) -> {
      cache.point().requireKey(key);
      return store.expireAsync(key, Ttls.toStore(ttl));
    });
  }

  public CompletionStage<TimeToLive> ttl(K key) {
    return nonBlocking("ttl", key, ops -> ops.store().capability(TtlCapability.class) != null,
        () -> cache.ttl(key), (ops, store) -> {
          cache.point().requireKey(key);
          @SuppressWarnings("unchecked")
          TtlCapability<K> ttls = checked(ops.store().capability(TtlCapability.class));
          return ttls.remainingTtlAsync(key).thenApply(Keyspace::timeToLive);
        });
  }

  public CompletionStage<Long> incr(K key, long delta) {
    return nonBlocking("incr", key, ops -> cache.counters().isNative(ops, false), () -> cache.incr(key, delta),
        (ops, store) -> {
          cache.point().requireKey(key);
          return cache.counters().addAsync(ops, key, delta);
        });
  }

  public CompletionStage<Double> incr(K key, double delta) {
    return nonBlocking("incr", key, ops -> cache.counters().isNative(ops, true), () -> cache.incr(key, delta),
        (ops, store) -> {
          cache.point().requireKey(key);
          return cache.counters().addAsync(ops, key, delta);
        });
  }

  /**
   * {@link ExtendedCache#getOrSet}: the read, the cross-JVM lease and the write without waiting where
   * {@link #get} would; the loader on the shared pool.
   */
  public CompletionStage<V> getOrSet(K key, Function<? super K, ? extends V> loader, Duration ttl) {
    return nonBlocking("getOrSet", key, AsyncExtendedCache::singleStep, () -> cache.getOrSet(key, loader, ttl),
        (ops, store) -> {
          cache.point().requireKey(key);
          Objects.requireNonNull(loader, "loader");
          long storeTtl = Ttls.toStore(ttl);
          return read(ops, store, key).thenCompose(cached -> cached != null ? CompletableFuture.completedFuture(cached)
              : cache.stampede().getOrSetAsync(ops, store, key, cache.checkedLoader(loader), storeTtl,
                  cache.lease(), cache.lease(), TimeLimit.POOL));
        });
  }

  public CompletionStage<Lookup<K, V>> getMany(Collection<? extends K> keys) {
    return nonBlocking("getMany", sizeOf(keys),
        ops -> singleStep(ops) && ops.extended().accessTtl() == Ttl.UNCHANGED, () -> cache.getMany(keys),
        (ops, store) -> {
          Set<K> requested = cache.checkedKeys(keys);
          long start = ops.extended().start();
          return store.getAllAsync(requested).thenApply(found -> {
            Lookup<K, V> lookup = lookup(requested, found);
            ops.extended().recordGets(lookup.found().size(), lookup.missing().size(), start);
            return lookup;
          });
        });
  }

  public CompletionStage<Void> setMany(Map<? extends K, ? extends V> entries, Duration ttl) {
    return nonBlocking("setMany", sizeOf(entries == null ? null : entries.keySet()),
        // "expired now" creates nothing and removes what exists: the engine's rules, not one pipelined write
        ops -> singleStep(ops) && (ttl == null || ttl.compareTo(Duration.ZERO) > 0), () -> {
          cache.setMany(entries, ttl);
          return null;
        }, (ops, store) -> {
          Objects.requireNonNull(entries, "entries");
          entries.forEach(cache::checked);
          long storeTtl = Ttls.toStore(ttl);
          if (entries.isEmpty()) {
            return CompletableFuture.<Void>completedFuture(null);
          }
          long start = ops.extended().start();
          return store.putAllAsync(new LinkedHashMap<>(entries), storeTtl, storeTtl).thenApply(written -> {
            ops.extended().recordPuts(entries.size(), start);
            return null;
          });
        });
  }

  public CompletionStage<Long> deleteMany(Collection<? extends K> keys) {
    return nonBlocking("deleteMany", sizeOf(keys), AsyncExtendedCache::singleStep, () -> cache.deleteMany(keys),
        (ops, store) -> {
          Set<K> checked = cache.checkedKeys(keys);
          long start = ops.extended().start();
          return store.removeAllAsync(checked).thenApply(removed -> {
            ops.extended().recordRemovals(removed, start);
            return removed;
          });
        });
  }

  public CompletionStage<Long> invalidate(String glob) {
    return nonBlocking("invalidate", glob,
        ops -> ops.store().capability(PatternCapability.class) != null && !ops.context().observed(),
        () -> cache.invalidate(glob), (ops, store) -> {
          Glob pattern = Glob.of(glob);
          @SuppressWarnings("unchecked")
          PatternCapability<K> patterns = checked(ops.store().capability(PatternCapability.class));
          long start = ops.extended().start();
          CompletionStage<Long> removal = pattern.serverMatchesExactly()
              ? patterns.removeMatchingAsync(pattern.pattern())
              : patterns.removeMatchingAsync(pattern.serverPattern(), key -> pattern.matches(key.toString()));
          return removal.thenApply(removed -> {
            ops.extended().recordRemovals(removed, start);
            return removed;
          });
        });
  }

  public CompletionStage<Duration> ping() {
    return nonBlocking("ping", cache.point().cache().getName(),
        ops -> ops.store().capability(PingCapability.class) != null, cache::ping,
        (ops, store) -> checked(ops.store().capability(PingCapability.class)).pingAsync().thenApply(Duration::ofNanos));
  }

  /** The asynchronous view of {@link ExtendedCache#set}. */
  public <E extends V> AsyncCacheSet<E> set(K key) {
    return new AsyncCacheSet<>(this, cache.set(key), key);
  }

  /** One set operation: straight to the store's asynchronous client when it has one, else as {@code sync}. */
  <T> CompletionStage<T> onSets(String operation, K key, Supplier<T> sync,
      Function<SetCapability<K, V>, CompletionStage<T>> send) {
    return nonBlocking(operation, key, ops -> true, sync, (ops, store) -> send.apply(cache.sets(ops)));
  }

  /** A read as {@code get} does it in one store step, counted as {@code get} counts it. */
  private CompletionStage<V> read(Operations<K, V> ops, AsyncCapability<K, V> store, K key) {
    long start = ops.extended().start();
    return store.getAsync(key, ops.extended().accessTtl()).thenApply(value -> {
      ops.extended().recordGet(value != null, start);
      return value;
    });
  }

  /** One write as the engine does it in one step; answers whether it applied and records it as a put. */
  private CompletionStage<Boolean> write(Operations<K, V> ops, AsyncCapability<K, V> store, K key, V value,
      Condition condition, long ttlIfAbsent, long ttlIfPresent) {
    cache.checked(key, value);
    long start = ops.extended().start();
    return store.writeAsync(key, value, condition, ttlIfAbsent, ttlIfPresent, false).thenApply(result -> {
      if (result.applied()) {
        ops.extended().recordPut(start);
      }
      return result.applied();
    });
  }

  /** Whether the engine would do a single-key operation in one store step, with nobody to tell first. */
  private static boolean singleStep(Operations<?, ?> ops) {
    return ops.extended().direct() && ops.extended().constantCreationTtl() != ExtendedOperations.policyTtl();
  }

  private static <K, V> Lookup<K, V> lookup(Set<K> requested, Map<K, V> found) {
    Map<K, V> ordered = new LinkedHashMap<>();
    Set<K> missing = new LinkedHashSet<>();
    for (K key : requested) {
      V value = found.get(key);
      if (value != null) {
        ordered.put(key, value);
      } else {
        missing.add(key);
      }
    }
    return new Lookup<>(ordered, missing);
  }

  /**
   * Sends {@code send} to the store's asynchronous client when it has one and {@code applies} to the operation on
   * this cache; otherwise runs {@code sync} as {@link #offloaded} does. {@code send} checks its arguments before
   * anything is sent; whatever it throws fails the stage.
   */
  private <T> CompletionStage<T> nonBlocking(String operation, Object key, Predicate<Operations<K, V>> applies,
      Supplier<T> sync, BiFunction<Operations<K, V>, AsyncCapability<K, V>, CompletionStage<T>> send) {
    Operations<K, V> ops;
    try {
      ops = cache.ops();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    @SuppressWarnings("unchecked")
    AsyncCapability<K, V> store = ops.store().capability(AsyncCapability.class);
    if (store == null || !applies.test(ops)) {
      return offloaded(sync);
    }
    Interception interception = cache.interception();
    Invocation invocation = interception.before(cache.point().cache().getName(), operation,
        key == null ? "null" : key);
    long start = System.nanoTime();
    CompletableFuture<T> result;
    try {
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

  /** A capability the step's condition found on the store; the step runs only then. */
  private static <T> T checked(@Nullable T capability) {
    if (capability == null) {
      throw new IllegalStateException("a native step ran on a store without its capability");
    }
    return capability;
  }

  private static Object sizeOf(@Nullable Collection<?> keys) {
    return keys == null ? "null" : keys.size() + " keys";
  }
}
