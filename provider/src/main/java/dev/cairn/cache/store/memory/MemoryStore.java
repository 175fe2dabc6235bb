package dev.cairn.cache.store.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.cairn.cache.expiry.Clock;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.EncodedSets;
import dev.cairn.cache.store.MemberSets;
import dev.cairn.cache.store.SetCapability;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreListener;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.TtlCapability;
import dev.cairn.cache.store.WriteResult;
import java.util.Iterator;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * A store on a Caffeine cache. Each entry carries its absolute deadline; Caffeine's variable expiry, driven by the
 * engine's clock, reclaims entries past it, and its size bound evicts when one is set.
 *
 * <p>Caffeine reclaims an entry only {@link #RECLAIM_GRACE_MILLIS} after its deadline. Until then a call that meets
 * the entry finds it expired itself, drops it and reports the expiry on its own thread, so the engine can publish
 * the EXPIRED event before that call returns; Caffeine's maintenance, which with the system clock runs on
 * Caffeine's pool and would race the reading thread, only reclaims entries nobody met in that time (their expiries
 * are reported from the maintenance thread).
 *
 * <p>Sets ({@link SetCapability}) are kept beside the entries in {@link MemberSets}, encoded with the cache's codecs
 * so that members compare by their bytes as on the other stores; they are not bounded, evicted or expired, and go
 * with {@link #clear()} and {@link #close()}.
 *
 * <p>Thread-safe. Every conditional step runs inside Caffeine's per-key {@code compute}, so it is atomic.
 */
final class MemoryStore<K, V> implements Store<K, V>, TtlCapability<K> {

  /** A stored value and the epoch millisecond it expires at ({@link Long#MAX_VALUE}: never). */
  private record Holder<V>(V value, long deadline) {
  }

  /** How long after its deadline Caffeine reclaims an entry that no call met (see the class comment). */
  static final long RECLAIM_GRACE_MILLIS = 10_000;

  private final Cache<K, Holder<V>> cache;
  private final ConcurrentMap<K, Holder<V>> map;
  private final Clock clock;
  private final StoreListener<K, V> listener;
  private final boolean tracksExpiry;
  private final MemberSets memberSets = new MemberSets(MemberSets.Journal.NONE);
  private final SetCapability<K, V> sets;

  MemoryStore(StoreSettings<K, V> settings) {
    this.sets = new EncodedSets<>(settings.keyCodec(), settings.valueCodec(), create -> memberSets);
    this.clock = settings.clock();
    StoreListener<K, V> listener = settings.listener();
    Caffeine<Object, Object> base = Caffeine.newBuilder();
    if (!settings.clock().isSystem()) {
      // a caller-supplied clock (a test's manual clock): run maintenance and notifications on the calling thread,
      // so that expiry and eviction happen exactly when that clock and those calls say; with the system clock
      // Caffeine keeps its default asynchronous maintenance, which keeps reads cheap
      base.executor(Runnable::run);
    }
    this.listener = listener;
    this.tracksExpiry = settings.entriesExpire();
    // an eviction listener, not a removal listener: Caffeine would otherwise schedule a notification for every
    // replaced value, which made puts several times slower
    Caffeine<K, Holder<V>> builder = base.<K, Holder<V>>evictionListener((key, holder, cause) -> {
          if (key == null) {
            return; // Caffeine names no key only for collected weak keys, and this cache holds its keys strongly
          }
          if (cause == RemovalCause.EXPIRED) {
            listener.onExpired(key, holder == null ? null : holder.value());
          } else if (cause == RemovalCause.SIZE) {
            listener.onEvicted(key, holder == null ? null : holder.value());
          }
        });
    if (settings.entriesExpire()) {
      // Caffeine reclaims expired entries by itself; an eternal cache skips that bookkeeping (with no size bound
      // Caffeine then builds a plain concurrent map) and relies on the lazy deadline checks below
      builder.ticker(() -> clock.millis() * 1_000_000L).expireAfter(new DeadlineExpiry<K, V>());
    }
    if (settings.maxEntries() > 0) {
      builder.maximumSize(settings.maxEntries());
    }
    this.cache = builder.build();
    this.map = cache.asMap();
  }

  @Override
  public @Nullable V get(K key, long touchTtl) {
    Holder<V> holder = observed(key, cache.getIfPresent(key));
    if (holder == null) {
      return null;
    }
    if (touchTtl != Ttl.UNCHANGED) {
      // only if nobody replaced the entry meanwhile: a touch must never undo a concurrent write
      if (touchTtl == 0) {
        map.remove(key, holder);
      } else {
        map.replace(key, holder, new Holder<>(holder.value(), deadline(clock.millis(), touchTtl, holder)));
      }
    }
    return holder.value();
  }

  @Override
  public boolean containsKey(K key) {
    return observed(key, map.get(key)) != null;
  }

  @Override
  public WriteResult<V> write(K key, V value, Condition condition, long ttlIfAbsent, long ttlIfPresent,
      boolean wantPrevious) {
    if (condition == Condition.ANY && ttlIfAbsent == Ttl.ETERNAL
        && (ttlIfPresent == Ttl.ETERNAL || ttlIfPresent == Ttl.UNCHANGED)) {
      return putEternal(key, value, ttlIfPresent, wantPrevious);
    }
    long now = clock.millis();
    Outcome<V> outcome = new Outcome<>();
    map.compute(key, (k, found) -> {
      Holder<V> current = live(found, now, outcome);
      V previous = current == null ? null : current.value();
      outcome.existed = current != null;
      outcome.previous = previous;
      if (!condition.test(previous)) {
        return current;
      }
      long ttl = current == null ? ttlIfAbsent : ttlIfPresent;
      outcome.applied = current != null || ttl != 0;
      return ttl == 0 ? null : new Holder<>(value, deadline(now, ttl, current));
    });
    outcome.notifyExpired(key, listener);
    return outcome.result(wantPrevious);
  }

  /**
   * The common put of an eternal cache as one plain map put, without a compute lambda; a replaced entry that had
   * its own deadline gets it back when the update asked to keep it.
   */
  private WriteResult<V> putEternal(K key, V value, long ttlIfPresent, boolean wantPrevious) {
    Holder<V> fresh = new Holder<>(value, Long.MAX_VALUE);
    Holder<V> old = map.put(key, fresh);
    if (old == null) {
      return WriteResult.of(true, false);
    }
    if (old.deadline() != Long.MAX_VALUE) {
      if (old.deadline() <= clock.millis()) {
        listener.onExpired(key, old.value());
        return WriteResult.of(true, false);
      }
      if (ttlIfPresent == Ttl.UNCHANGED) {
        map.replace(key, fresh, new Holder<>(value, old.deadline()));
      }
    }
    return wantPrevious ? new WriteResult<>(true, true, old.value()) : WriteResult.of(true, true);
  }

  @Override
  public WriteResult<V> remove(K key, Condition condition, boolean wantPrevious) {
    Outcome<V> outcome = new Outcome<>();
    long now = clock.millis();
    map.computeIfPresent(key, (k, found) -> {
      Holder<V> current = live(found, now, outcome);
      if (current == null) {
        return null;
      }
      outcome.existed = true;
      outcome.previous = current.value();
      if (!condition.test(current.value())) {
        return current;
      }
      outcome.applied = true;
      return null;
    });
    outcome.notifyExpired(key, listener);
    return outcome.result(wantPrevious);
  }

  @Override
  public boolean expire(K key, long ttl) {
    if (ttl == Ttl.UNCHANGED) {
      return containsKey(key);
    }
    long now = clock.millis();
    Outcome<V> outcome = new Outcome<>();
    map.computeIfPresent(key, (k, found) -> {
      Holder<V> current = live(found, now, outcome);
      if (current == null) {
        return null;
      }
      outcome.existed = true;
      return ttl == 0 ? null : new Holder<>(current.value(), deadline(now, ttl, current));
    });
    outcome.notifyExpired(key, listener);
    return outcome.existed;
  }

  /** From the entry's deadline and the store's clock. */
  @Override
  public long remainingTtl(K key) {
    Holder<V> holder = map.get(key);
    if (holder == null) {
      return ABSENT;
    }
    if (holder.deadline() == Long.MAX_VALUE) {
      return Ttl.ETERNAL;
    }
    long remaining = holder.deadline() - clock.millis();
    return remaining > 0 ? remaining : ABSENT;
  }

  /**
   * Entries within the reclaim grace are listed, and the engine's read of each reports its expiry. Caffeine's
   * iteration skips older ones silently: its maintenance, run first on this thread, reclaims and reports those.
   */
  @Override
  public Iterator<K> keys() {
    if (tracksExpiry) {
      cache.cleanUp();
    }
    return map.keySet().iterator();
  }

  /** Entries and sets. */
  @Override
  public void clear() {
    cache.invalidateAll();
    memberSets.clear();
  }

  @Override
  public void close() {
    cache.invalidateAll();
    cache.cleanUp();
    memberSets.clear();
  }

  /** This store's {@link TtlCapability}, and its sets. */
  @Override
  public <T> @Nullable T capability(Class<T> type) {
    return type == SetCapability.class ? type.cast(sets) : Store.super.capability(type);
  }

  /** The holder if it is still live at {@code now}; an expired one is recorded for notification. */
  private static <V> @Nullable Holder<V> live(@Nullable Holder<V> found, long now, Outcome<V> outcome) {
    if (found != null && found.deadline() != Long.MAX_VALUE && found.deadline() <= now) {
      outcome.expired = found;
      return null;
    }
    return found;
  }

  /**
   * The holder a read found, if it is live; otherwise {@code null}, and an expiry the read met is reported on this
   * thread: an entry past its deadline is dropped here. One past the reclaim grace Caffeine hides from reads without
   * reclaiming it: a compute reclaims it at once and calls the eviction listener (so the store's listener hears of
   * it) here, unless Caffeine's maintenance got there first.
   * ({@code compute}, not {@code computeIfPresent}: Caffeine's {@code computeIfPresent} returns early on an expired
   * entry and leaves it to maintenance, which with the system clock runs later on another thread.)
   */
  private @Nullable Holder<V> observed(K key, @Nullable Holder<V> holder) {
    if (holder == null) {
      if (tracksExpiry) {
        map.compute(key, (k, found) -> found);
      }
      return null;
    }
    if (holder.deadline() != Long.MAX_VALUE && holder.deadline() <= clock.millis()) {
      if (map.remove(key, holder)) {
        listener.onExpired(key, holder.value());
      }
      return null;
    }
    return holder;
  }

  private static long deadline(long now, long ttl, @Nullable Holder<?> current) {
    return Ttl.deadline(now, ttl, current == null ? Long.MAX_VALUE : current.deadline());
  }

  /** What happened inside a compute, carried out of the lambda. */
  private static final class Outcome<V> {
    boolean applied;
    boolean existed;
    @Nullable V previous;
    @Nullable Holder<V> expired;

    void notifyExpired(Object key, StoreListener<?, V> listener) {
      if (expired != null) {
        @SuppressWarnings("unchecked")
        StoreListener<Object, V> typed = (StoreListener<Object, V>) listener;
        typed.onExpired(key, expired.value());
      }
    }

    WriteResult<V> result(boolean wantPrevious) {
      return wantPrevious && existed ? new WriteResult<>(applied, true, previous) : WriteResult.of(applied, existed);
    }
  }

  /**
   * Caffeine's view of a holder's absolute deadline, plus the reclaim grace; reads never extend it (touches replace
   * the holder).
   */
  private static final class DeadlineExpiry<K, V> implements Expiry<K, Holder<V>> {
    @Override
    public long expireAfterCreate(K key, Holder<V> holder, long nowNanos) {
      return remaining(holder, nowNanos);
    }

    @Override
    public long expireAfterUpdate(K key, Holder<V> holder, long nowNanos, long currentDuration) {
      return remaining(holder, nowNanos);
    }

    @Override
    public long expireAfterRead(K key, Holder<V> holder, long nowNanos, long currentDuration) {
      return currentDuration;
    }

    private static long remaining(Holder<?> holder, long nowNanos) {
      if (holder.deadline() == Long.MAX_VALUE) {
        return Long.MAX_VALUE;
      }
      long remainingMillis = holder.deadline() - nowNanos / 1_000_000L;
      if (remainingMillis >= Long.MAX_VALUE / 1_000_000L - RECLAIM_GRACE_MILLIS) {
        return Long.MAX_VALUE;
      }
      remainingMillis += RECLAIM_GRACE_MILLIS;
      return remainingMillis <= 0 ? 0 : remainingMillis * 1_000_000L;
    }
  }
}
