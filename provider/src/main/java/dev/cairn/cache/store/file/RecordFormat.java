package dev.cairn.cache.store.file;

import dev.cairn.cache.store.StoreException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The layout of one record in a segment file: a fixed header, then the key bytes, then the value bytes.
 *
 * <pre>
 * offset  size  field
 *      0     1  magic 0xCA
 *      1     1  type: PUT, REMOVE, EXPIRE (a new deadline for the key's value) or CLEAR (drop everything before)
 *      2     4  key length
 *      6     4  value length
 *     10     8  deadline, epoch milliseconds ({@link Long#MAX_VALUE}: never)
 *     18     4  CRC-32C of key and value
 *     22     4  CRC-32C of bytes 0 to 21
 *     26        key, then value
 * </pre>
 * The header has its own checksum, so that a damaged body can be skipped by its trusted length, while a damaged
 * header makes the reader search for the next intact record. Integers are big-endian.
 */
final class RecordFormat {

  static final byte PUT = 1;
  static final byte REMOVE = 2;
  static final byte EXPIRE = 3;
  static final byte CLEAR = 4;

  static final int HEADER = 26;

  /** The largest record: it must fit a Java array and a single mapped buffer. */
  static final long MAX_RECORD = Integer.MAX_VALUE - 64;

  static final long ETERNAL = Long.MAX_VALUE;

  private static final byte MAGIC = (byte) 0xCA;
  private static final byte[] EMPTY = new byte[0];

  private RecordFormat() {
  }

  /** A record's header, read and verified. */
  record Header(byte type, int keyLength, int valueLength, long deadline, int bodyChecksum) {

    /** The whole record's length in bytes. */
    int length() {
      return HEADER + keyLength + valueLength;
    }
  }

  /**
   * Encodes a record, ready to write.
   *
   * @throws StoreException if key and value together exceed what a record can hold
   */
  static ByteBuffer encode(byte type, byte[] key, byte @Nullable [] value, long deadline) {
    byte[] body = value == null ? EMPTY : value;
    checkSize(key.length, body.length);
    ByteBuffer buffer = ByteBuffer.allocate(HEADER + key.length + body.length);
    CRC32C crc = new CRC32C();
    crc.update(key);
    crc.update(body);
    buffer.put(MAGIC).put(type).putInt(key.length).putInt(body.length).putLong(deadline).putInt((int) crc.getValue());
    buffer.putInt(headerChecksum(buffer, 0));
    buffer.put(key).put(body);
    return buffer.flip();
  }

  /** Fails with a clear message when a key and value cannot form one record. */
  static void checkSize(long keyLength, long valueLength) {
    long length = HEADER + keyLength + valueLength;
    if (length > MAX_RECORD) {
      throw new StoreException("entry too large for the disk store: key of " + keyLength + " bytes and value of "
          + valueLength + " bytes encoded; a record holds at most " + (MAX_RECORD - HEADER) + " bytes of both");
    }
  }

  /**
   * The verified header at {@code position}, or {@code null} if the bytes there are not an intact header of a record
   * that fits before {@code limit}.
   */
  static @Nullable Header header(ByteBuffer buffer, int position, int limit) {
    Header header = verifiedHeader(buffer, position, limit);
    return header == null || (long) limit - position < header.length() ? null : header;
  }

  /**
   * Whether the bytes at {@code position} are an intact header (its own checksum holds) of a record that runs past
   * {@code limit}: the start of a record whose end was never written, as a crash during its append leaves it.
   */
  static boolean cutShort(ByteBuffer buffer, int position, int limit) {
    Header header = verifiedHeader(buffer, position, limit);
    return header != null && (long) limit - position < header.length();
  }

  private static @Nullable Header verifiedHeader(ByteBuffer buffer, int position, int limit) {
    if (limit - position < HEADER || buffer.get(position) != MAGIC) {
      return null;
    }
    byte type = buffer.get(position + 1);
    int keyLength = buffer.getInt(position + 2);
    int valueLength = buffer.getInt(position + 6);
    if (type < PUT || type > CLEAR || keyLength < 0 || valueLength < 0
        || buffer.getInt(position + 22) != headerChecksum(buffer, position)) {
      return null;
    }
    return new Header(type, keyLength, valueLength, buffer.getLong(position + 10), buffer.getInt(position + 18));
  }

  /** Whether the key and value bytes of the record at {@code position} match the header's checksum. */
  static boolean bodyIntact(ByteBuffer buffer, int position, Header header) {
    CRC32C crc = new CRC32C();
    crc.update(buffer.duplicate().limit(position + header.length()).position(position + HEADER));
    return (int) crc.getValue() == header.bodyChecksum();
  }

  /** Copies the key of the record at {@code position}. */
  static byte[] key(ByteBuffer buffer, int position, Header header) {
    byte[] key = new byte[header.keyLength()];
    buffer.get(position + HEADER, key);
    return key;
  }

  /** Copies the value of the record at {@code position}. */
  static byte[] value(ByteBuffer buffer, int position, Header header) {
    byte[] value = new byte[header.valueLength()];
    buffer.get(position + HEADER + header.keyLength(), value);
    return value;
  }

  private static int headerChecksum(ByteBuffer buffer, int position) {
    CRC32C crc = new CRC32C();
    crc.update(buffer.duplicate().limit(position + 22).position(position));
    return (int) crc.getValue();
  }
}
