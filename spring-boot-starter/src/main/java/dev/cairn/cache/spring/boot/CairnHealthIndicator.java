package dev.cairn.cache.spring.boot;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.CairnCacheManager;
import dev.cairn.cache.ExtensionPoint;
import dev.cairn.cache.management.CacheStatistics;
import dev.cairn.cache.resilience.CircuitBreaker;
import dev.cairn.cache.resilience.FailureMode;
import dev.cairn.cache.resilience.ResilientBackend;
import dev.cairn.cache.store.PingCapability;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one Cairn cache manager: {@code UP} with the round-trip time of a {@code PING} when its store has a
 * server ({@link PingCapability}: Redis, memcached), {@code UP} for a store without one (memory, disk) while the
 * manager is open; {@code DOWN} when the manager is closed, when the server does not answer the ping, and while the
 * store's circuit breaker is not closed.
 *
 * <p>An open breaker is {@code DOWN}, not {@code OUT_OF_SERVICE}: it opens because the server failed to answer
 * (never by an operator's choice, which is what Boot's {@code OUT_OF_SERVICE} says), exactly what a failed ping
 * reports, so both say the same. A half-open breaker is still {@code DOWN}: the server answered a probe, but no call
 * goes to it until the stores have deleted what they could not write. That holds in fail-open mode too (the detail
 * {@code failOpen} then tells that the caches answer as empty ones meanwhile rather than failing); an application
 * whose readiness must not depend on its cache leaves the {@code cairn} contributor out of that health group.
 *
 * <p>Details: {@code store} (the URI scheme, never credentials), {@code caches} (how many), {@code ping} (the round
 * trip, as an ISO-8601 duration); for a store behind a breaker {@code circuit} ({@code CLOSED}, {@code OPEN},
 * {@code HALF_OPEN}), {@code failOpen}, {@code circuitOpenings} and {@code callsNotSent}, with {@code error} (why
 * it opened) while it is not closed, and then nothing else (the cache names are in the server's registry); and for
 * the caches with a near cache, {@code nearCaches}: per cache {@code tracking} (whether the server tracks changes
 * for it, so that its local tier serves reads) and {@code size}. A near cache that is not tracking leaves the status as it is: its reads
 * go to the server, correct and slower. The ping goes through the store of the manager's first cache; a Redis manager
 * with no cache yet reports {@code UP} without one. Thread-safe; each call makes at most one round trip.
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
    if (manager.backend() instanceof ResilientBackend resilient) {
      CircuitBreaker breaker = resilient.breaker();
      health.withDetail("circuit", breaker.state().name())
          .withDetail("failOpen", resilient.mode() == FailureMode.OPEN)
          .withDetail("circuitOpenings", breaker.timesOpened())
          .withDetail("callsNotSent", breaker.callsNotSent());
      if (!breaker.allows()) {
        // nothing more is asked: the cache names are in the server's registry, and a ping would not be sent (the
        // breaker's own probe pings the server until it answers)
        Throwable failure = breaker.lastFailure();
        return (failure == null ? health.down() : health.down(failure)).build();
      }
    }
    try {
      List<CairnCache<?, ?>> caches = CairnManagers.cachesOf(manager);
      health.withDetail("caches", caches.size());
      Map<String, Map<String, Object>> near = nearCaches(caches);
      if (!near.isEmpty()) {
        health.withDetail("nearCaches", near);
      }
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

  private static Map<String, Map<String, Object>> nearCaches(List<CairnCache<?, ?>> caches) {
    Map<String, Map<String, Object>> near = new LinkedHashMap<>();
    for (CairnCache<?, ?> cache : caches) {
      CacheStatistics statistics = cache.statistics();
      if (statistics.isNearCache()) {
        near.put(cache.getName(), Map.of("tracking", statistics.isNearCacheServing(),
            "size", statistics.getNearCacheSize()));
      }
    }
    return near;
  }

  private static @Nullable PingCapability pingOf(CairnCache<?, ?> cache) {
    ExtensionPoint<?, ?> extensions = cache.extensionPoint();
    return extensions.operations(extensions.defaultVersion()).store().capability(PingCapability.class);
  }
}
