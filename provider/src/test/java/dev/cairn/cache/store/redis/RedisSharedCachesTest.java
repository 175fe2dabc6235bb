package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two managers on one Redis prefix behave like two JVMs: what one creates, writes and destroys, the other sees.
 * (Separate processes are covered by the TCK-level tests; here each manager has its own connection.)
 */
class RedisSharedCachesTest {

  @RegisterExtension
  static final RedisServerExtension server = new RedisServerExtension();
  private final CairnCachingProvider first = new CairnCachingProvider();
  private final CairnCachingProvider second = new CairnCachingProvider();

  @AfterEach
  void closeManagers() {
    first.close();
    second.close();
  }

  private CacheManager manager(CairnCachingProvider provider) {
    URI uri = server.uri("prefix=shared");
    return provider.getCacheManager(uri, getClass().getClassLoader());
  }

  @Test
  void aCacheCreatedInOneManagerIsFoundWithItsSettingsInAnother() {
    Cache<String, Integer> created = manager(first).createCache("scores", new MutableConfiguration<String, Integer>()
        .setTypes(String.class, Integer.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 5))));
    created.put("alice", 42);

    Cache<String, Integer> found = manager(second).getCache("scores", String.class, Integer.class);
    assertThat(found).isNotNull();
    assertThat(found.get("alice")).isEqualTo(42);
    @SuppressWarnings("unchecked")
    MutableConfiguration<String, Integer> configuration = found.getConfiguration(MutableConfiguration.class);
    ExpiryPolicy policy = configuration.getExpiryPolicyFactory().create();
    assertThat(policy).isInstanceOf(CreatedExpiryPolicy.class);
    assertThat(policy.getExpiryForCreation()).isEqualTo(new Duration(TimeUnit.MILLISECONDS, 300_000));
    assertThat(manager(second).getCacheNames()).contains("scores");
  }

  @Test
  void aDestroyedCacheDisappearsForEveryManager() {
    manager(first).createCache("doomed", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)).put("k", "v");
    assertThat(manager(second).getCache("doomed", String.class, String.class).get("k")).isEqualTo("v");

    manager(first).destroyCache("doomed");

    assertThat(manager(second).getCache("doomed", String.class, String.class)).isNull();
    assertThat(manager(second).getCacheNames()).doesNotContain("doomed");
  }
}
