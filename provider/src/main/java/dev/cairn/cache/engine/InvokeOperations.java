package dev.cairn.cache.engine;

import dev.cairn.cache.management.CacheStatistics;
import dev.cairn.cache.processor.RecordingMutableEntry;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Snapshot;
import dev.cairn.cache.store.WriteResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * {@code invoke} and {@code invokeAll}: atomic per entry on every store, including across JVMs sharing a remote
 * store.
 *
 * <p>The processor runs on a snapshot of the entry; its recorded {@link dev.cairn.cache.processor.Action} is then
 * applied as a compare-and-set against that snapshot. If another thread or JVM changed the entry meanwhile, the
 * processor runs again on the new value, so no update is lost; a processor may therefore run more than once, and
 * only the run whose outcome is applied is seen by the listeners and the statistics. With a writer, invocations
 * of one key run one at a time across threads and processes (see {@code WriteThroughGuard}), so the writer too
 * sees only the outcome that is applied.
 */
public final class InvokeOperations<K, V> {

  private final CacheContext<K, V> context;
  private final CacheStatistics statistics;

  public InvokeOperations(CacheContext<K, V> context) {
    this.context = context;
    this.statistics = context.statistics;
  }

  public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    return context.guarded(key, () -> invokeUntilApplied(key, processor, arguments));
  }

  private <T> T invokeUntilApplied(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    long start = statistics.start();
    for (int attempt = 0; attempt < CacheContext.MAX_ATTEMPTS; attempt++) {
      Snapshot<V> seen = context.store.read(key);
      V current = seen.value();
      RecordingMutableEntry<K, V> entry = new RecordingMutableEntry<>(key, context.valueOut(current),
          context.loader);
      T result;
      try {
        result = processor.process(entry, arguments);
      } catch (EntryProcessorException e) {
        throw e;
      } catch (Exception e) {
        throw new EntryProcessorException("entry processor failed for key " + key + ": " + e, e);
      }
      if (apply(key, seen, entry)) {
        if (current != null) {
          statistics.recordHits(1);
        } else {
          statistics.recordMisses(1);
        }
        statistics.recordGetTime(start);
        return result;
      }
      // lost a race with another writer: run the processor again on the value that won
    }
    throw CacheContext.contended(key);
  }

  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
      Object... arguments) {
    Map<K, EntryProcessorResult<T>> results = new LinkedHashMap<>();
    for (K key : keys) {
      try {
        T result = invoke(key, processor, arguments);
        if (result != null) {
          results.put(key, () -> result);
        }
      } catch (EntryProcessorException e) {
        results.put(key, () -> {
          throw e;
        });
      } catch (RuntimeException e) {
        EntryProcessorException wrapped = new EntryProcessorException(e);
        results.put(key, () -> {
          throw wrapped;
        });
      }
    }
    return results;
  }

  /** Carries out the recorded action; false if the entry changed since {@code seen} was read. */
  private boolean apply(K key, Snapshot<V> seen, RecordingMutableEntry<K, V> entry) {
    V current = seen.value();
    Condition unchanged = Condition.unchangedSince(seen);
    V value = entry.value();
    switch (entry.action()) {
      case NONE -> {
        return true;
      }
      case READ -> {
        context.touch(key);
        return true;
      }
      case LOADED -> {
        if (value == null) {
          throw new IllegalStateException("a processor's entry was LOADED without a value");
        }
        long ttl = context.expiry.forCreation();
        WriteResult<V> result = context.store.write(context.keyIn(key), context.valueIn(value), Condition.ABSENT,
            ttl, ttl, false);
        context.publishWrite(key, value, result);
        return true;
      }
      case CREATED, UPDATED -> {
        if (value == null) {
          throw new IllegalStateException("a processor's entry was " + entry.action() + " without a value");
        }
        long start = statistics.start();
        context.writer.write(key, value);
        long ttl = current == null ? context.expiry.forCreation() : context.expiry.forUpdate();
        WriteResult<V> result = context.store.write(context.keyIn(key), context.valueIn(value), unchanged, ttl, ttl,
            true);
        boolean zeroCreation = current == null && ttl == 0 && !result.existed();
        if (!result.applied() && !zeroCreation) {
          return false;
        }
        if (result.applied()) {
          statistics.recordPuts(1);
          statistics.recordPutTime(start);
        }
        context.publishWrite(key, value, result);
        return true;
      }
      case DELETED -> {
        long start = statistics.start();
        context.writer.delete(key);
        if (seen.stamp() == null) {
          return true;
        }
        WriteResult<V> result = context.store.remove(key, unchanged, true);
        if (!result.applied()) {
          return false;
        }
        statistics.recordRemovals(1);
        statistics.recordRemoveTime(start);
        context.publishRemove(key, result);
        return true;
      }
      default -> throw new IllegalStateException("unknown action " + entry.action());
    }
  }
}
