package dev.cairn.cache.resilience;

import dev.cairn.cache.store.ChangeFeed;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.LocalCapability;
import dev.cairn.cache.store.Snapshot;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreUnavailableException;
import dev.cairn.cache.store.WriteResult;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A remote store behind its backend's {@link CircuitBreaker}, in one {@link FailureMode}.
 *
 * <p>While the breaker is open, no call is sent: in {@link FailureMode#CLOSED} each fails at once with a {@link
 * StoreUnavailableException}; in {@link FailureMode#OPEN} reads are misses and writes, removals and {@code clear}
 * are skipped, reported to the engine as not applied (so no listener hears of them). A call that is sent and fails
 * because the server is unreachable or slow counts towards opening the breaker, and then does the same.
 *
 * <p>No stale entry after recovery, in both modes: every key whose write or removal failed, timed out (its outcome
 * is unknown) or was not sent is remembered ({@link RememberedKeys}) and deleted from the server before this store
 * reads from it again: by the breaker's recovery, or by the next call if the breaker never opened. Past the bound,
 * or after a {@code clear} that did not happen, the whole cache is cleared instead.
 *
 * <p>The store's capabilities go through the same breaker ({@link GuardedCapability}), except a {@link
 * LocalCapability}, which never calls the server. Thread-safe.
 */
public final class ResilientStore<K, V> implements Store<K, V>, CircuitBreaker.Recovery {

  private final Store<K, V> store;
  private final CircuitBreaker breaker;
  private final FailureMode mode;
  private final RememberedKeys<K> remembered;
  private final @Nullable ResilientChangeFeed<K, V> changeFeed;

  public ResilientStore(Store<K, V> store, CircuitBreaker breaker, FailureMode mode) {
    this(store, breaker, mode, RememberedKeys.BOUND);
  }

  ResilientStore(Store<K, V> store, CircuitBreaker breaker, FailureMode mode, int bound) {
    this.store = store;
    this.breaker = breaker;
    this.mode = mode;
    this.remembered = new RememberedKeys<>(bound);
    this.changeFeed = store.changeFeed() == null ? null : new ResilientChangeFeed<>(store.changeFeed(), mode);
    breaker.register(this);
    if (changeFeed != null) {
      breaker.register(changeFeed);
    }
  }

  /** Deletes the remembered keys, or clears the cache, before the breaker lets reads through again. */
  @Override
  public void recover() {
    remembered.invalidate(store);
  }

  /** How many keys await invalidation on the server (a pending clear counts as one). */
  public int rememberedKeys() {
    return remembered.size();
  }

  /** The store this one guards, for diagnostics and tests that look beneath the failure handling. */
  public Store<K, V> guarded() {
    return store;
  }

  public CircuitBreaker breaker() {
    return breaker;
  }

  public FailureMode mode() {
    return mode;
  }

  @Override
  @SuppressWarnings("NullAway") // null is a miss, the fallback while unreachable; sendRead's T cannot say so
  public @Nullable V get(K key, long touchTtl) {
    if (breaker.allows() && !remembered.any()) {
      // every read's path, without the Supplier of the general one: a near-cache hit costs tens of nanoseconds,
      // and a shallower call chain lets the JIT inline it whole
      try {
        V value = store.get(key, touchTtl);
        breaker.recordSuccess();
        return value;
      } catch (StoreUnavailableException e) {
        return failed(e, null, null);
      }
    }
    return sendRead(() -> store.get(key, touchTtl), null);
  }

  @Override
  public Snapshot<V> read(K key) {
    return sendRead(() -> store.read(key), Snapshot.absent());
  }

  @Override
  public boolean containsKey(K key) {
    return sendRead(() -> store.containsKey(key), false);
  }

  @Override
  public Map<K, V> getAll(Collection<? extends K> keys) {
    return sendRead(() -> store.getAll(keys), Map.of());
  }

  /** A skipped write is not applied, and found nothing: the engine then publishes no event. */
  @Override
  public WriteResult<V> write(K key, V value, Condition condition, long ttlIfAbsent, long ttlIfPresent,
      boolean wantPrevious) {
    return sendWrite(() -> store.write(key, value, condition, ttlIfAbsent, ttlIfPresent, wantPrevious),
        WriteResult.of(false, false), () -> remembered.remember(key));
  }

  @Override
  public WriteResult<V> remove(K key, Condition condition, boolean wantPrevious) {
    return sendWrite(() -> store.remove(key, condition, wantPrevious), WriteResult.of(false, false),
        () -> remembered.remember(key));
  }

  /** A time to live that was not set is remembered too: {@code 0} is a removal. */
  @Override
  public boolean expire(K key, long ttl) {
    return sendWrite(() -> store.expire(key, ttl), false, () -> remembered.remember(key));
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries, long ttlIfAbsent, long ttlIfPresent) {
    sendWrite(() -> store.putAll(entries, ttlIfAbsent, ttlIfPresent), () -> remembered.remember(entries.keySet()));
  }

  @Override
  public void removeAll(Collection<? extends K> keys) {
    sendWrite(() -> store.removeAll(keys), () -> remembered.remember(keys));
  }

  @Override
  public void clear() {
    sendWrite(store::clear, remembered::rememberAll);
  }

  /** Iterates the server's keys; in fail-open mode an unreachable server ends the iteration (an empty cache). */
  @Override
  public Iterator<K> keys() {
    Iterator<K> keys = sendRead(store::keys, Collections.emptyIterator());
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        try {
          return keys.hasNext();
        } catch (StoreUnavailableException e) {
          breaker.recordFailure(e);
          return fallBack(false, e);
        }
      }

      @Override
      public K next() {
        return keys.next();
      }
    };
  }

  @Override
  public <T> @Nullable T capability(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    T capability = store.capability(type);
    if (capability instanceof LocalCapability) {
      return capability;
    }
    return capability == null ? null : GuardedCapability.of(type, capability, breaker, mode, remembered);
  }

  @Override
  public long unreadableEntries() {
    return store.unreadableEntries();
  }

  @Override
  public @Nullable ChangeFeed<K, V> changeFeed() {
    return changeFeed;
  }

  @Override
  public void close() {
    breaker.unregister(this);
    if (changeFeed != null) {
      breaker.unregister(changeFeed);
    }
    store.close();
  }

  private <T> T sendRead(Supplier<T> step, T fallback) {
    return call(step, fallback, null);
  }

  private <T> T sendWrite(Supplier<T> step, T fallback, Runnable remember) {
    return call(step, fallback, remember);
  }

  private void sendWrite(Runnable step, Runnable remember) {
    call(() -> {
      step.run();
      return Boolean.TRUE;
    }, Boolean.TRUE, remember);
  }

  /**
   * Runs {@code step} if the breaker allows, after deleting what an earlier failure left behind.
   *
   * @param remember remembers the keys {@code step} changes, when its outcome is unknown or it was not sent
   */
  private <T> T call(Supplier<T> step, T fallback, @Nullable Runnable remember) {
    if (!breaker.allows()) {
      breaker.countNotSent();
      if (remember != null) {
        remember.run();
      }
      return fallBack(fallback, breaker.notSentFailure());
    }
    try {
      if (remembered.any()) {
        remembered.invalidate(store);
      }
      T result = step.get();
      breaker.recordSuccess();
      return result;
    } catch (StoreUnavailableException e) {
      return failed(e, fallback, remember);
    }
  }

  /** A call the server did not answer: counted against the breaker, its keys remembered, then the failure mode. */
  private <T> T failed(StoreUnavailableException e, T fallback, @Nullable Runnable remember) {
    breaker.recordFailure(e);
    if (remember != null) {
      remember.run();
    }
    return fallBack(fallback, e);
  }

  private <T> T fallBack(T fallback, StoreUnavailableException failure) {
    if (mode == FailureMode.OPEN) {
      return fallback;
    }
    throw failure;
  }
}
