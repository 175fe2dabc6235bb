package dev.cairn.cache.config;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.Factory;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * The settings of one cache as a configuration document states them (under {@code default} or
 * {@code caches.<name>}). A component is {@code null} where the document leaves it out;
 * {@link #over(CacheSettings)} fills those from another layer, so that a cache's own keys win over
 * {@code default}, which wins over the reference file. The keys and their defaults are documented in
 * {@code dev/cairn/cache/config/reference.yaml}.
 *
 * @param keyType class name of keys
 * @param valueType class name of values
 * @param expiry the expiry policy and its duration
 * @param maxEntries the bound on entries of the memory and disk stores, {@code 0} for none
 * @param statistics whether statistics are on
 * @param management whether the configuration MXBean is registered
 * @param storeByValue store-by-value ({@code true}) or by reference
 * @param readThrough whether misses call the loader
 * @param writeThrough whether writes call the writer
 * @param loader a {@code CacheLoader} class name, or empty
 * @param writer a {@code CacheWriter} class name, or empty
 * @param keyVersion the default key version of versioned-key operations
 * @param maxBytes the bound on the bytes of the entries on disk, {@code 0} for the store's default
 * @param near the near cache of a Redis cache; {@code null} leaves it to the store URI's {@code near}
 */
public record CacheSettings(String keyType, String valueType, Expiry expiry, Long maxEntries, Boolean statistics,
    Boolean management, Boolean storeByValue, Boolean readThrough, Boolean writeThrough, String loader,
    String writer, Long keyVersion, ByteSize maxBytes, Near near) {

  /** These settings, with each component left out taken from {@code base}. */
  public CacheSettings over(CacheSettings base) {
    if (base == null) {
      return this;
    }
    return new CacheSettings(or(keyType, base.keyType), or(valueType, base.valueType),
        expiry == null ? base.expiry : expiry.over(base.expiry), or(maxEntries, base.maxEntries),
        or(statistics, base.statistics), or(management, base.management), or(storeByValue, base.storeByValue),
        or(readThrough, base.readThrough), or(writeThrough, base.writeThrough), or(loader, base.loader),
        or(writer, base.writer), or(keyVersion, base.keyVersion), or(maxBytes, base.maxBytes),
        near == null ? base.near : near.over(base.near));
  }

  /**
   * The {@code near} key: a near cache of up to {@code maxEntries} entries, each served at most {@code ttl}.
   *
   * @param maxEntries the bound; {@code 0} turns the near cache off
   * @param ttl the longest a local copy is served; {@link NearCacheSettings#DEFAULT_TTL} when left out
   */
  public record Near(Long maxEntries, TimeSpan ttl) {

    Near over(Near base) {
      return base == null ? this : new Near(or(maxEntries, base.maxEntries), or(ttl, base.ttl));
    }

    /** The settings this names. */
    public NearCacheSettings settings() {
      return new NearCacheSettings(maxEntries == null ? 0 : maxEntries,
          ttl == null ? NearCacheSettings.DEFAULT_TTL : java.time.Duration.ofMillis(ttl.millis()));
    }
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  /**
   * An expiry policy by name and the duration it gives.
   *
   * @param policy which of the JDK's policies
   * @param duration the time to live it gives; ignored for {@link Policy#ETERNAL}
   */
  public record Expiry(Policy policy, TimeSpan duration) {

    Expiry over(Expiry base) {
      return base == null ? this : new Expiry(or(policy, base.policy), or(duration, base.duration));
    }

    /** The factory of the policy this names. */
    public Factory<ExpiryPolicy> factory() {
      Duration ttl = new Duration(TimeUnit.MILLISECONDS, duration == null ? 0 : duration.millis());
      return switch (policy == null ? Policy.ETERNAL : policy) {
        case ETERNAL -> EternalExpiryPolicy.factoryOf();
        case CREATED -> CreatedExpiryPolicy.factoryOf(ttl);
        case ACCESSED -> AccessedExpiryPolicy.factoryOf(ttl);
        case MODIFIED -> ModifiedExpiryPolicy.factoryOf(ttl);
        case TOUCHED -> TouchedExpiryPolicy.factoryOf(ttl);
      };
    }
  }

  /** The JDK expiry policies a document can name, written in lower case there. */
  public enum Policy {
    ETERNAL, CREATED, ACCESSED, MODIFIED, TOUCHED;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
