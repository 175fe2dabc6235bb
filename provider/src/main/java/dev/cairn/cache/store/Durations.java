package dev.cairn.cache.store;

import dev.cairn.cache.config.TimeSpan;
import java.time.Duration;

/**
 * Reads the durations of store URI parameters, in the form configuration documents use ({@link TimeSpan}): a whole
 * number and a unit, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}. The unit is required in both places,
 * so that {@code timeout=10} is never read as the wrong unit.
 */
public final class Durations {

  private Durations() {
  }

  /**
   * Parses a positive duration such as {@code 500ms}, {@code 2s} or {@code 1m}.
   *
   * @throws IllegalArgumentException naming the accepted units if {@code text} is not one, or is zero
   */
  public static Duration parsePositive(String text) {
    long millis = TimeSpan.parse(text).millis();
    if (millis <= 0) {
      throw new IllegalArgumentException("'" + text + "' is not a positive duration");
    }
    return Duration.ofMillis(millis);
  }
}
