package dev.cairn.cache.engine;

import dev.cairn.cache.CairnEntry;
import dev.cairn.cache.integration.Loader;
import dev.cairn.cache.management.CacheStatistics;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.WriteResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.cache.Cache;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import org.jspecify.annotations.Nullable;

/**
 * The JCache operations on many keys: {@code getAll}, {@code putAll}, {@code removeAll}, {@code clear} and
 * iteration. Where nothing needs a per-entry outcome (no listeners, no statistics, a constant expiry policy) they
 * go to the store's batch calls, one round trip on a remote store; otherwise entry by entry.
 *
 * <p>Write-through follows the spec's partial-failure rule: the writer removes from the batch what it wrote; the
 * cache then applies exactly those entries, and the writer's exception is rethrown afterwards. Thread-safe.
 */
public final class BulkOperations<K, V> {

  /** How many keys {@link #removeAll()} holds and hands the writer at a time. */
  static final int REMOVE_ALL_BATCH = 1_000;

  private final CacheContext<K, V> context;
  private final SingleKeyOperations<K, V> single;
  private final CacheStatistics statistics;
  private final Loader<K, V> loader;

  private final Set<CompletableFuture<?>> loading = ConcurrentHashMap.newKeySet();

  /** @param loader the loader {@code loadAll} uses, which loads whether or not the cache reads through */
  public BulkOperations(CacheContext<K, V> context, SingleKeyOperations<K, V> single, Loader<K, V> loader) {
    this.context = context;
    this.single = single;
    this.statistics = context.statistics;
    this.loader = loader;
  }

  /**
   * Loads {@code keys} in the background and stores what the loader returns, replacing existing entries only if
   * asked. Loaded entries are creations or updates for listeners and expiry, never written through, and not puts in
   * the statistics. Without a loader the listener completes at once.
   */
  public void loadAll(Set<? extends K> keys, boolean replaceExisting, CompletionListener listener) {
    CompletionListener completion = listener == null ? NO_LISTENER : listener;
    if (!loader.isEnabled()) {
      completion.onCompletion();
      return;
    }
    List<K> requested = new ArrayList<>(keys);
    CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
      try {
        List<K> toLoad = new ArrayList<>();
        for (K key : requested) {
          if (replaceExisting || !context.store.containsKey(key)) {
            toLoad.add(key);
          }
        }
        Map<K, V> loaded = toLoad.isEmpty() ? Map.of() : loader.loadAll(toLoad);
        boolean wantOld = context.events.wantsOldValues();
        for (K key : toLoad) {
          V value = loaded.get(key);
          if (value != null) {
            Condition condition = replaceExisting ? Condition.ANY : Condition.ABSENT;
            WriteResult<V> result = context.write(context.keyIn(key), context.valueIn(value), condition, wantOld,
                null);
            context.publishWrite(key, value, result);
          }
        }
        completion.onCompletion();
      } catch (Exception e) {
        completion.onException(e);
      }
    }, Background.pool());
    track(load);
  }

  /** Keeps {@code load} in {@link #loading} while it runs. */
  // the load tells its listener how it ended, so the whenComplete stage has nothing more to say; and a future
  // equals only itself, which is what removing it needs
  @SuppressWarnings({"FutureReturnValueIgnored", "CollectionUndefinedEquality"})
  private void track(CompletableFuture<?> load) {
    loading.add(load);
    load.whenComplete((done, failure) -> loading.remove(load));
  }

  /**
   * Waits, up to {@code timeoutMillis}, for the {@code loadAll} calls still running, so that a closing cache does
   * not close its loader under them (nor let them use it after the cache is closed).
   */
  public void awaitLoads(long timeoutMillis) {
    CompletableFuture<?>[] running = loading.toArray(CompletableFuture<?>[]::new);
    try {
      CompletableFuture.allOf(running).get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // the loads report their own failures to their listeners; a slow one is abandoned, not awaited forever
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final CompletionListener NO_LISTENER = new CompletionListener() {
    @Override
    public void onCompletion() {
    }

    @Override
    public void onException(Exception e) {
    }
  };

  public Map<K, V> getAll(Set<? extends K> keys) {
    long start = statistics.start();
    Map<K, V> found;
    if (context.expiry.isConstant() && context.expiry.forAccess() == Ttl.UNCHANGED) {
      found = context.store.getAll(keys);
    } else {
      found = new LinkedHashMap<>();
      for (K key : keys) {
        V value = context.read(key);
        if (value != null) {
          found.put(key, value);
        }
      }
    }
    // sized for every key: growing the table showed in the profile of a 100-key getAll
    Map<K, V> result = new LinkedHashMap<>(keys.size() * 4 / 3 + 1);
    List<K> missing = new ArrayList<>();
    for (K key : keys) {
      V value = found.get(key);
      if (value != null) {
        result.put(key, context.valueOut(value));
      } else {
        missing.add(key);
      }
    }
    statistics.recordHits(result.size());
    statistics.recordMisses(missing.size());
    if (!missing.isEmpty() && context.loader.isEnabled()) {
      Map<K, V> loaded = context.loader.loadAll(missing);
      for (K key : missing) {
        V value = loaded.get(key);
        if (value != null) {
          WriteResult<V> written = context.write(context.keyIn(key), context.valueIn(value), Condition.ABSENT,
              false, null);
          context.publishWrite(key, value, written);
          result.put(key, value);
        }
      }
    }
    statistics.recordGetTime(start);
    return result;
  }

  public void putAll(Map<? extends K, ? extends V> entries) {
    putAll(entries, CacheContext.POLICY_TTL);
  }

  /** {@code putAll} with one time to live of their own for these entries instead of the policy's. */
  public void putAll(Map<? extends K, ? extends V> entries, long ttl) {
    boolean fixed = ttl != CacheContext.POLICY_TTL;
    long start = statistics.start();
    Map<K, V> toPut = new LinkedHashMap<>(entries);
    CacheWriterException failure = null;
    if (context.writer.isEnabled()) {
      Collection<Cache.Entry<? extends K, ? extends V>> batch = new ArrayList<>();
      toPut.forEach((key, value) -> batch.add(new CairnEntry<>(key, value)));
      try {
        context.writer.writeAll(batch);
      } catch (CacheWriterException e) {
        failure = e;
        batch.forEach(notWritten -> toPut.remove(notWritten.getKey()));
      }
    }
    long creation = fixed ? ttl : context.expiry.isConstant() ? context.expiry.forCreation() : 0;
    boolean batchable = (fixed || context.expiry.isConstant()) && creation != 0 && !context.events.hasListeners();
    if (batchable) {
      Map<K, V> copies = new LinkedHashMap<>();
      toPut.forEach((key, value) -> copies.put(context.keyIn(key), context.valueIn(value)));
      context.store.putAll(copies, creation, fixed ? ttl : context.expiry.forUpdate());
      statistics.recordPuts(copies.size());
    } else {
      boolean wantOld = context.events.wantsOldValues();
      for (Map.Entry<K, V> entry : toPut.entrySet()) {
        WriteResult<V> result = context.write(context.keyIn(entry.getKey()), context.valueIn(entry.getValue()),
            Condition.ANY, wantOld, null, ttl);
        if (result.applied()) {
          statistics.recordPuts(1);
        }
        context.publishWrite(entry.getKey(), entry.getValue(), result);
      }
    }
    statistics.recordPutTime(start);
    if (failure != null) {
      throw failure;
    }
  }

  public void removeAll(Set<? extends K> keys) {
    remove(keys, false);
  }

  /** {@code removeAll(keys)}, counting the entries that existed and went. */
  public long removeAllCounting(Set<? extends K> keys) {
    return remove(keys, true);
  }

  private long remove(Set<? extends K> keys, boolean count) {
    long start = statistics.start();
    long removed = 0;
    Set<K> toRemove = new HashSet<>(keys);
    CacheWriterException failure = null;
    if (context.writer.isEnabled()) {
      Collection<K> batch = new ArrayList<>(toRemove);
      try {
        context.writer.deleteAll(batch);
      } catch (CacheWriterException e) {
        failure = e;
        toRemove.removeAll(batch);
      }
    }
    if (!count && !context.events.hasListeners() && !statistics.isEnabled()) {
      context.store.removeAll(toRemove);
    } else {
      boolean wantOld = context.events.wantsOldValues();
      for (K key : toRemove) {
        WriteResult<V> result = context.store.remove(key, Condition.ANY, wantOld);
        if (result.existed()) {
          removed++;
          statistics.recordRemovals(1);
        }
        context.publishRemove(key, result);
      }
    }
    statistics.recordRemoveTime(start);
    if (failure != null) {
      throw failure;
    }
    return removed;
  }

  /**
   * Removes every entry as {@code removeAll(keys)} would: written through, with events and statistics. The keys go
   * in batches of {@value #REMOVE_ALL_BATCH} as the store iterates them (the writer's {@code deleteAll} once per
   * batch), so a cache of millions of keys is never held on the heap at once. A writer failure stops at its batch.
   */
  public void removeAll() {
    Iterator<K> keys = context.store.keys();
    Set<K> batch = new LinkedHashSet<>();
    while (keys.hasNext()) {
      batch.add(keys.next());
      if (batch.size() == REMOVE_ALL_BATCH || !keys.hasNext()) {
        removeAll(batch);
        batch.clear();
      }
    }
  }

  /** Empties the cache without the writer, listeners or statistics, as the spec says. */
  public void clear() {
    context.store.clear();
  }

  /** Iterates live entries; each {@code next} is an access, and {@code remove} removes like {@code remove(k)}. */
  public Iterator<Cache.Entry<K, V>> iterator() {
    Iterator<K> keys = context.store.keys();
    return new Iterator<>() {
      private Cache.@Nullable Entry<K, V> next;
      private @Nullable K last;

      @Override
      public boolean hasNext() {
        while (next == null && keys.hasNext()) {
          K key = keys.next();
          V value = context.valueOut(context.read(key));
          if (value != null) {
            statistics.recordHits(1);
            next = new CairnEntry<>(key, value);
          }
        }
        return next != null;
      }

      @Override
      public Cache.Entry<K, V> next() {
        Cache.Entry<K, V> entry = hasNext() ? next : null;
        if (entry == null) {
          throw new NoSuchElementException();
        }
        next = null;
        last = entry.getKey();
        return entry;
      }

      @Override
      public void remove() {
        if (last == null) {
          throw new IllegalStateException("next() has not been called, or remove() was already called");
        }
        single.remove(last);
        last = null;
      }
    };
  }
}
