package dev.cairn.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCacheManager;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Import;

/**
 * A Spring Boot application whose only cache setup is two properties: Boot's auto-configuration finds Cairn as the
 * JCache provider and opens the document, whose caches the application then uses.
 */
@SpringBootTest(properties = {"spring.cache.type=jcache", "spring.cache.jcache.config=classpath:cairn.yaml"})
class SpringBootCacheTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableCaching
  @Import(Greeter.class)
  static class Application {
  }

  @Autowired
  CacheManager cacheManager;

  @Autowired
  Greeter greeter;

  @Test
  void bootOpensCairnFromTheDocument() {
    assertThat(cacheManager).isInstanceOf(JCacheCacheManager.class);
    javax.cache.CacheManager jcache = ((JCacheCacheManager) cacheManager).getCacheManager();
    assertThat(jcache).isInstanceOf(CairnCacheManager.class);
    // Boot resolves classpath:cairn.yaml to the file's URL and hands that to the provider
    assertThat(jcache.getURI().toString()).startsWith("file:").endsWith("/cairn.yaml");
    assertThat(cacheManager.getCacheNames()).contains("greetings");
    CompleteConfiguration<?, ?> configuration =
        jcache.getCache("greetings").getConfiguration(CompleteConfiguration.class);
    assertThat(configuration.getExpiryPolicyFactory().create().getExpiryForCreation())
        .isEqualTo(new Duration(TimeUnit.MINUTES, 5));
  }

  @Test
  void cachedMethodsUseTheDocumentsCache() {
    assertThat(greeter.greet("Ada")).isEqualTo("Hello, Ada");
    assertThat(greeter.greet("Ada")).isEqualTo("Hello, Ada");
    assertThat(greeter.calls()).isEqualTo(1);
    assertThat(cacheManager.getCache("greetings").get("Ada", String.class)).isEqualTo("Hello, Ada");
  }
}
