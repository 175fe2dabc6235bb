package dev.cairn.cache.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The near cache of one cache of a remote store: how many entries its local tier keeps, and for how long at most.
 * See {@code dev.cairn.cache.near}.
 *
 * @param maxEntries the most entries the local tier keeps; {@code 0} turns the near cache off
 * @param ttl the longest a local copy is served, whatever the entry's own time to live: the safety net against an
 *     invalidation that never arrived
 */
public record NearCacheSettings(long maxEntries, Duration ttl) {

  /** The {@link #ttl} when none is given. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  /** No near cache. */
  public static final NearCacheSettings OFF = new NearCacheSettings(0, DEFAULT_TTL);

  public NearCacheSettings {
    Objects.requireNonNull(ttl, "ttl");
    if (maxEntries < 0) {
      throw new IllegalArgumentException("near cache maxEntries must not be negative: " + maxEntries);
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("near cache ttl must be positive: " + ttl);
    }
  }

  /** A near cache of {@code maxEntries} entries with the default {@link #ttl}. */
  public static NearCacheSettings of(long maxEntries) {
    return new NearCacheSettings(maxEntries, DEFAULT_TTL);
  }

  /** Whether there is a near cache. */
  public boolean enabled() {
    return maxEntries > 0;
  }
}
