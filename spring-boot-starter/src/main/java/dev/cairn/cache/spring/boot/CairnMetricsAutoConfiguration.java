package dev.cairn.cache.spring.boot;

import dev.cairn.cache.CairnCachingProvider;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.context.annotation.Bean;

/**
 * {@link CairnCacheMeterBinderProvider}, when Micrometer and Boot's cache metrics are on the class path: Boot's
 * {@code CacheMetricsRegistrar} then binds {@link CairnCacheMeters} to every Cairn cache its cache managers serve;
 * and {@link CairnCircuitMeters}, each manager's circuit breaker.
 */
@AutoConfiguration
@ConditionalOnClass({CairnCachingProvider.class, MeterBinder.class, CacheMeterBinderProvider.class})
public class CairnMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  CairnCacheMeterBinderProvider cairnCacheMeterBinderProvider() {
    return new CairnCacheMeterBinderProvider();
  }

  @Bean
  @ConditionalOnMissingBean
  CairnCircuitMeters cairnCircuitMeters(ListableBeanFactory beans) {
    return new CairnCircuitMeters(beans);
  }
}
