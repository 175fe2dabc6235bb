package dev.cairn.cache.extensions;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link ExtendedCache#ttl} found for a key: no live entry, an entry that never expires, or the time an entry
 * has left.
 */
public sealed interface TimeToLive {

  /** No live entry. */
  TimeToLive ABSENT = new Absent();

  /** A live entry that never expires. */
  TimeToLive ETERNAL = new Eternal();

  /** A live entry with {@code remaining} time to live. */
  static TimeToLive expiringIn(Duration remaining) {
    return new Expiring(remaining);
  }

  /** See {@link #ABSENT}. */
  record Absent() implements TimeToLive {
  }

  /** See {@link #ETERNAL}. */
  record Eternal() implements TimeToLive {
  }

  /** A live entry that expires after {@code remaining}, a positive duration. */
  record Expiring(Duration remaining) implements TimeToLive {
    public Expiring {
      Objects.requireNonNull(remaining, "remaining");
      if (remaining.isNegative() || remaining.isZero()) {
        throw new IllegalArgumentException("remaining must be positive: " + remaining);
      }
    }
  }
}
