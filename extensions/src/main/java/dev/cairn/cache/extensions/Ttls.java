package dev.cairn.cache.extensions;

import dev.cairn.cache.store.Ttl;
import java.time.Duration;

/** Per-entry times to live as the extensions take them ({@link Duration}, null for eternal), in store form. */
final class Ttls {

  private Ttls() {
  }

  /**
   * {@code null} is eternal, zero is "expired now", and a positive duration shorter than a millisecond rounds up so
   * that it does not read as zero.
   *
   * @throws IllegalArgumentException if {@code ttl} is negative
   */
  static long toStore(Duration ttl) {
    if (ttl == null) {
      return Ttl.ETERNAL;
    }
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("a time to live must not be negative: " + ttl);
    }
    if (ttl.isZero()) {
      return 0;
    }
    long millis;
    try {
      millis = ttl.toMillis();
    } catch (ArithmeticException tooLong) {
      return Ttl.ETERNAL;
    }
    return Math.max(1, millis);
  }
}
