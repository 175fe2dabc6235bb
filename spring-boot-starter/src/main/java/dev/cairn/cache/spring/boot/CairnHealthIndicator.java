package dev.cairn.cache.spring.boot;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.CairnCacheManager;
import dev.cairn.cache.ExtensionPoint;
import dev.cairn.cache.store.PingCapability;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one Cairn cache manager: {@code UP} with the round-trip time of a {@code PING} when its store has a
 * server ({@link PingCapability}: Redis), {@code UP} for a store without one (memory, disk) while the manager is
 * open, {@code DOWN} with the store's error when the server does not answer or the manager is closed.
 *
 * <p>Details: {@code store} (the URI scheme, never credentials), {@code caches} (how many), and {@code ping} (the
 * round trip, as an ISO-8601 duration). The ping goes through the store of the manager's first cache; a Redis manager
 * with no cache yet reports {@code UP} without one. Thread-safe; each call makes one round trip.
 */
final class CairnHealthIndicator implements HealthIndicator {

  private final CairnCacheManager manager;

  CairnHealthIndicator(CairnCacheManager manager) {
    this.manager = manager;
  }

  @Override
  public Health health() {
    Health.Builder health = new Health.Builder().withDetail("store", CairnManagers.storeOf(manager));
    if (manager.isClosed()) {
      return health.down().withDetail("closed", true).build();
    }
    try {
      List<CairnCache<?, ?>> caches = CairnManagers.cachesOf(manager);
      health.withDetail("caches", caches.size());
      PingCapability ping = caches.isEmpty() ? null : pingOf(caches.get(0));
      if (ping != null) {
        health.withDetail("ping", Duration.ofNanos(ping.ping()).toString());
      }
      return health.up().build();
    } catch (RuntimeException e) {
      // a StoreException (in a CacheException) when the server is away: the health endpoint shows it, nobody else
      return health.down(e).build();
    }
  }

  private static @Nullable PingCapability pingOf(CairnCache<?, ?> cache) {
    ExtensionPoint<?, ?> extensions = cache.extensionPoint();
    return extensions.operations(extensions.defaultVersion()).store().capability(PingCapability.class);
  }
}
