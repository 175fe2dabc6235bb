package dev.cairn.benchmarks;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The values the benchmarks store: {@value #SIZE}-character strings or {@value #SIZE}-byte arrays, each carrying a
 * counter in its last digits or bytes so that {@code invoke} has something to increment. Values of one kind all have
 * the same size, so every operation moves the same number of bytes whatever the counter.
 */
enum ValueKind {

  /** Decimal digits, zero-padded: {@code 000...0042}. */
  STRING(String.class) {
    @Override
    Object value(long counter) {
      char[] digits = new char[SIZE];
      Arrays.fill(digits, '0');
      String text = Long.toString(counter);
      text.getChars(0, text.length(), digits, SIZE - text.length());
      return new String(digits);
    }

    @Override
    long counter(Object value) {
      String text = (String) value;
      return Long.parseLong(text, SIZE - COUNTER_DIGITS, SIZE, 10);
    }
  },

  /** Zero bytes, then the counter as a big-endian {@code long} in the last eight. */
  BYTES(byte[].class) {
    @Override
    Object value(long counter) {
      byte[] bytes = new byte[SIZE];
      ByteBuffer.wrap(bytes).putLong(SIZE - Long.BYTES, counter);
      return bytes;
    }

    @Override
    long counter(Object value) {
      return ByteBuffer.wrap((byte[]) value).getLong(SIZE - Long.BYTES);
    }
  };

  /** Characters or bytes per value. */
  static final int SIZE = 64;
  private static final int COUNTER_DIGITS = 18;

  private final Class<?> type;

  ValueKind(Class<?> type) {
    this.type = type;
  }

  /** The value type a cache of this kind declares. */
  Class<?> type() {
    return type;
  }

  /** A value holding {@code counter}. */
  abstract Object value(long counter);

  /** The counter a value of this kind holds. */
  abstract long counter(Object value);

  /** The value one past {@code value}; one for an absent value. */
  Object increment(Object value) {
    return value(value == null ? 1 : counter(value) + 1);
  }

  /** The kind named by a benchmark parameter: {@code string} or {@code bytes}. */
  static ValueKind named(String name) {
    return valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }
}
