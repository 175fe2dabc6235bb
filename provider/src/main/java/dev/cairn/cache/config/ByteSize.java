package dev.cairn.cache.config;

import java.util.Locale;

/**
 * A size in bytes as configuration documents and store URIs write it: a whole number and a unit, {@code k},
 * {@code m} or {@code g} (KiB, MiB, GiB: {@code 512k}, {@code 64m}, {@code 2g}), or {@code 0} for none. The unit is
 * required, as for durations ({@link TimeSpan}), so that {@code 512} is never read as the wrong one.
 *
 * @param bytes the size in bytes, not negative
 */
public record ByteSize(long bytes) {

  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size must not be negative: " + bytes);
    }
  }

  /**
   * Reads {@code 512m} and the like, or {@code 0}.
   *
   * @throws IllegalArgumentException naming the accepted form if {@code text} is not one
   */
  public static ByteSize parse(String text) {
    String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (trimmed.equals("0")) {
      return new ByteSize(0);
    }
    int unitStart = 0;
    while (unitStart < trimmed.length() && Character.isDigit(trimmed.charAt(unitStart))) {
      unitStart++;
    }
    int shift = switch (trimmed.substring(unitStart).trim()) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      default -> -1;
    };
    if (unitStart == 0 || shift < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a size: write a whole number and a unit, k, m or g "
          + "(such as 512k, 64m, 2g), or 0 for none");
    }
    try {
      long amount = Long.parseLong(trimmed.substring(0, unitStart));
      if (amount > Long.MAX_VALUE >> shift) {
        throw new ArithmeticException("overflow");
      }
      return new ByteSize(amount << shift);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too large a size", e);
    }
  }

  /** The same size in the form {@link #parse(String)} reads, in the largest exact unit. */
  @Override
  public String toString() {
    if (bytes == 0) {
      return "0";
    }
    for (String unit : new String[] {"g", "m", "k"}) {
      int shift = unit.equals("g") ? 30 : unit.equals("m") ? 20 : 10;
      if (bytes % (1L << shift) == 0) {
        return (bytes >> shift) + unit;
      }
    }
    return bytes + " bytes";
  }
}
