package dev.cairn.cache;

import dev.cairn.cache.config.CacheDescriptor;
import dev.cairn.cache.store.CacheRegistry;
import java.util.concurrent.TimeUnit;

/**
 * An open cache's entry in a shared {@link CacheRegistry}, checked now and then so that a cache destroyed by another
 * process (or destroyed and created again under the same name) stops being used here: the handle closes, and
 * {@code getCache} finds what the registry now holds.
 *
 * <p>The check is one registry lookup at most every {@link #CHECK_INTERVAL_NANOS}, made by a call that uses the
 * cache; between checks a destroyed cache's handle may still write, for about that long. A lookup that fails (the
 * store is unreachable) changes nothing: the cache's own calls report the outage. Thread-safe.
 */
final class Registration {

  static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final CacheRegistry registry;
  private final String cacheName;
  private final String epoch;
  private volatile long nextCheck;

  Registration(CacheRegistry registry, String cacheName, String epoch) {
    this.registry = registry;
    this.cacheName = cacheName;
    this.epoch = epoch;
    this.nextCheck = System.nanoTime() + CHECK_INTERVAL_NANOS;
  }

  /** Whether the registry, when last asked (asking now if that is due), no longer holds this life of the cache. */
  boolean gone() {
    long now = System.nanoTime();
    if (now - nextCheck < 0) {
      return false;
    }
    nextCheck = now + CHECK_INTERVAL_NANOS;
    String recorded;
    try {
      recorded = registry.lookup(cacheName);
    } catch (RuntimeException unreachable) {
      return false;
    }
    return recorded == null || !CacheDescriptor.decode(recorded).epoch().equals(epoch);
  }
}
