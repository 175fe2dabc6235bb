package dev.cairn.cache.spring.boot;

import dev.cairn.cache.CairnCachingProvider;
import java.util.List;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheProperties;
import org.springframework.boot.cache.autoconfigure.JCacheManagerCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@code cairn.uri}: the application's JCache manager on a store named by URI, without a configuration document.
 * Boot's own JCache configuration then wraps it in its {@code JCacheCacheManager}, as it would a manager it opened
 * from {@code spring.cache.jcache.config}, which keeps working as before when {@code cairn.uri} is not set.
 */
@AutoConfiguration(before = CacheAutoConfiguration.class)
@ConditionalOnClass({CairnCachingProvider.class, CacheAutoConfiguration.class})
@EnableConfigurationProperties(CairnProperties.class)
public class CairnCacheAutoConfiguration {

  /**
   * The manager of {@code cairn.uri}, with the caches of {@code spring.cache.cache-names} (statistics on, for the
   * {@code cache.gets} meters) and the application's {@link JCacheManagerCustomizer}s applied, as Boot does for the
   * manager it opens itself.
   *
   * @throws IllegalStateException if {@code spring.cache.jcache.config} is set too: one of the two must go
   */
  @Bean
  @ConditionalOnProperty("cairn.uri")
  @ConditionalOnMissingBean(CacheManager.class)
  CacheManager jCacheCacheManager(CairnProperties cairn,
      @Value("${spring.cache.jcache.config:}") String document,
      ObjectProvider<CacheProperties> cacheProperties, ObjectProvider<JCacheManagerCustomizer> customizers) {
    if (!document.isBlank()) {
      throw new IllegalStateException("both cairn.uri (" + cairn.uri().getScheme() + ":...) and "
          + "spring.cache.jcache.config (" + document + ") name the JCache manager's store: set only one");
    }
    CacheManager manager = Caching.getCachingProvider(CairnCachingProvider.class.getName())
        .getCacheManager(cairn.uri(), getClass().getClassLoader());
    List<String> names = cacheProperties.stream().flatMap(properties -> properties.getCacheNames().stream()).toList();
    for (String name : names) {
      if (manager.getCache(name) == null) {
        manager.createCache(name, new MutableConfiguration<>().setStatisticsEnabled(true));
      }
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(manager));
    return manager;
  }
}
