package dev.cairn.cache;

import dev.cairn.cache.config.CacheDescriptor;
import dev.cairn.cache.expiry.CoarseClock;
import dev.cairn.cache.store.CacheRegistry;
import java.util.concurrent.TimeUnit;

/**
 * An open cache's entry in a shared {@link CacheRegistry}, checked now and then so that a cache destroyed by another
 * process (or destroyed and created again under the same name) stops being used here: the handle closes, and
 * {@code getCache} finds what the registry now holds. An entry lost with the store's data (a Redis restart without
 * persistence, a flush) is not a destroy: where the registry keeps destroyed epochs, this life of the cache is
 * registered again and goes on.
 *
 * <p>The check is one registry lookup at most every {@link #CHECK_INTERVAL_NANOS}, made by a call that uses the
 * cache; between checks a destroyed cache's handle may still write, for about that long. A lookup that fails (the
 * store is unreachable) changes nothing: the cache's own calls report the outage. Whether a check is due is read
 * from the {@link CoarseClock}, held from construction to {@link #close}: the system clock on every call cost more
 * than a near-cache hit. Thread-safe.
 */
final class Registration {

  static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final CacheRegistry registry;
  private final String cacheName;
  private final String descriptor;
  private final String epoch;
  private volatile long nextCheck;

  /** @param descriptor the registry's text for this life of the cache */
  Registration(CacheRegistry registry, String cacheName, String descriptor) {
    this.registry = registry;
    this.cacheName = cacheName;
    this.descriptor = descriptor;
    this.epoch = CacheDescriptor.decode(descriptor).epoch();
    this.nextCheck = System.nanoTime() + CHECK_INTERVAL_NANOS;
    CoarseClock.acquire();
  }

  /** The cache closed: no more checks. */
  void close() {
    CoarseClock.release();
  }

  /** Whether the registry, when last asked (asking now if that is due), no longer holds this life of the cache. */
  boolean gone() {
    long now = CoarseClock.coarseNanos();
    if (now - nextCheck < 0) {
      return false;
    }
    nextCheck = now + CHECK_INTERVAL_NANOS;
    try {
      String recorded = registry.lookup(cacheName);
      if (recorded == null) {
        if (!registry.keepsDestroyed() || epoch.equals(registry.destroyedEpoch(cacheName))) {
          return true;
        }
        recorded = registry.register(cacheName, descriptor);
      }
      return !CacheDescriptor.decode(recorded).epoch().equals(epoch);
    } catch (RuntimeException unreachable) {
      return false;
    }
  }

  /** The epoch of this life of the cache. */
  String epoch() {
    return epoch;
  }
}
