package dev.cairn.cache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCacheManager;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Configuration;

/** The starter beside Boot's own JCache wiring, without a web server: documents, {@code cairn.uri}, both at once. */
class CairnCacheAutoConfigurationTest {

  @Configuration
  @EnableCaching
  static class Caching {
  }

  private final ApplicationContextRunner boot = new ApplicationContextRunner()
      .withUserConfiguration(Caching.class)
      .withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class, CairnCacheAutoConfiguration.class,
          CairnHealthAutoConfiguration.class, CairnMetricsAutoConfiguration.class));

  @Test
  void aDocumentInSpringCacheJcacheConfigKeepsWorkingAndGetsAHealthIndicator() {
    boot.withPropertyValues("spring.cache.jcache.config=classpath:cairn-starter.yaml").run(context -> {
      JCacheCacheManager spring = context.getBean(JCacheCacheManager.class);
      assertThat(spring.getCacheManager()).isInstanceOf(CairnCacheManager.class);
      assertThat(spring.getCacheNames()).contains("greetings");

      HealthIndicator manager = (HealthIndicator) context.getBean("cairnHealthContributor",
          CompositeHealthContributor.class).getContributor("cacheManager");
      Health health = manager.health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("store", "memory").containsEntry("caches", 1)
          .doesNotContainKeys("ping", "circuit", "nearCaches");

      spring.getCacheManager().close();
      assertThat(manager.health().getStatus()).isEqualTo(Status.DOWN);
    });
  }

  @Test
  void cairnUriOpensAStoreWithTheCachesOfSpringCacheCacheNames() {
    boot.withPropertyValues("cairn.uri=memory:by-uri", "spring.cache.cache-names=a,b").run(context -> {
      JCacheCacheManager spring = context.getBean(JCacheCacheManager.class);
      assertThat(spring.getCacheManager().getURI()).hasToString("memory:by-uri");
      assertThat(spring.getCacheNames()).containsExactlyInAnyOrder("a", "b");
    });
  }

  @Test
  void cairnUriAndADocumentTogetherAreRefusedNamingBoth() {
    boot.withPropertyValues("cairn.uri=memory:both", "spring.cache.jcache.config=classpath:cairn-starter.yaml")
        .run(context -> assertThat(context).getFailure().rootCause()
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cairn.uri").hasMessageContaining("spring.cache.jcache.config"));
  }
}
