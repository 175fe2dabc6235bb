package dev.cairn.cache.spring.boot;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.management.CacheStatistics;
import io.micrometer.core.instrument.FunctionCounter;
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
  }
}
