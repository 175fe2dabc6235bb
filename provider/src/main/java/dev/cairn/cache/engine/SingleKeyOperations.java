package dev.cairn.cache.engine;

import dev.cairn.cache.management.CacheStatistics;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.WriteResult;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The JCache operations on one key, written once for every store. Arguments arrive checked (non-null, right
 * types, cache open); this class applies the spec's rules for expiry, read- and write-through, events and
 * statistics, which follow the reference implementation where the spec is silent. Thread-safe.
 */
public final class SingleKeyOperations<K, V> {

  private final CacheContext<K, V> context;
  private final CacheStatistics statistics;

  public SingleKeyOperations(CacheContext<K, V> context) {
    this.context = context;
    this.statistics = context.statistics;
  }

  public @Nullable V get(K key) {
    long start = statistics.start();
    V value = context.read(key);
    if (value != null) {
      statistics.recordHits(1);
      statistics.recordGetTime(start);
      return context.valueOut(value);
    }
    statistics.recordMisses(1);
    V loaded = context.loader.isEnabled() ? loadAndStore(key) : null;
    statistics.recordGetTime(start);
    return loaded;
  }

  /**
   * Loads a missing entry and stores it as a creation. A load is not a put in the statistics and is never
   * written through (spec 8.1 and the RI); an entry created meanwhile by someone else wins.
   */
  @Nullable V loadAndStore(K key) {
    V loaded = context.loader.load(key);
    if (loaded == null) {
      return null;
    }
    WriteResult<V> result = context.write(context.keyIn(key), context.valueIn(loaded), Condition.ABSENT, false, null);
    context.publishWrite(key, loaded, result);
    return loaded;
  }

  public boolean containsKey(K key) {
    return context.store.containsKey(key);
  }

  public void put(K key, V value) {
    put(key, value, CacheContext.POLICY_TTL);
  }

  /** {@code put} with a time to live of its own for this entry (see {@code Ttl}) instead of the policy's. */
  public void put(K key, V value, long ttl) {
    context.guarded(key, () -> {
      long start = statistics.start();
      context.writer.write(key, value);
      WriteResult<V> result = context.write(context.keyIn(key), context.valueIn(value), Condition.ANY,
          context.events.wantsOldValues(), null, ttl);
      if (result.applied()) {
        statistics.recordPuts(1);
        statistics.recordPutTime(start);
      }
      context.publishWrite(key, value, result);
      return null;
    });
  }

  public @Nullable V getAndPut(K key, V value) {
    return context.guarded(key, () -> {
      long start = statistics.start();
      context.writer.write(key, value);
      WriteResult<V> result = context.write(context.keyIn(key), context.valueIn(value), true);
      recordHitOrMiss(result.previous() != null);
      statistics.recordGetTime(start);
      if (result.applied()) {
        statistics.recordPuts(1);
        statistics.recordPutTime(start);
      }
      context.publishWrite(key, value, result);
      return context.valueOut(result.previous());
    });
  }

  public boolean putIfAbsent(K key, V value) {
    return putIfAbsent(key, value, CacheContext.POLICY_TTL);
  }

  /** {@code putIfAbsent} with a time to live of its own for this entry instead of the policy's. */
  public boolean putIfAbsent(K key, V value, long ttl) {
    return context.guarded(key, () -> {
      long start = statistics.start();
      WriteResult<V> result = context.write(context.keyIn(key), context.valueIn(value), Condition.ABSENT, false,
          writeThrough(key, value), ttl);
      if (result.applied()) {
        statistics.recordPuts(1);
        statistics.recordMisses(1);
        statistics.recordPutTime(start);
      } else if (result.existed()) {
        statistics.recordHits(1);
      } else {
        statistics.recordMisses(1);
      }
      context.publishWrite(key, value, result);
      return result.applied();
    });
  }

  public boolean remove(K key) {
    return context.guarded(key, () -> {
      long start = statistics.start();
      context.writer.delete(key);
      WriteResult<V> result = context.store.remove(key, Condition.ANY, context.events.wantsOldValues());
      if (result.applied() && result.existed()) {
        statistics.recordRemovals(1);
        statistics.recordRemoveTime(start);
      }
      context.publishRemove(key, result);
      return result.applied() && result.existed();
    });
  }

  public boolean remove(K key, V expected) {
    return context.guarded(key, () -> {
      long start = statistics.start();
      WriteResult<V> result = context.remove(key, Condition.valueEquals(expected), context.events.wantsOldValues(),
          context.writer.isEnabled() ? current -> context.writer.delete(key) : null);
      if (result.applied()) {
        statistics.recordHits(1);
        statistics.recordRemovals(1);
        statistics.recordRemoveTime(start);
      } else if (result.existed()) {
        // spec: a failed conditional remove still accessed the entry
        context.touch(key);
        statistics.recordHits(1);
      } else {
        statistics.recordMisses(1);
      }
      context.publishRemove(key, result);
      return result.applied();
    });
  }

  public @Nullable V getAndRemove(K key) {
    return context.guarded(key, () -> {
      long start = statistics.start();
      context.writer.delete(key);
      WriteResult<V> result = context.store.remove(key, Condition.ANY, true);
      recordHitOrMiss(result.previous() != null);
      statistics.recordGetTime(start);
      if (result.existed()) {
        statistics.recordRemovals(1);
        statistics.recordRemoveTime(start);
      }
      context.publishRemove(key, result);
      return context.valueOut(result.previous());
    });
  }

  public boolean replace(K key, V expected, V value) {
    return context.guarded(key, () -> {
      long start = statistics.start();
      WriteResult<V> result = context.write(context.keyIn(key), context.valueIn(value),
          Condition.valueEquals(expected), context.events.wantsOldValues(), writeThrough(key, value));
      if (result.applied()) {
        statistics.recordPuts(1);
        statistics.recordPutTime(start);
      } else if (result.existed()) {
        // the RI: a replace that did not match counts as an access of the entry
        context.touch(key);
      }
      recordHitOrMiss(result.existed());
      statistics.recordGetTime(start);
      context.publishWrite(key, value, result);
      return result.applied();
    });
  }

  public boolean replace(K key, V value) {
    return context.guarded(key, () -> {
      long start = statistics.start();
      WriteResult<V> result = context.write(context.keyIn(key), context.valueIn(value), Condition.PRESENT,
          context.events.wantsOldValues(), writeThrough(key, value));
      recordReplace(start, result);
      context.publishWrite(key, value, result);
      return result.applied();
    });
  }

  public @Nullable V getAndReplace(K key, V value) {
    return context.guarded(key, () -> {
      long start = statistics.start();
      WriteResult<V> result = context.write(context.keyIn(key), context.valueIn(value), Condition.PRESENT, true,
          writeThrough(key, value));
      recordReplace(start, result);
      statistics.recordGetTime(start);
      context.publishWrite(key, value, result);
      return context.valueOut(result.previous());
    });
  }

  /** Publishes an EXPIRED event for an entry the store dropped. */
  public void expired(K key, V value) {
    context.publishExpired(key, value);
  }

  private void recordReplace(long start, WriteResult<V> result) {
    if (result.applied()) {
      statistics.recordPuts(1);
      statistics.recordHits(1);
      statistics.recordPutTime(start);
    } else {
      statistics.recordMisses(1);
    }
  }

  private void recordHitOrMiss(boolean hit) {
    if (hit) {
      statistics.recordHits(1);
    } else {
      statistics.recordMisses(1);
    }
  }

  /** The writer's call for a conditional write, or {@code null} when there is no writer (one store step). */
  private @Nullable Consumer<V> writeThrough(K key, V value) {
    return context.writer.isEnabled() ? current -> context.writer.write(key, value) : null;
  }
}
