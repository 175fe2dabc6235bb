package dev.cairn.cache.engine;

import dev.cairn.cache.codec.Copier;
import dev.cairn.cache.event.CairnEntryEvent;
import dev.cairn.cache.event.EventDispatcher;
import dev.cairn.cache.expiry.ExpiryCalculator;
import dev.cairn.cache.integration.Loader;
import dev.cairn.cache.integration.Writer;
import dev.cairn.cache.management.CacheStatistics;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.LeaseCapability;
import dev.cairn.cache.store.Snapshot;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.WriteResult;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * What every operation of one cache works with: its store, expiry policy, listeners, loader, writer, statistics
 * and copier; plus the few steps all operations share. Thread-safe.
 *
 * <p>The central rule lives in {@link #write} and {@link #remove}: when the expiry policy is constant and no writer
 * must see the outcome first, a conditional operation is a single store step (one round trip on a remote store).
 * Otherwise the engine reads the entry, decides (asking the policy only for the case that applies, calling the
 * writer only if the operation will happen), and then compares-and-sets against what it read, retrying if another
 * thread or JVM changed the entry meanwhile. With a writer, single-key writes of one key run one at a time across
 * threads and processes ({@link #guarded}), so the writer sees only outcomes that the cache then applies.
 */
public final class CacheContext<K, V> {

  /**
   * How many times a compare-and-set may lose before the operation gives up. Real contention almost never loses
   * this often, and a compare-and-set matches exactly what was read (see {@link Snapshot}), so only a key that
   * other writers change without pause ends here; it must fail rather than spin.
   */
  static final int MAX_ATTEMPTS = 1_000;

  final Cache<K, V> source;
  final Store<K, V> store;
  final ExpiryCalculator expiry;
  final EventDispatcher<K, V> events;
  final CacheStatistics statistics;
  final Loader<K, V> loader;
  final Writer<K, V> writer;
  private final @Nullable Copier copier;
  private final @Nullable WriteThroughGuard<K> guard;

  /**
   * @param loader the read-through loader: {@link Loader#none()} unless the cache reads through
   * @param copier copies keys and values in and out for store-by-value, or {@code null} when the store already
   *     isolates them (it keeps bytes) or the cache stores by reference
   */
  public CacheContext(Cache<K, V> source, Store<K, V> store, ExpiryCalculator expiry, EventDispatcher<K, V> events,
      CacheStatistics statistics, Loader<K, V> loader, Writer<K, V> writer, @Nullable Copier copier) {
    this.source = source;
    this.store = store;
    this.expiry = expiry;
    this.events = events;
    this.statistics = statistics;
    this.loader = loader;
    this.writer = writer;
    this.copier = copier;
    @SuppressWarnings("unchecked")
    LeaseCapability<K> leases = store.capability(LeaseCapability.class);
    this.guard = writer.isEnabled() ? new WriteThroughGuard<>(leases) : null;
  }

  /** What {@link #write} takes as its time to live when the expiry policy decides. */
  static final long POLICY_TTL = Long.MIN_VALUE;

  public EventDispatcher<K, V> events() {
    return events;
  }

  /**
   * The same cache over another store: the entries of another key version, with the same policy, listeners,
   * loader, writer and statistics.
   */
  public CacheContext<K, V> withStore(Store<K, V> other) {
    return new CacheContext<>(source, other, expiry, events, statistics, loader, writer, copier);
  }

  /** The store this context works on. */
  public Store<K, V> store() {
    return store;
  }

  /**
   * Whether anyone outside the store must see each write or removal: a writer or an entry listener. Native fast
   * paths that bypass the engine are only taken when nobody is.
   */
  public boolean observed() {
    return writer.isEnabled() || events.hasListeners();
  }

  /**
   * Runs a write of {@code key} that calls the writer: with a writer, exclusively among all such writes of the key
   * (see {@link WriteThroughGuard}); without one, at once.
   */
  <T> T guarded(K key, Supplier<T> work) {
    return guard == null ? work.get() : guard.run(key, work);
  }

  /** Whether keys and values go to and from the store as they are (the store isolates them, or by reference). */
  boolean copiesNothing() {
    return copier == null;
  }

  /** A key as the store should keep it. */
  K keyIn(K key) {
    return copier == null ? key : copier.copy(key);
  }

  /** A value as the store should keep it. */
  V valueIn(V value) {
    return copier == null ? value : copier.copy(value);
  }

  /** A value from the store as the caller may have it. */
  @Nullable V valueOut(@Nullable V value) {
    return copier == null || value == null ? value : copier.copy(value);
  }

  /** Reads an entry; a hit is an access and gets the policy's access expiry. */
  @Nullable V read(K key) {
    if (expiry.isConstant()) {
      return store.get(key, expiry.forAccess());
    }
    V value = store.get(key, Ttl.UNCHANGED);
    if (value != null) {
      touch(key);
    }
    return value;
  }

  /** Applies the access expiry to an entry that was just accessed without being read through {@link #read}. */
  void touch(K key) {
    long ttl = expiry.forAccess();
    if (ttl != Ttl.UNCHANGED) {
      store.expire(key, ttl);
    }
  }

  /** An unconditional write with nothing to do before it. */
  WriteResult<V> write(K key, V value, boolean wantPrevious) {
    return write(key, value, Condition.ANY, wantPrevious, null);
  }

  /**
   * Writes {@code value} if {@code condition} holds, with the policy's creation or update expiry.
   *
   * @param beforeWrite runs once the engine knows the write will happen and before it does (the writer), or
   *     {@code null}; it receives the current value, {@code null} if absent
   * @return whether it happened; a creation whose expiry is zero does not happen
   */
  WriteResult<V> write(K key, V value, Condition condition, boolean wantPrevious, @Nullable Consumer<V> beforeWrite) {
    return write(key, value, condition, wantPrevious, beforeWrite, POLICY_TTL);
  }

  /**
   * As {@link #write(Object, Object, Condition, boolean, Consumer)}, with {@code ttl} for the written entry instead
   * of the expiry policy's (which is not asked), unless it is {@link #POLICY_TTL}.
   */
  WriteResult<V> write(K key, V value, Condition condition, boolean wantPrevious, @Nullable Consumer<V> beforeWrite,
      long ttl) {
    boolean fixed = ttl != POLICY_TTL;
    if ((fixed || expiry.isConstant()) && beforeWrite == null) {
      WriteResult<V> result = store.write(key, value, condition, fixed ? ttl : expiry.forCreation(),
          fixed ? ttl : expiry.forUpdate(), wantPrevious);
      if (!undecided(condition, result)) {
        return result;
      }
    }
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Snapshot<V> seen = store.read(key);
      V current = seen.value();
      if (!condition.test(current)) {
        return WriteResult.of(false, current);
      }
      if (beforeWrite != null) {
        beforeWrite.accept(current);
      }
      long chosen = fixed ? ttl : current == null ? expiry.forCreation() : expiry.forUpdate();
      WriteResult<V> result = store.write(key, value, Condition.unchangedSince(seen), chosen, chosen, wantPrevious);
      // a creation that did not happen and found no entry: its expiry was zero, or a fail-open store skipped it
      // (dev.cairn.cache.resilience); either way trying again would not change the outcome
      boolean notCreated = seen.stamp() == null && !result.existed();
      if (result.applied() || notCreated) {
        return result;
      }
      // another writer changed the entry between the read and the write: decide again
    }
    throw contended(key);
  }

  /**
   * Whether a one-step value comparison that failed on a live entry must be decided again on the decoded value: a
   * store that keeps bytes compares encodings, and an equal value may encode differently (see {@link Condition}).
   */
  private static boolean undecided(Condition condition, WriteResult<?> result) {
    return condition instanceof Condition.ValueEquals && !result.applied() && result.existed();
  }

  /**
   * Removes the entry if {@code condition} holds.
   *
   * @param beforeRemove runs once the engine knows the removal will happen and before it does, or {@code null}
   */
  WriteResult<V> remove(K key, Condition condition, boolean wantPrevious, @Nullable Consumer<V> beforeRemove) {
    if (beforeRemove == null) {
      WriteResult<V> result = store.remove(key, condition, wantPrevious);
      if (!undecided(condition, result)) {
        return result;
      }
    }
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Snapshot<V> seen = store.read(key);
      V current = seen.value();
      if (!condition.test(current)) {
        return WriteResult.of(false, current);
      }
      if (beforeRemove != null) {
        beforeRemove.accept(current);
      }
      if (seen.stamp() == null) {
        return WriteResult.of(true, false);
      }
      WriteResult<V> result = store.remove(key, Condition.unchangedSince(seen), wantPrevious);
      if (result.applied()) {
        return result;
      }
    }
    throw contended(key);
  }

  /** The failure of a compare-and-set loop that never won. */
  static CacheException contended(Object key) {
    return new CacheException("gave up on key " + key + " after " + MAX_ATTEMPTS + " conflicting attempts: "
        + "other writers change it without pause");
  }

  /** Publishes the event a write caused, if anyone listens. */
  void publishWrite(K key, V value, WriteResult<V> result) {
    if (!result.applied()) {
      return;
    }
    if (result.existed()) {
      if (events.isInterested(EventType.UPDATED)) {
        events.publish(new CairnEntryEvent<>(source, EventType.UPDATED, key, value, valueOut(result.previous())));
      }
    } else if (events.isInterested(EventType.CREATED)) {
      events.publish(new CairnEntryEvent<>(source, EventType.CREATED, key, value, null));
    }
  }

  /** Publishes the event a removal caused, if anyone listens. */
  void publishRemove(K key, WriteResult<V> result) {
    if (result.applied() && result.existed() && events.isInterested(EventType.REMOVED)) {
      V old = valueOut(result.previous());
      events.publish(new CairnEntryEvent<>(source, EventType.REMOVED, key, old, old));
    }
  }

  /** Publishes an expiry the store reported. */
  void publishExpired(K key, @Nullable V value) {
    if (events.isInterested(EventType.EXPIRED)) {
      V old = valueOut(value);
      events.publish(new CairnEntryEvent<>(source, EventType.EXPIRED, key, old, old));
    }
  }
}
