package dev.cairn.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCacheManager;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.Test;

/** The second-level cache on the memory store, configured by a resource name as Hibernate users write it. */
class HibernateMemoryTest extends HibernateSecondLevelCacheTest {

  @Override
  String cacheUri() {
    return "dev/cairn/examples/hibernate/cairn-hibernate.yaml";
  }

  @Test
  void regionTimeToLiveComesFromTheDocument() {
    CacheManager manager = cacheManager();
    assertThat(manager).isInstanceOf(CairnCacheManager.class);

    ExpiryPolicy books = expiryOf(manager, Book.class.getName());
    assertThat(books).isInstanceOf(CreatedExpiryPolicy.class);
    assertThat(books.getExpiryForCreation()).isEqualTo(new Duration(TimeUnit.MILLISECONDS, 600_000));
    // a region the document does not name takes its default template
    ExpiryPolicy authors = expiryOf(manager, Author.class.getName());
    assertThat(authors.getExpiryForCreation()).isEqualTo(new Duration(TimeUnit.MILLISECONDS, 3_600_000));
  }

  private static ExpiryPolicy expiryOf(CacheManager manager, String region) {
    CompleteConfiguration<?, ?> configuration = manager.getCache(region).getConfiguration(CompleteConfiguration.class);
    return configuration.getExpiryPolicyFactory().create();
  }
}
