package dev.cairn.cache.store.memcached;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * How an entry's value is kept in a memcached item: client flag {@link #WITH_DEADLINE} and an 8-byte header with the
 * entry's absolute deadline (epoch milliseconds, {@link Long#MAX_VALUE} for never) before the codec's bytes, so that
 * expiry is exact to the millisecond although memcached counts seconds. Memcached itself is given the deadline
 * rounded up to whole seconds ({@link #exptime}), so it frees the item soon after.
 *
 * <p>One exception, so that memcached's own arithmetic ({@code ma}) can count: an eternal entry whose codec bytes are
 * a non-negative decimal integer that fits a {@code long} (what {@code NumberCodec} writes for such a number) is
 * stored as those bytes alone, with client flag {@link #PLAIN_NUMBER}. That is also what {@code ma} leaves behind,
 * so a counter stays readable; a header would make the value non-numeric to memcached.
 */
final class EntryFormat {

  /** Client flag of an item with the deadline header. */
  static final int WITH_DEADLINE = 1;

  /** Client flag of an eternal entry kept as plain decimal digits (also what {@code ma} creates). */
  static final int PLAIN_NUMBER = 0;

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

  /** An item's data and client flags. */
  record Item(byte[] data, int flags) {
  }

  /** The item of an entry that dies at {@code deadline}. */
  static Item encode(long deadline, byte[] payload) {
    if (deadline == Long.MAX_VALUE && isPlainNumber(payload, payload.length)) {
      return new Item(payload, PLAIN_NUMBER);
    }
    byte[] item = new byte[HEADER + payload.length];
    ByteBuffer.wrap(item).putLong(deadline);
    System.arraycopy(payload, 0, item, HEADER, payload.length);
    return new Item(item, WITH_DEADLINE);
  }

  /** Reads a {@code VA} reply; {@code null} when the item is not in this format (another program wrote it). */
  static @Nullable Stored decode(MetaReply reply) {
    byte[] data = reply.data();
    if (reply.flags() == PLAIN_NUMBER) {
      // memcached pads a number that shrank in place with spaces
      int length = data.length;
      while (length > 0 && data[length - 1] == ' ') {
        length--;
      }
      return isPlainNumber(data, length)
          ? new Stored(reply.cas(), Long.MAX_VALUE, Arrays.copyOf(data, length)) : null;
    }
    if (reply.flags() != WITH_DEADLINE || data.length < HEADER) {
      return null;
    }
    return new Stored(reply.cas(), ByteBuffer.wrap(data).getLong(), Arrays.copyOfRange(data, HEADER, data.length));
  }

  /**
   * Whether the first {@code length} bytes are the canonical decimal form of a {@code long} from 0 to
   * {@link Long#MAX_VALUE}: digits without a leading zero.
   */
  static boolean isPlainNumber(byte[] bytes, int length) {
    if (length == 0 || length > 19 || (bytes[0] == '0' && length > 1)) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (bytes[i] < '0' || bytes[i] > '9') {
        return false;
      }
    }
    return length < 19 || new String(bytes, 0, length, java.nio.charset.StandardCharsets.US_ASCII)
        .compareTo(Long.toString(Long.MAX_VALUE)) <= 0;
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
