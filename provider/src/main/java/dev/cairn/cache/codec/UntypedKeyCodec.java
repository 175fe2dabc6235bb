package dev.cairn.cache.codec;

import java.nio.charset.StandardCharsets;

/**
 * Keys of an untyped cache ({@code Object}, as Spring's and plain JCache code's are): strings and whole numbers as
 * readable text, as typed caches store them, so that {@code redis-cli}, pattern invalidation and other languages see
 * {@code prefix:users:alice} and {@code prefix:users:42}; any other key by Java serialization.
 *
 * <p>The forms cannot be confused, so equal keys always give equal bytes and different keys different bytes:
 * <ul>
 *   <li>a {@code Long} is its decimal text ({@code 42}, {@code -7}), as in a cache typed {@code Long};
 *   <li>an {@code Integer} is {@code ~i} and its decimal text ({@code ~i42}), so it never meets the {@code Long}
 *       of the same value ({@code Integer 42} and {@code Long 42} are different keys in Java);
 *   <li>a {@code String} is its UTF-8 text, unless that text would read as one of the above or starts with
 *       {@code ~}: then {@code ~s} comes first ({@code "42"} is {@code ~s42});
 *   <li>anything else, and a string with an unpaired surrogate (which UTF-8 cannot carry), is a Java serialization
 *       stream, which always starts with the bytes {@code AC ED}; UTF-8 text never starts with {@code AC}.
 * </ul>
 *
 * <p>Thread-safe.
 */
final class UntypedKeyCodec implements Codec<Object> {

  private static final char MARK = '~';

  private final Codec<Object> serialized;

  UntypedKeyCodec(Codec<Object> serialized) {
    this.serialized = serialized;
  }

  @Override
  public byte[] encode(Object key) {
    String text;
    if (key instanceof Long number) {
      text = number.toString();
    } else if (key instanceof Integer number) {
      text = MARK + "i" + number;
    } else if (key instanceof String string && isWellFormed(string)) {
      text = needsMark(string) ? MARK + "s" + string : string;
    } else {
      return serialized.encode(key);
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Object decode(byte[] bytes) {
    if (bytes.length >= 2 && bytes[0] == (byte) 0xAC && bytes[1] == (byte) 0xED) {
      return serialized.decode(bytes);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.length() >= 2 && text.charAt(0) == MARK) {
      String rest = text.substring(2);
      switch (text.charAt(1)) {
        case 's':
          return rest;
        case 'i':
          if (isCanonicalNumber(rest)) {
            try {
              return Integer.valueOf(rest);
            } catch (NumberFormatException e) {
              break;
            }
          }
          break;
        default:
          break;
      }
      throw new CodecException("not an untyped cache key: '" + shown(text) + "'");
    }
    if (isCanonicalNumber(text)) {
      try {
        return Long.valueOf(text);
      } catch (NumberFormatException e) {
        // a run of digits longer than a long: a string no encoder would have written plain
        throw new CodecException("not an untyped cache key: '" + shown(text) + "'", e);
      }
    }
    return text;
  }

  /** Whether {@code text} would otherwise read back as a number or a marked form. */
  private static boolean needsMark(String text) {
    return (!text.isEmpty() && text.charAt(0) == MARK) || isCanonicalNumber(text);
  }

  /** {@code 0}, or an optional {@code -} and digits without a leading zero: exactly what {@code Long.toString} writes. */
  private static boolean isCanonicalNumber(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    if (text.length() == start || text.length() > 20) {
      return false;
    }
    if (text.charAt(start) == '0') {
      return text.length() == 1;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Whether every surrogate is paired, so that UTF-8 gives the string back unchanged. */
  private static boolean isWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static String shown(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
