package dev.cairn.cache.store.file;

import dev.cairn.cache.store.StoreException;
import dev.cairn.cache.store.file.RecordFormat.Header;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A record read back from the log through its index {@link Slot}: its header verified, and its body too unless
 * only the key was read. {@link #MOVED} and {@link #DAMAGED} (compared by identity) say why there is none.
 */
record LogRecord(@Nullable Header header, @Nullable ByteBuffer buffer) {

  /** The slot's segment is gone: compaction moved the record, or the table was cleared or closed. */
  static final LogRecord MOVED = new LogRecord(null, null);
  /** The record cannot be read back intact. */
  static final LogRecord DAMAGED = new LogRecord(null, null);

  /** Reads a slot's whole record of cache {@code cache} and verifies it. */
  static LogRecord read(CacheLog log, String cache, Slot slot) {
    return read(log, cache, slot, slot.length(), true);
  }

  /**
   * Reads the header and the first {@code keyLength} bytes of the body of a slot's record: enough to compare a key
   * of that length with it ({@link #holds}). A record too short to hold such a key holds another one.
   */
  static LogRecord readKey(CacheLog log, String cache, Slot slot, int keyLength) {
    long length = (long) RecordFormat.HEADER + keyLength;
    return read(log, cache, slot, length > slot.length() ? RecordFormat.HEADER : (int) length, false);
  }

  private static LogRecord read(CacheLog log, String cache, Slot slot, int length, boolean wholeRecord) {
    Segment segment = log.segment(slot.segment());
    if (segment == null) {
      return MOVED;
    }
    ByteBuffer buffer;
    try {
      buffer = segment.read(slot.offset(), length);
    } catch (IOException e) {
      throw new StoreException("cannot read " + segment.path() + " of cache " + cache, e);
    }
    if (buffer == null) {
      return MOVED;
    }
    Header header = RecordFormat.header(buffer, 0, slot.length());
    if (header == null || header.type() != RecordFormat.PUT || header.length() != slot.length()
        || (wholeRecord && !RecordFormat.bodyIntact(buffer, 0, header))) {
      return DAMAGED;
    }
    return new LogRecord(header, buffer);
  }

  /** Whether the record is {@code key}'s. */
  boolean holds(byte[] key) {
    return intactHeader().keyLength() == key.length && Arrays.equals(intactBuffer().array(), RecordFormat.HEADER,
        RecordFormat.HEADER + key.length, key, 0, key.length);
  }

  byte[] key() {
    return RecordFormat.key(intactBuffer(), 0, intactHeader());
  }

  /** The value; only for a whole record. */
  byte[] value() {
    return RecordFormat.value(intactBuffer(), 0, intactHeader());
  }

  /** Whether the slot's segment is gone ({@link #MOVED}). */
  @SuppressWarnings("ReferenceEquality") // MOVED and DAMAGED are equal as records: only identity tells them apart
  boolean moved() {
    return this == MOVED;
  }

  @SuppressWarnings("ReferenceEquality") // as moved()
  boolean unreadable() {
    return this == MOVED || this == DAMAGED;
  }

  // MOVED and DAMAGED have neither: a caller that reads their key or value skipped the unreadable() check

  private Header intactHeader() {
    return Objects.requireNonNull(header, "an unreadable record has no header");
  }

  private ByteBuffer intactBuffer() {
    return Objects.requireNonNull(buffer, "an unreadable record has no bytes");
  }
}
