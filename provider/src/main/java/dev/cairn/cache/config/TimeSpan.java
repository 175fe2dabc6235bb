package dev.cairn.cache.config;

import java.util.Locale;

/**
 * A duration as configuration documents write it: a whole number and a unit, {@code ms}, {@code s}, {@code m},
 * {@code h} or {@code d} ({@code 500ms}, {@code 30s}, {@code 10m}). The unit is required, so that {@code 10} is
 * never read as the wrong one.
 *
 * @param millis the duration in milliseconds, not negative
 */
public record TimeSpan(long millis) {

  public TimeSpan {
    if (millis < 0) {
      throw new IllegalArgumentException("a duration must not be negative: " + millis + "ms");
    }
  }

  /**
   * Reads {@code 10m} and the like.
   *
   * @throws IllegalArgumentException naming the accepted form if {@code text} is not one
   */
  public static TimeSpan parse(String text) {
    String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    int unitStart = 0;
    while (unitStart < trimmed.length() && Character.isDigit(trimmed.charAt(unitStart))) {
      unitStart++;
    }
    String unit = trimmed.substring(unitStart).trim();
    long unitMillis = switch (unit) {
      case "ms" -> 1;
      case "s" -> 1_000;
      case "m" -> 60_000;
      case "h" -> 3_600_000;
      case "d" -> 86_400_000;
      default -> -1;
    };
    if (unitStart == 0 || unitMillis < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a duration: write a whole number and a unit, "
          + "ms, s, m, h or d (such as 500ms, 30s, 10m)");
    }
    try {
      return new TimeSpan(Math.multiplyExact(Long.parseLong(trimmed.substring(0, unitStart)), unitMillis));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
    }
  }

  /** The same duration in the form {@link #parse(String)} reads, in the largest exact unit. */
  @Override
  public String toString() {
    long[] units = {86_400_000, 3_600_000, 60_000, 1_000};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (millis != 0 && millis % units[i] == 0) {
        return millis / units[i] + names[i];
      }
    }
    return millis + "ms";
  }
}
