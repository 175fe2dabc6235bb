package dev.cairn.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.cache.support.NullValue;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring's cache abstraction over {@link JCacheCacheManager} on a Cairn manager opened from a configuration
 * document: Spring's own annotations and JSR-107's. Subclasses pick the store; on Redis and disk the document names
 * only the store, and the application's own classes still come back.
 */
abstract class SpringCacheTest {

  private AnnotationConfigApplicationContext context;
  private BookService service;
  private CacheManager jcache;

  private static final String ISBN = "978-0-06-051275-3";
  private static final String MISSING = "978-0-00-000000-0";

  /** The Cairn configuration document the manager is opened from. */
  abstract URI document();

  @Configuration
  @EnableCaching
  static class Application {
    @Bean
    BookService bookService() {
      return new BookService();
    }

    @Bean
    JCacheCacheManager cacheManager(CacheManager jcache) {
      return new JCacheCacheManager(jcache);
    }
  }


  @BeforeEach
  void start() {
    jcache = Caching.getCachingProvider().getCacheManager(document(), getClass().getClassLoader());
    for (String name : new String[] {"books", "isbn"}) {
      if (jcache.getCache(name) == null) {
        // what Spring Boot's spring.cache.cache-names does for a document that names no caches
        jcache.createCache(name, new MutableConfiguration<>());
      }
    }
    context = new AnnotationConfigApplicationContext();
    context.registerBean("cairnCacheManager", CacheManager.class, () -> jcache);
    context.register(Application.class);
    context.refresh();
    service = context.getBean(BookService.class);
  }

  @AfterEach
  void stop() {
    jcache.getCache("books").clear();
    jcache.getCache("isbn").clear();
    context.close();
    jcache.close();
  }

  @Test
  void cacheableCallsTheMethodOncePerKey() {
    assertThat(service.find(ISBN).title()).isEqualTo("The Dispossessed");
    assertThat(service.find(ISBN).title()).isEqualTo("The Dispossessed");
    assertThat(service.calls()).isEqualTo(1);
    assertThat(jcache.getCache("books").get(ISBN)).isEqualTo(new Book(ISBN, "The Dispossessed"));
  }

  @Test
  void aCachedNullIsCachedAndComesBackAsNull() {
    assertThat(service.find(MISSING)).isNull();
    assertThat(service.find(MISSING)).isNull();
    assertThat(service.calls()).isEqualTo(1);
    // Spring's marker for null, read back from the store as its singleton
    assertThat(jcache.getCache("books").get(MISSING)).isSameAs(NullValue.INSTANCE);
  }

  @Test
  void cachePutReplacesAndCacheEvictAllEntriesEmpties() {
    service.find(ISBN);
    service.save(new Book(ISBN, "The Dispossessed: An Ambiguous Utopia"));
    assertThat(service.find(ISBN).title()).isEqualTo("The Dispossessed: An Ambiguous Utopia");
    assertThat(service.calls()).isEqualTo(2);

    service.reshelve();
    assertThat(jcache.getCache("books").iterator().hasNext()).isFalse();
    service.find(ISBN);
    assertThat(service.calls()).isEqualTo(3);
  }

  @Test
  void jsr107AnnotationsCacheAndRemove() {
    assertThat(service.lookUp(ISBN).title()).isEqualTo("The Dispossessed");
    assertThat(service.lookUp(ISBN).title()).isEqualTo("The Dispossessed");
    assertThat(service.calls()).isEqualTo(1);

    service.forget(ISBN);
    service.lookUp(ISBN);
    assertThat(service.calls()).isEqualTo(2);

    service.forgetAll();
    assertThat(jcache.getCache("isbn").iterator().hasNext()).isFalse();
    service.lookUp(ISBN);
    assertThat(service.calls()).isEqualTo(3);
  }
}
