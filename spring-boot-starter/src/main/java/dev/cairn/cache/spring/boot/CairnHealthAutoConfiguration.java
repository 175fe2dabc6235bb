package dev.cairn.cache.spring.boot;

import dev.cairn.cache.CairnCachingProvider;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The health contributor {@code cairn}: one {@link CairnHealthIndicator} per Cairn cache manager, under its bean
 * name ({@code /actuator/health/cairn/cacheManager}). Off with {@code management.health.cairn.enabled=false}.
 */
@AutoConfiguration(after = CacheAutoConfiguration.class)
@ConditionalOnClass({CairnCachingProvider.class, HealthIndicator.class})
@ConditionalOnEnabledHealthIndicator("cairn")
public class CairnHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "cairnHealthContributor")
  CompositeHealthContributor cairnHealthContributor(ListableBeanFactory beans) {
    return CompositeHealthContributor.fromMap(CairnManagers.of(beans).byName(), CairnHealthIndicator::new);
  }
}
