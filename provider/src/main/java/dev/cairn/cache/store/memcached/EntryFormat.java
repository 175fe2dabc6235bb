package dev.cairn.cache.store.memcached;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How an entry's value is kept in a memcached item: client flag {@link #WITH_DEADLINE} and an 8-byte header with the
 * entry's absolute deadline (epoch milliseconds, {@link Long#MAX_VALUE} for never) before the codec's bytes, so that
 * expiry is exact to the millisecond although memcached counts seconds. Memcached itself is given the deadline
 * rounded up to whole seconds ({@link #exptime}), so it frees the item soon after.
 */
final class EntryFormat {

  /** Client flag of an item with the deadline header. */
  static final int WITH_DEADLINE = 1;

  private static final int HEADER = Long.BYTES;
  private static final long THIRTY_DAYS_SECONDS = 30L * 24 * 60 * 60;

  private EntryFormat() {
  }

  /**
   * An entry as memcached returned it.
   *
   * @param cas the item's CAS unique
   * @param deadline when the entry dies, epoch milliseconds
   * @param payload the codec's bytes
   */
  record Stored(long cas, long deadline, byte[] payload) {
    boolean liveAt(long now) {
      return deadline > now;
    }
  }

  static byte[] encode(long deadline, byte[] payload) {
    byte[] item = new byte[HEADER + payload.length];
    ByteBuffer.wrap(item).putLong(deadline);
    System.arraycopy(payload, 0, item, HEADER, payload.length);
    return item;
  }

  /** Reads a {@code VA} reply; {@code null} when the item is not in this format (another program wrote it). */
  static Stored decode(MetaReply reply) {
    byte[] data = reply.data();
    if (reply.flags() != WITH_DEADLINE || data.length < HEADER) {
      return null;
    }
    return new Stored(reply.cas(), ByteBuffer.wrap(data).getLong(), Arrays.copyOfRange(data, HEADER, data.length));
  }

  /**
   * Memcached's {@code exptime} for an entry that dies at {@code deadline}: {@code 0} for never, the remaining whole
   * seconds rounded up, or, beyond memcached's 30-day limit for relative times, an absolute Unix time from the
   * system clock ({@code 0} past 2038, where memcached's time overflows; the header still ends the entry).
   */
  static long exptime(long deadline, long now) {
    if (deadline == Long.MAX_VALUE) {
      return 0;
    }
    long seconds = Math.max(1, (deadline - now + 999) / 1000);
    if (seconds <= THIRTY_DAYS_SECONDS) {
      return seconds;
    }
    long absolute = System.currentTimeMillis() / 1000 + seconds + 1;
    return absolute > Integer.MAX_VALUE ? 0 : absolute;
  }
}
