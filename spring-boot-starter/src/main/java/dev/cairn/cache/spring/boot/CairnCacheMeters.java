package dev.cairn.cache.spring.boot;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.management.CacheStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one Cairn cache, read from its statistics object directly rather than through JMX as Micrometer's
 * {@code JCacheMetrics} does (which fails on a manager URI with a query, such as {@code redis://h:6379?prefix=app}:
 * it builds the MBean name from the URI without quoting it).
 *
 * <p>The same meters as {@code JCacheMetrics}: {@code cache.gets} (hit, miss), {@code cache.puts},
 * {@code cache.evictions}, {@code cache.removals}; and Cairn's own {@code cairn.cache.unreadable}, the entries found
 * in the store that could not be decoded and so read as misses (counted even with statistics off). The JCache
 * counters count only while the cache's statistics are enabled.
 *
 * <p>Beyond them, counted whether or not statistics are enabled: the store's calls ({@link StoreCallMeters}:
 * {@code cairn.cache.store.latency}, {@code cairn.cache.store.errors}), and, for a cache with a near cache, its
 * local tier: {@code cairn.cache.near.gets} (result {@code hit} or {@code miss}), {@code cairn.cache.near.invalidations},
 * {@code cairn.cache.near.evictions} and the gauge {@code cairn.cache.near.size}.
 */
final class CairnCacheMeters extends CacheMeterBinder<CairnCache<?, ?>> {

  CairnCacheMeters(CairnCache<?, ?> cache, Iterable<Tag> tags) {
    super(cache, cache.getName(), tags);
  }

  private long read(java.util.function.ToLongFunction<CacheStatistics> statistic) {
    CairnCache<?, ?> cache = getCache();
    return cache == null ? 0 : statistic.applyAsLong(cache.statistics());
  }

  @Override
  protected @Nullable Long size() {
    return null; // JCache has no size, and counting a remote store's keys is not cheap
  }

  @Override
  protected long hitCount() {
    return read(CacheStatistics::getCacheHits);
  }

  @Override
  protected Long missCount() {
    return read(CacheStatistics::getCacheMisses);
  }

  @Override
  protected Long evictionCount() {
    return read(CacheStatistics::getCacheEvictions);
  }

  @Override
  protected long putCount() {
    return read(CacheStatistics::getCachePuts);
  }

  @Override
  protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
    FunctionCounter.builder("cache.removals", this, meters -> meters.read(CacheStatistics::getCacheRemovals))
        .tags(getTagsWithCacheName()).description("Cache removals").register(registry);
    FunctionCounter.builder("cairn.cache.unreadable", this,
            meters -> meters.read(CacheStatistics::getUnreadableEntries))
        .tags(getTagsWithCacheName())
        .description("Entries found in the store that could not be decoded, and so read as misses")
        .register(registry);
    CairnCache<?, ?> cache = getCache();
    if (cache == null) {
      return;
    }
    // listens as long as the cache lives: a closed cache makes no more calls
    cache.storeCalls().listen(new StoreCallMeters(registry, getTagsWithCacheName()));
    if (cache.statistics().isNearCache()) {
      bindNearCache(registry);
    }
  }

  private void bindNearCache(MeterRegistry registry) {
    FunctionCounter.builder("cairn.cache.near.gets", this, meters -> meters.read(CacheStatistics::getNearCacheHits))
        .tags(getTagsWithCacheName()).tag("result", "hit")
        .description("Reads the near cache answered from the heap").register(registry);
    FunctionCounter.builder("cairn.cache.near.gets", this,
            meters -> meters.read(CacheStatistics::getNearCacheMisses))
        .tags(getTagsWithCacheName()).tag("result", "miss")
        .description("Reads the near cache could not answer, which went to the server").register(registry);
    FunctionCounter.builder("cairn.cache.near.invalidations", this,
            meters -> meters.read(CacheStatistics::getNearCacheInvalidations))
        .tags(getTagsWithCacheName())
        .description("Near cache copies dropped because the entry changed, here or elsewhere").register(registry);
    FunctionCounter.builder("cairn.cache.near.evictions", this,
            meters -> meters.read(CacheStatistics::getNearCacheEvictions))
        .tags(getTagsWithCacheName())
        .description("Near cache copies dropped to keep it within its bound").register(registry);
    Gauge.builder("cairn.cache.near.size", this, meters -> meters.read(CacheStatistics::getNearCacheSize))
        .tags(getTagsWithCacheName()).description("About how many entries the near cache holds")
        .register(registry);
  }
}
