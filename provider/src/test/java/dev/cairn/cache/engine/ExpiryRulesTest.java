package dev.cairn.cache.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import org.junit.jupiter.api.Test;

/** When the engine asks the {@link ExpiryPolicy}, and what it does with the answer. Time moves by hand. */
class ExpiryRulesTest extends EngineTestSupport {

  private static final javax.cache.expiry.Duration ONE_MINUTE =
      new javax.cache.expiry.Duration(TimeUnit.MINUTES, 1);

  @Test
  void createdPolicyExpiresEntriesAfterTheirCreation() {
    Cache<String, String> cache = create(configuration(String.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(ONE_MINUTE)));
    cache.put("k", "v");
    clock.advance(Duration.ofSeconds(59));
    assertThat(cache.get("k")).isEqualTo("v");
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.get("k")).isNull();
    assertThat(cache.containsKey("k")).isFalse();
  }

  @Test
  void accessedPolicyExtendsOnEveryRead() {
    Cache<String, String> cache = create(configuration(String.class, String.class)
        .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(ONE_MINUTE)));
    cache.put("k", "v");
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(50));
      assertThat(cache.get("k")).isEqualTo("v");
    }
    clock.advance(Duration.ofSeconds(61));
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void modifiedPolicyRestartsOnUpdateButNotOnRead() {
    Cache<String, String> cache = create(configuration(String.class, String.class)
        .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(ONE_MINUTE)));
    cache.put("k", "v1");
    clock.advance(Duration.ofSeconds(50));
    cache.put("k", "v2");
    clock.advance(Duration.ofSeconds(50));
    assertThat(cache.get("k")).isEqualTo("v2");
    clock.advance(Duration.ofSeconds(11));
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void customPolicyIsAskedExactlyWhenTheSpecSays() {
    CountingPolicy.reset();
    Cache<String, String> cache = create(configuration(String.class, String.class)
        .setExpiryPolicyFactory(FactoryBuilder.factoryOf(CountingPolicy.class)));
    cache.get("missing");
    assertThat(CountingPolicy.counts()).isEqualTo("0/0/0");
    cache.put("k", "v1");
    assertThat(CountingPolicy.counts()).isEqualTo("1/0/0");
    cache.put("k", "v2");
    assertThat(CountingPolicy.counts()).isEqualTo("1/1/0");
    cache.get("k");
    assertThat(CountingPolicy.counts()).isEqualTo("1/1/1");
    cache.containsKey("k");
    assertThat(CountingPolicy.counts()).isEqualTo("1/1/1");
    cache.replace("k", "wrong", "v3");
    assertThat(CountingPolicy.counts()).isEqualTo("1/1/2");
  }

  @Test
  void zeroCreationDurationStoresNothingButUpdatesExpireAfterTheirDuration() {
    Cache<String, String> cache = create(configuration(String.class, String.class)
        .setExpiryPolicyFactory(FactoryBuilder.factoryOf(new ZeroOnCreate())));
    cache.put("k", "v");
    assertThat(cache.containsKey("k")).isFalse();
    assertThat(cache.putIfAbsent("k", "v")).isFalse();
  }

  @Test
  void aThrowingPolicyFallsBackToEternalOnCreation() {
    Cache<String, String> cache = create(configuration(String.class, String.class)
        .setExpiryPolicyFactory(FactoryBuilder.factoryOf(new ThrowingPolicy())));
    cache.put("k", "v");
    cache.put("k", "v2");
    clock.advance(Duration.ofDays(1000));
    assertThat(cache.get("k")).isEqualTo("v2");
  }

  /** Counts its calls, as the TCK's own policy does. */
  public static final class CountingPolicy implements ExpiryPolicy {
    static final AtomicInteger CREATED = new AtomicInteger();
    static final AtomicInteger UPDATED = new AtomicInteger();
    static final AtomicInteger ACCESSED = new AtomicInteger();

    static void reset() {
      CREATED.set(0);
      UPDATED.set(0);
      ACCESSED.set(0);
    }

    static String counts() {
      return CREATED.get() + "/" + UPDATED.get() + "/" + ACCESSED.get();
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForCreation() {
      CREATED.incrementAndGet();
      return javax.cache.expiry.Duration.ETERNAL;
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForAccess() {
      ACCESSED.incrementAndGet();
      return null;
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForUpdate() {
      UPDATED.incrementAndGet();
      return null;
    }
  }

  static final class ZeroOnCreate implements ExpiryPolicy, java.io.Serializable {
    @Override
    public javax.cache.expiry.Duration getExpiryForCreation() {
      return javax.cache.expiry.Duration.ZERO;
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForAccess() {
      return null;
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForUpdate() {
      return null;
    }
  }

  static final class ThrowingPolicy implements ExpiryPolicy, java.io.Serializable {
    @Override
    public javax.cache.expiry.Duration getExpiryForCreation() {
      throw new IllegalStateException("creation");
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForAccess() {
      throw new IllegalStateException("access");
    }

    @Override
    public javax.cache.expiry.Duration getExpiryForUpdate() {
      throw new IllegalStateException("update");
    }
  }
}
