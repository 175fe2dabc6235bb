package dev.cairn.cache.store;

import java.util.concurrent.TimeUnit;
import javax.cache.expiry.Duration;

/**
 * Times to live as the store SPI passes them: relative milliseconds, with two reserved values.
 *
 * <p>{@code 0} means "expired now": a create does not happen and an update removes the entry. Positive values
 * are durations; {@link #ETERNAL} never expires; {@link #UNCHANGED} keeps whatever the entry had.
 */
public final class Ttl {

  /** The entry never expires. */
  public static final long ETERNAL = -1;

  /** The entry keeps its current expiry. */
  public static final long UNCHANGED = -2;

  private Ttl() {
  }

  /**
   * Converts a JCache duration: {@code null} is {@link #UNCHANGED}, eternal is {@link #ETERNAL}, and a positive
   * duration shorter than a millisecond rounds up so that it does not read as "expired now".
   */
  public static long of(Duration duration) {
    if (duration == null) {
      return UNCHANGED;
    }
    if (duration.isEternal()) {
      return ETERNAL;
    }
    if (duration.isZero()) {
      return 0;
    }
    long millis = TimeUnit.MILLISECONDS.convert(duration.getDurationAmount(), duration.getTimeUnit());
    return Math.max(1, millis);
  }

  /**
   * The absolute deadline (epoch milliseconds, {@link Long#MAX_VALUE} for never) an entry gets from a time to live
   * applied at {@code now}; {@link #UNCHANGED} keeps {@code currentDeadline} (pass {@link Long#MAX_VALUE} for a new
   * entry). A deadline past the end of time is never.
   */
  public static long deadline(long now, long ttl, long currentDeadline) {
    if (ttl == UNCHANGED) {
      return currentDeadline;
    }
    if (ttl == ETERNAL) {
      return Long.MAX_VALUE;
    }
    long deadline = now + ttl;
    return deadline < now ? Long.MAX_VALUE : deadline;
  }
}
