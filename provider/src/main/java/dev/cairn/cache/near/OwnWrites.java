package dev.cairn.cache.near;

import dev.cairn.cache.store.AsyncCapability;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.CounterCapability;
import dev.cairn.cache.store.PatternCapability;
import dev.cairn.cache.store.WriteResult;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The store capabilities that write entries ({@link CounterCapability}, {@link PatternCapability},
 * {@link AsyncCapability}), wrapped so that a near store's local copies of what they wrote are dropped before they
 * return (a stage completes only after): this process reads its own writes made through the extensions too, not
 * only once the server's invalidation arrives. Like {@link NearStore}'s own writes, the copies go whether the write
 * succeeded or not. Other capabilities touch no entry and are not wrapped.
 */
final class OwnWrites {

  private OwnWrites() {
  }

  /** {@code capability}, wrapped if it writes entries. */
  @SuppressWarnings("unchecked")
  static <T> T of(Class<T> type, T capability, NearStore<?, ?> near) {
    NearStore<Object, Object> store = (NearStore<Object, Object>) near;
    if (type == CounterCapability.class) {
      return type.cast(new Counters((CounterCapability<Object>) capability, store));
    }
    if (type == PatternCapability.class) {
      return type.cast(new Patterns((PatternCapability<Object>) capability, store));
    }
    if (type == AsyncCapability.class) {
      return type.cast(new AsyncWrites((AsyncCapability<Object, Object>) capability, store));
    }
    return capability;
  }

  private record Counters(CounterCapability<Object> target, NearStore<Object, Object> near)
      implements CounterCapability<Object> {
    @Override
    public long add(Object key, long delta, long ttlIfAbsent) {
      try {
        return target.add(key, delta, ttlIfAbsent);
      } finally {
        near.invalidate(key);
      }
    }

    @Override
    public double add(Object key, double delta, long ttlIfAbsent) {
      try {
        return target.add(key, delta, ttlIfAbsent);
      } finally {
        near.invalidate(key);
      }
    }

    @Override
    public CompletionStage<Long> addAsync(Object key, long delta, long ttlIfAbsent) {
      return target.addAsync(key, delta, ttlIfAbsent).whenComplete((result, failure) -> near.invalidate(key));
    }

    @Override
    public CompletionStage<Double> addAsync(Object key, double delta, long ttlIfAbsent) {
      return target.addAsync(key, delta, ttlIfAbsent).whenComplete((result, failure) -> near.invalidate(key));
    }
  }

  /** Which keys a pattern removed is not known here: the whole local tier goes. */
  private record Patterns(PatternCapability<Object> target, NearStore<Object, Object> near)
      implements PatternCapability<Object> {
    @Override
    public long removeMatching(String glob) {
      try {
        return target.removeMatching(glob);
      } finally {
        near.flush();
      }
    }

    @Override
    public CompletionStage<Long> removeMatchingAsync(String glob) {
      return target.removeMatchingAsync(glob).whenComplete((result, failure) -> near.flush());
    }

    @Override
    public long removeMatching(String serverGlob, Predicate<? super Object> exact) {
      try {
        return target.removeMatching(serverGlob, exact);
      } finally {
        near.flush();
      }
    }

    @Override
    public CompletionStage<Long> removeMatchingAsync(String serverGlob, Predicate<? super Object> exact) {
      return target.removeMatchingAsync(serverGlob, exact).whenComplete((result, failure) -> near.flush());
    }
  }

  /** Reads go to the server as before; writes drop the local copies when they complete. */
  private record AsyncWrites(AsyncCapability<Object, Object> target, NearStore<Object, Object> near)
      implements AsyncCapability<Object, Object> {
    @Override
    public CompletionStage<Object> getAsync(Object key, long touchTtl) {
      return target.getAsync(key, touchTtl);
    }

    @Override
    public CompletionStage<Boolean> containsKeyAsync(Object key) {
      return target.containsKeyAsync(key);
    }

    @Override
    public CompletionStage<WriteResult<Object>> writeAsync(Object key, Object value, Condition condition,
        long ttlIfAbsent, long ttlIfPresent, boolean wantPrevious) {
      return target.writeAsync(key, value, condition, ttlIfAbsent, ttlIfPresent, wantPrevious)
          .whenComplete((result, failure) -> near.invalidate(key));
    }

    @Override
    public CompletionStage<WriteResult<Object>> removeAsync(Object key, Condition condition, boolean wantPrevious) {
      return target.removeAsync(key, condition, wantPrevious).whenComplete((result, failure) -> near.invalidate(key));
    }

    @Override
    public CompletionStage<Boolean> expireAsync(Object key, long ttl) {
      return target.expireAsync(key, ttl).whenComplete((result, failure) -> near.invalidate(key));
    }

    @Override
    public CompletionStage<Map<Object, Object>> getAllAsync(Collection<?> keys) {
      return target.getAllAsync(keys);
    }

    @Override
    public CompletionStage<Void> putAllAsync(Map<?, ?> entries, long ttlIfAbsent, long ttlIfPresent) {
      return target.putAllAsync(entries, ttlIfAbsent, ttlIfPresent)
          .whenComplete((result, failure) -> entries.keySet().forEach(near::invalidate));
    }

    @Override
    public CompletionStage<Long> removeAllAsync(Collection<?> keys) {
      return target.removeAllAsync(keys).whenComplete((result, failure) -> keys.forEach(near::invalidate));
    }
  }
}
