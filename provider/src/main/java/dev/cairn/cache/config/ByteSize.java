package dev.cairn.cache.config;

import java.util.Locale;

/**
 * A size in bytes as configuration documents and store URIs write it: a whole number with an optional unit,
 * {@code k}, {@code m} or {@code g} (powers of 1024): {@code 512k}, {@code 16m}, {@code 1g}.
 *
 * @param bytes the size, not negative
 */
public record ByteSize(long bytes) {

  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size must not be negative: " + bytes);
    }
  }

  /**
   * Reads {@code 16m} and the like.
   *
   * @throws IllegalArgumentException naming the accepted form if {@code text} is not one
   */
  public static ByteSize parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    int shift = switch (value.isEmpty() ? ' ' : value.charAt(value.length() - 1)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    String digits = (shift == 0 ? value : value.substring(0, value.length() - 1)).trim();
    if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("'" + text + "' is not a size: write a whole number of bytes with an "
          + "optional unit, k, m or g (such as 512k, 16m, 1g)");
    }
    try {
      long amount = Long.parseLong(digits);
      if (amount > Long.MAX_VALUE >> shift) {
        throw new NumberFormatException(digits);
      }
      return new ByteSize(amount << shift);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too large a size", e);
    }
  }

  /** The same size in the form {@link #parse(String)} reads, in the largest exact unit. */
  @Override
  public String toString() {
    String[] units = {"g", "m", "k"};
    for (int i = 0; i < units.length; i++) {
      int shift = 30 - 10 * i;
      if (bytes != 0 && bytes % (1L << shift) == 0) {
        return (bytes >> shift) + units[i];
      }
    }
    return Long.toString(bytes);
  }
}
