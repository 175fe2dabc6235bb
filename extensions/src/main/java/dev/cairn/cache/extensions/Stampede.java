package dev.cairn.cache.extensions;

import dev.cairn.cache.ExtensionPoint.Operations;
import dev.cairn.cache.store.AsyncCapability;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.LeaseCapability;
import dev.cairn.cache.store.Ttl;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.CacheException;

/**
 * Stampede protection for {@code getOrSet} on one key version of one cache: one computation per key at a time in
 * this JVM, and, on a store shared by several JVMs that offers a {@link LeaseCapability}, one per key across them
 * while the lease lasts.
 *
 * <p>In this JVM, callers that find a computation running wait for it and get its value, or its exception. Across
 * JVMs, the computing JVM holds a lease ({@code SET NX PX} on Redis) for at most {@code lease}; the others poll the
 * store until the value appears, the lease ends, or {@code wait} has passed, and then compute themselves. A lease
 * is only advice: a computation longer than the lease may run twice, never zero times. Thread-safe.
 */
final class Stampede<K, V> {

  private static final long POLL_MILLIS = 10;

  /** Runs the next asynchronous poll of another JVM's lease after {@link #POLL_MILLIS}, on the JDK's timer thread. */
  private static final Executor POLL_TIMER = CompletableFuture.delayedExecutor(POLL_MILLIS, TimeUnit.MILLISECONDS,
      Runnable::run);

  private final ConcurrentMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

  /**
   * The value of {@code key}, computed by {@code loader} and stored with time to live {@code ttl} if it is missing.
   * A loader that throws or returns {@code null} stores nothing.
   */
  V getOrSet(Operations<K, V> ops, K key, Function<? super K, ? extends V> loader, long ttl, Duration lease,
      Duration wait) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return await(running);
    }
    try {
      V value = computeOnce(ops, key, loader, ttl, lease, wait);
      mine.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  private V computeOnce(Operations<K, V> ops, K key, Function<? super K, ? extends V> loader, long ttl,
      Duration lease, Duration wait) {
    // a caller that missed just before another finished storing the value must not compute it again
    V stored = ops.extended().peek(key);
    if (stored != null) {
      return stored;
    }
    @SuppressWarnings("unchecked")
    LeaseCapability<K> leases = ops.store().capability(LeaseCapability.class);
    if (leases == null) {
      return compute(ops, key, loader, ttl);
    }
    String owner = UUID.randomUUID().toString();
    long deadline = System.nanoTime() + wait.toNanos();
    while (!leases.tryLease(key, owner, Math.max(1, lease.toMillis()))) {
      stored = ops.extended().peek(key);
      if (stored != null) {
        return stored;
      }
      if (System.nanoTime() - deadline >= 0) {
        // the other JVM is slow or gone and its lease still runs: compute rather than fail
        return compute(ops, key, loader, ttl);
      }
      sleep();
    }
    try {
      stored = ops.extended().peek(key);
      return stored != null ? stored : compute(ops, key, loader, ttl);
    } finally {
      leases.releaseLease(key, owner);
    }
  }

  /**
   * {@link #getOrSet} without any thread waiting, for a cache whose single-key steps go straight to a store with an
   * asynchronous client (see {@link AsyncExtendedCache}): the reads, the lease and the write are the store's
   * asynchronous steps, and only {@code loader}, which may block, runs on {@code pool}. A caller that finds a
   * computation of the key under way in this JVM gets a stage of its outcome; one that finds another JVM's lease
   * polls the store on a timer, so no thread waits for that either.
   */
  CompletionStage<V> getOrSetAsync(Operations<K, V> ops, AsyncCapability<K, V> store, K key,
      Function<? super K, ? extends V> loader, long ttl, Duration lease, Duration wait, Executor pool) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return running.thenApply(Function.identity());
    }
    AsyncComputation computation = new AsyncComputation(ops, store, key, loader, ttl, pool);
    computation.once(lease, wait).whenComplete((value, failure) -> {
      inFlight.remove(key, mine);
      if (failure != null) {
        mine.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure);
      } else {
        mine.complete(value);
      }
    });
    return mine.thenApply(Function.identity());
  }

  /** One asynchronous computation of one key: {@link #computeOnce}'s steps as a chain of stages. */
  private final class AsyncComputation {
    private final Operations<K, V> ops;
    private final AsyncCapability<K, V> store;
    private final K key;
    private final Function<? super K, ? extends V> loader;
    private final long ttl;
    private final Executor pool;

    AsyncComputation(Operations<K, V> ops, AsyncCapability<K, V> store, K key,
        Function<? super K, ? extends V> loader, long ttl, Executor pool) {
      this.ops = ops;
      this.store = store;
      this.key = key;
      this.loader = loader;
      this.ttl = ttl;
      this.pool = pool;
    }

    CompletionStage<V> once(Duration lease, Duration wait) {
      @SuppressWarnings("unchecked")
      LeaseCapability<K> leases = ops.store().capability(LeaseCapability.class);
      // a caller that missed just before another finished storing the value must not compute it again
      return storedOr(() -> leases == null ? compute()
          : leased(leases, UUID.randomUUID().toString(), Math.max(1, lease.toMillis()),
              System.nanoTime() + wait.toNanos()));
    }

    private CompletionStage<V> leased(LeaseCapability<K> leases, String owner, long millis, long deadline) {
      return leases.tryLeaseAsync(key, owner, millis).thenCompose(held -> {
        if (held) {
          return storedOr(this::compute).handle((value, failure) -> leases.releaseLeaseAsync(key, owner)
              .thenApply(released -> {
                if (failure != null) {
                  throw failure instanceof CompletionException completion ? completion
                      : new CompletionException(failure);
                }
                return value;
              })).thenCompose(next -> next);
        }
        return storedOr(() -> System.nanoTime() - deadline >= 0
            // the other JVM is slow or gone and its lease still runs: compute rather than fail
            ? compute()
            : CompletableFuture.runAsync(() -> { }, POLL_TIMER).thenCompose(
                polled -> leased(leases, owner, millis, deadline)));
      });
    }

    /** The stored value if there is one, else {@code otherwise}'s. */
    private CompletionStage<V> storedOr(Supplier<CompletionStage<V>> otherwise) {
      return store.getAsync(key, Ttl.UNCHANGED).thenCompose(
          stored -> stored != null ? CompletableFuture.completedFuture(stored) : otherwise.get());
    }

    /** Runs the loader on the pool, then writes its value without waiting. */
    private CompletionStage<V> compute() {
      return CompletableFuture.<V>supplyAsync(() -> loader.apply(key), pool).thenCompose(value -> {
        if (value == null) {
          return CompletableFuture.completedFuture(null);
        }
        long start = ops.extended().start();
        return store.writeAsync(key, value, Condition.ANY, ttl, ttl, false).thenApply(result -> {
          if (result.applied()) {
            ops.extended().recordPut(start);
          }
          return value;
        });
      });
    }
  }

  private static <K, V> V compute(Operations<K, V> ops, K key, Function<? super K, ? extends V> loader, long ttl) {
    V value = loader.apply(key);
    if (value != null) {
      ops.single().put(key, value, ttl);
    }
    return value;
  }

  private static <V> V await(CompletableFuture<V> running) {
    try {
      return running.join();
    } catch (CompletionException e) {
      throw TimeLimit.unchecked("the computation of another caller", e.getCause());
    }
  }

  private static void sleep() {
    try {
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("interrupted while waiting for another JVM to compute the value", e);
    }
  }
}
