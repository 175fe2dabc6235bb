package dev.cairn.cache.extensions;

import dev.cairn.cache.ExtensionPoint.Operations;
import dev.cairn.cache.store.LeaseCapability;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
