package dev.cairn.cache.store.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The attributes of an entry's item, besides its key ({@link KeySpace}):
 * <ul>
 *   <li>{@code v} (binary): the codec's bytes; or, instead, {@code n} (number) when those bytes are the canonical
 *       decimal form of a {@code long} (what {@code NumberCodec} writes for an integer), so that {@code UpdateItem ADD}
 *       can count on it;</li>
 *   <li>{@code d} (number): the deadline, epoch milliseconds of the writer's clock, {@link Long#MAX_VALUE} for
 *       never. Reads and conditions compare it with the reader's clock: DynamoDB's own TTL deletes late;</li>
 *   <li>{@code x} (number): only on entries that expire, the table's TTL attribute: epoch seconds of the system
 *       clock when DynamoDB may delete the item, rounded up;</li>
 *   <li>{@code r} (number): a random revision, new with every write of the value, which
 *       {@link dev.cairn.cache.store.Condition#unchangedSince} compares (a compare-and-set stamp).</li>
 * </ul>
 * Immutable helpers.
 */
final class EntryFormat {

  static final String VALUE = "v";
  static final String NUMBER = "n";
  static final String DEADLINE = "d";
  static final String EXPIRES = "x";
  static final String REVISION = "r";
  /** DynamoDB's limit on an item's size: names and values of all its attributes. */
  static final int MAX_ITEM_BYTES = 400 * 1024;
  /** What the attributes other than the key and the value take at most: names and numbers. */
  private static final int OVERHEAD = 5 * 1 + 3 * 21 + 24;

  private EntryFormat() {
  }

  /**
   * An entry's item as a read found it.
   *
   * @param exists whether there is an item (live or not)
   * @param revision its revision ({@code null} when there is none)
   * @param deadline its deadline
   * @param payload its codec bytes ({@code null} for an item not in this format, which is dead)
   */
  // one read's result, never compared, hashed or printed: the array's identity equality does not matter
  @SuppressWarnings("ArrayRecordComponent")
  record Stored(boolean exists, @Nullable String revision, long deadline, byte @Nullable [] payload) {
    static final Stored NONE = new Stored(false, null, 0, null);

    boolean liveAt(long now) {
      return exists && deadline > now;
    }
  }

  /** Reads an item; {@link Stored#NONE} for none, and a dead entry for an item not in this format. */
  static Stored decode(@Nullable Map<String, AttributeValue> item) {
    if (item == null || item.isEmpty()) {
      return Stored.NONE;
    }
    AttributeValue revision = item.get(REVISION);
    byte[] payload = payload(item);
    long deadline = payload == null ? Long.MIN_VALUE : deadline(item);
    return new Stored(true, revision == null ? null : revision.n(), deadline,
        deadline == Long.MIN_VALUE ? null : payload);
  }

  /** The deadline attribute of {@code item}; {@link Long#MIN_VALUE} (long dead) when there is no item or none. */
  static long deadline(@Nullable Map<String, AttributeValue> item) {
    AttributeValue deadline = item == null ? null : item.get(DEADLINE);
    return deadline == null || deadline.n() == null ? Long.MIN_VALUE : Long.parseLong(deadline.n());
  }

  private static byte @Nullable [] payload(Map<String, AttributeValue> item) {
    AttributeValue value = item.get(VALUE);
    if (value != null && value.b() != null) {
      return value.b().asByteArray();
    }
    AttributeValue number = item.get(NUMBER);
    return number == null || number.n() == null ? null : number.n().getBytes(StandardCharsets.US_ASCII);
  }

  /** The full item of an entry: {@code key}, the payload, the deadline and a new revision. */
  static Map<String, AttributeValue> item(Map<String, AttributeValue> key, byte[] payload, long deadline,
      long now) {
    Map<String, AttributeValue> item = new HashMap<>(key);
    item.put(payloadAttribute(payload), payloadValue(payload));
    item.put(DEADLINE, number(deadline));
    if (deadline != Long.MAX_VALUE) {
      item.put(EXPIRES, number(expiresSeconds(deadline, now)));
    }
    item.put(REVISION, newRevision());
    return item;
  }

  /** {@code n} for a payload kept as a number, else {@code v}. */
  static String payloadAttribute(byte[] payload) {
    return isPlainNumber(payload) ? NUMBER : VALUE;
  }

  /** The other of the two payload attributes, which a write of {@code payload} removes. */
  static String otherPayloadAttribute(byte[] payload) {
    return isPlainNumber(payload) ? VALUE : NUMBER;
  }

  static AttributeValue payloadValue(byte[] payload) {
    return isPlainNumber(payload) ? AttributeValue.fromN(new String(payload, StandardCharsets.US_ASCII))
        : AttributeValue.fromB(SdkBytes.fromByteArray(payload));
  }

  static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static AttributeValue newRevision() {
    return number(ThreadLocalRandom.current().nextLong());
  }

  /**
   * DynamoDB's TTL attribute for a deadline of the store's clock: the system clock's now plus the time left, in
   * whole seconds rounded up, so that a store on a manual clock still gives DynamoDB a real time.
   */
  static long expiresSeconds(long deadline, long now) {
    long left = Math.max(0, deadline - now);
    long wall = System.currentTimeMillis();
    return (wall + left > wall ? wall + left : Long.MAX_VALUE - 999) / 1000 + 1;
  }

  /** The bytes the item takes, approximately from above, before it is sent. */
  static int size(Map<String, AttributeValue> key, byte[] payload) {
    int size = OVERHEAD + payload.length;
    for (Map.Entry<String, AttributeValue> attribute : key.entrySet()) {
      AttributeValue value = attribute.getValue();
      size += attribute.getKey().length()
          + (value.s() != null ? value.s().getBytes(StandardCharsets.UTF_8).length : value.b().asByteArray().length);
    }
    return size;
  }

  /**
   * Whether {@code bytes} is the canonical decimal form of a {@code long}: an optional {@code -}, digits without a
   * leading zero, and no {@code -0}; DynamoDB keeps such a number exactly and gives back the same text.
   */
  static boolean isPlainNumber(byte[] bytes) {
    int start = bytes.length > 0 && bytes[0] == '-' ? 1 : 0;
    int digits = bytes.length - start;
    if (digits == 0 || digits > 19 || (bytes[start] == '0' && (digits > 1 || start == 1))) {
      return false;
    }
    for (int i = start; i < bytes.length; i++) {
      if (bytes[i] < '0' || bytes[i] > '9') {
        return false;
      }
    }
    try {
      Long.parseLong(new String(bytes, StandardCharsets.US_ASCII));
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
