package dev.cairn.cache.store.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.cairn.cache.expiry.Clock;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreListener;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.WriteResult;
import java.util.Iterator;
import java.util.concurrent.ConcurrentMap;

/**
 * A store on a Caffeine cache. Each entry carries its absolute deadline; Caffeine's variable expiry, driven by the
 * engine's clock, reclaims entries past it, and its size bound evicts when one is set.
 *
 * <p>Thread-safe. Every conditional step runs inside Caffeine's per-key {@code compute}, so it is atomic.
 */
final class MemoryStore<K, V> implements Store<K, V> {

  /** A stored value and the epoch millisecond it expires at ({@link Long#MAX_VALUE}: never). */
  private record Holder<V>(V value, long deadline) {
  }

  private final Cache<K, Holder<V>> cache;
  private final ConcurrentMap<K, Holder<V>> map;
  private final Clock clock;

  MemoryStore(StoreSettings<K, V> settings) {
    this.clock = settings.clock();
    StoreListener<K, V> listener = settings.listener();
    Caffeine<K, Holder<V>> builder = Caffeine.newBuilder()
        // maintenance and notifications on the calling thread: no hidden threads, deterministic with a manual clock
        .executor(Runnable::run)
        .ticker(() -> clock.millis() * 1_000_000L)
        .<K, Holder<V>>removalListener((key, holder, cause) -> {
          if (cause == RemovalCause.EXPIRED) {
            listener.onExpired(key, holder == null ? null : holder.value());
          } else if (cause == RemovalCause.SIZE) {
            listener.onEvicted(key, holder == null ? null : holder.value());
          }
        })
        .expireAfter(new DeadlineExpiry<K, V>());
    if (settings.maxEntries() > 0) {
      builder.maximumSize(settings.maxEntries());
    }
    this.cache = builder.build();
    this.map = cache.asMap();
  }

  @Override
  public V get(K key, long touchTtl) {
    Holder<V> holder = cache.getIfPresent(key);
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
    return map.containsKey(key);
  }

  @Override
  public WriteResult<V> write(K key, V value, Condition condition, long ttlIfAbsent, long ttlIfPresent,
      boolean wantPrevious) {
    long now = clock.millis();
    Outcome<V> outcome = new Outcome<>();
    map.compute(key, (k, current) -> {
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
    return outcome.result(wantPrevious);
  }

  @Override
  public WriteResult<V> remove(K key, Condition condition, boolean wantPrevious) {
    Outcome<V> outcome = new Outcome<>();
    map.computeIfPresent(key, (k, current) -> {
      outcome.existed = true;
      outcome.previous = current.value();
      if (!condition.test(current.value())) {
        return current;
      }
      outcome.applied = true;
      return null;
    });
    return outcome.result(wantPrevious);
  }

  @Override
  public boolean expire(K key, long ttl) {
    if (ttl == Ttl.UNCHANGED) {
      return containsKey(key);
    }
    long now = clock.millis();
    boolean[] existed = new boolean[1];
    map.computeIfPresent(key, (k, current) -> {
      existed[0] = true;
      return ttl == 0 ? null : new Holder<>(current.value(), deadline(now, ttl, current));
    });
    return existed[0];
  }

  @Override
  public Iterator<K> keys() {
    return map.keySet().iterator();
  }

  @Override
  public void clear() {
    cache.invalidateAll();
  }

  @Override
  public void close() {
    cache.invalidateAll();
    cache.cleanUp();
  }

  private static long deadline(long now, long ttl, Holder<?> current) {
    if (ttl == Ttl.UNCHANGED) {
      return current == null ? Long.MAX_VALUE : current.deadline();
    }
    if (ttl == Ttl.ETERNAL) {
      return Long.MAX_VALUE;
    }
    long deadline = now + ttl;
    return deadline < now ? Long.MAX_VALUE : deadline;
  }

  /** What happened inside a compute, carried out of the lambda. */
  private static final class Outcome<V> {
    boolean applied;
    boolean existed;
    V previous;

    WriteResult<V> result(boolean wantPrevious) {
      return wantPrevious && existed ? new WriteResult<>(applied, true, previous) : WriteResult.of(applied, existed);
    }
  }

  /** Caffeine's view of a holder's absolute deadline; reads never extend it (touches replace the holder). */
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
      if (remainingMillis <= 0) {
        return 0;
      }
      return remainingMillis >= Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : remainingMillis * 1_000_000L;
    }
  }
}
