package dev.cairn.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.config.CairnConfiguration;
import dev.cairn.cache.config.ConfigDocuments;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manager opened from a configuration document: the caches it declares, and its default template. */
class ConfiguredManagerTest {

  private static final URI DOCUMENT = URI.create("classpath:dev/cairn/cache/config/test-cairn.yaml");

  private final CairnCachingProvider provider = new CairnCachingProvider();

  @TempDir
  Path directory;

  @AfterEach
  void close() {
    provider.close();
  }

  private CacheManager manager() {
    return provider.getCacheManager(DOCUMENT, getClass().getClassLoader());
  }

  @Test
  void getCacheReturnsADeclaredCacheConfiguredFromTheDocument() {
    CacheManager manager = manager();
    assertThat(manager.getURI()).isEqualTo(DOCUMENT);
    assertThat(manager.getCacheNames()).containsExactly("greetings");

    Cache<String, String> greetings = manager.getCache("greetings", String.class, String.class);
    assertThat(greetings).isNotNull();
    assertThat(manager.getCache("greetings")).isSameAs(greetings);
    @SuppressWarnings("unchecked")
    CairnConfiguration<String, String> configuration = greetings.getConfiguration(CairnConfiguration.class);
    assertThat(configuration.getMaximumSize()).isEqualTo(2);
    assertThat(configuration.isStatisticsEnabled()).isTrue();
    assertThat(configuration.isManagementEnabled()).isTrue();
    ExpiryPolicy policy = configuration.getExpiryPolicyFactory().create();
    assertThat(policy).isInstanceOf(AccessedExpiryPolicy.class);
    assertThat(policy.getExpiryForCreation()).isEqualTo(new Duration(TimeUnit.MILLISECONDS, 30_000));
    greetings.put("en", "hello");
    assertThat(greetings.get("en")).isEqualTo("hello");
  }

  @Test
  void undeclaredCachesDoNotExistUntilCreated() {
    assertThat(manager().getCache("other")).isNull();
  }

  @Test
  void aConfigurationThatSaysNothingTakesTheDefaultTemplate() {
    Cache<Object, Object> region = manager().createCache("com.example.Entity", new MutableConfiguration<>());
    @SuppressWarnings("unchecked")
    CairnConfiguration<Object, Object> configuration = region.getConfiguration(CairnConfiguration.class);
    assertThat(configuration.isStatisticsEnabled()).isTrue();
    ExpiryPolicy policy = configuration.getExpiryPolicyFactory().create();
    assertThat(policy).isInstanceOf(CreatedExpiryPolicy.class);
    assertThat(policy.getExpiryForCreation()).isEqualTo(new Duration(TimeUnit.MILLISECONDS, 300_000));
  }

  @Test
  void aConfigurationThatSaysSomethingIsUsedAsGiven() {
    Cache<String, Integer> counts = manager().createCache("counts",
        new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
    @SuppressWarnings("unchecked")
    CairnConfiguration<String, Integer> configuration = counts.getConfiguration(CairnConfiguration.class);
    assertThat(configuration.isStatisticsEnabled()).isFalse();
    assertThat(configuration.getExpiryPolicyFactory()).isEqualTo(EternalExpiryPolicy.factoryOf());
  }

  @Test
  void aDestroyedDeclaredCacheComesBackEmptyFromTheDocument() {
    CacheManager manager = manager();
    manager.getCache("greetings", String.class, String.class).put("en", "hello");
    manager.destroyCache("greetings");
    Cache<String, String> again = manager.getCache("greetings", String.class, String.class);
    assertThat(again.get("en")).isNull();
  }

  @Test
  void anUnknownStoreInADocumentNamesTheDocumentAndTheKnownStores() throws IOException {
    Path file = directory.resolve("cairn.yaml");
    Files.writeString(file, "store: mongo://localhost\n");
    assertThatThrownBy(() -> provider.getCacheManager(file.toUri(), null))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining(file.toUri().toString() + ", key 'store'")
        .hasMessageContaining("unknown scheme 'mongo'")
        .hasMessageContaining("memory");
  }

  @Test
  void theSystemPropertyPicksTheDocumentOfTheDefaultManager() {
    String previous = System.getProperty(ConfigDocuments.CONFIG_PROPERTY);
    System.setProperty(ConfigDocuments.CONFIG_PROPERTY, DOCUMENT.toString());
    try {
      CacheManager manager = provider.getCacheManager();
      assertThat(manager.getURI()).isEqualTo(DOCUMENT);
      assertThat(manager.getCache("greetings")).isNotNull();
    } finally {
      if (previous == null) {
        System.clearProperty(ConfigDocuments.CONFIG_PROPERTY);
      } else {
        System.setProperty(ConfigDocuments.CONFIG_PROPERTY, previous);
      }
    }
  }
}
