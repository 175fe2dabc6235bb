package dev.cairn.cache.spring.boot;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.CairnCacheManager;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.cache.jcache.JCacheCache;
import org.springframework.core.Ordered;

/**
 * {@link CairnCacheMeters} for the Cairn caches of Boot's cache metrics, ahead of Boot's own JCache provider (which
 * still serves other JCache providers' caches). Boot adds the tags {@code cache.manager} (the bean name) and this
 * adds {@code store}, the store URI's scheme ({@code redis}, {@code memory}, {@code disk}...), never credentials.
 */
final class CairnCacheMeterBinderProvider implements CacheMeterBinderProvider<JCacheCache>, Ordered {

  @Override
  public @Nullable MeterBinder getMeterBinder(JCacheCache cache, Iterable<Tag> tags) {
    if (!(cache.getNativeCache() instanceof CairnCache<?, ?> cairn)) {
      return null;
    }
    String store = CairnManagers.storeOf((CairnCacheManager) cairn.getCacheManager());
    return new CairnCacheMeters(cairn, Tags.of(tags).and("store", store));
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
