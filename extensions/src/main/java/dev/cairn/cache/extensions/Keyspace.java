package dev.cairn.cache.extensions;

import dev.cairn.cache.ExtensionPoint.Operations;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Snapshot;
import dev.cairn.cache.store.PatternCapability;
import dev.cairn.cache.store.PingCapability;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.TtlCapability;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The extensions' operations on a store's keys rather than on one value: remaining time to live, moving an entry
 * between key versions, pattern invalidation and health. Each uses the store's capability when it has one.
 * Stateless.
 */
final class Keyspace {

  private Keyspace() {
  }

  /** @throws UnsupportedOperationException if the store cannot tell */
  static <K> TimeToLive ttl(Store<K, ?> store, K key, String cacheName) {
    @SuppressWarnings("unchecked")
    TtlCapability<K> ttls = store.capability(TtlCapability.class);
    if (ttls == null) {
      throw new UnsupportedOperationException("the store of cache " + cacheName
          + " cannot tell an entry's remaining time to live");
    }
    return timeToLive(ttls.remainingTtl(key));
  }

  /** What {@link TtlCapability#remainingTtl} answered, as the extensions say it. */
  static TimeToLive timeToLive(long remaining) {
    if (remaining == TtlCapability.ABSENT) {
      return TimeToLive.ABSENT;
    }
    return remaining == Ttl.ETERNAL ? TimeToLive.ETERNAL : TimeToLive.expiringIn(Duration.ofMillis(remaining));
  }

  /**
   * Moves the entry of {@code key} from one version's store to another's with its remaining time to live (eternal
   * for a store that cannot tell it); the old entry goes only if it did not change meanwhile.
   *
   * @return whether there was an entry
   */
  static <K, V> boolean move(K key, Store<K, V> from, Store<K, V> to) {
    Snapshot<V> seen = from.read(key);
    V value = seen.value();
    if (value == null) {
      return false;
    }
    @SuppressWarnings("unchecked")
    TtlCapability<K> ttls = from.capability(TtlCapability.class);
    long remaining = ttls == null ? Ttl.ETERNAL : ttls.remainingTtl(key);
    if (remaining == TtlCapability.ABSENT) {
      return false;
    }
    to.write(key, value, Condition.ANY, remaining, remaining, false);
    from.remove(key, Condition.unchangedSince(seen), false);
    return true;
  }

  /**
   * Removes the entries whose key matches {@code pattern}: natively when the store can and nobody observes,
   * otherwise as {@code removeAll(keys)} on the matching keys.
   *
   * @return how many were removed
   */
  static <K, V> long invalidate(Operations<K, V> ops, Glob pattern) {
    @SuppressWarnings("unchecked")
    PatternCapability<K> patterns = ops.store().capability(PatternCapability.class);
    if (patterns != null && !ops.context().observed()) {
      long start = ops.extended().start();
      long removed = pattern.serverMatchesExactly() ? patterns.removeMatching(pattern.pattern())
          : patterns.removeMatching(pattern.serverPattern(), key -> pattern.matches(key.toString()));
      ops.extended().recordRemovals(removed, start);
      return removed;
    }
    Set<K> matching = new LinkedHashSet<>();
    for (Iterator<K> keys = ops.store().keys(); keys.hasNext(); ) {
      K key = keys.next();
      if (key != null && pattern.matches(key.toString())) {
        matching.add(key);
      }
    }
    return ops.bulk().removeAllCounting(matching);
  }

  /** A round trip to the store's server, or for a store without one a call into the store. */
  @SuppressWarnings("ReturnValueIgnored") // without a ping, the first key's round trip is what is timed
  static Duration ping(Store<?, ?> store) {
    PingCapability ping = store.capability(PingCapability.class);
    if (ping != null) {
      return Duration.ofNanos(ping.ping());
    }
    long start = System.nanoTime();
    store.keys().hasNext();
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
