package dev.cairn.cache.store;

import java.time.Duration;
import java.util.Locale;

/** Reads the durations of store URI parameters: a number with a unit {@code ms}, {@code s} or {@code m}. */
public final class Durations {

  private Durations() {
  }

  /**
   * Parses a positive duration such as {@code 500ms}, {@code 2s} or {@code 1m}; a bare number is milliseconds.
   *
   * @throws IllegalArgumentException if {@code text} is not one
   */
  public static Duration parsePositive(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    long unitMillis = 1;
    if (value.endsWith("ms")) {
      value = value.substring(0, value.length() - 2);
    } else if (value.endsWith("s")) {
      value = value.substring(0, value.length() - 1);
      unitMillis = 1_000;
    } else if (value.endsWith("m")) {
      value = value.substring(0, value.length() - 1);
      unitMillis = 60_000;
    }
    try {
      long amount = Long.parseLong(value.trim());
      if (amount <= 0) {
        throw new IllegalArgumentException("not a positive duration: '" + text + "'");
      }
      return Duration.ofMillis(Math.multiplyExact(amount, unitMillis));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("not a positive duration such as 500ms, 2s or 1m: '" + text + "'", e);
    }
  }
}
