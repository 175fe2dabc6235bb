package dev.cairn.cache.store;

import java.time.Duration;
import javax.cache.CacheException;

/**
 * Reads the values of store URI query parameters the same way for every remote store, failing with a
 * {@link CacheException} that names the URI, the parameter and the accepted values.
 *
 * @param label how messages introduce the URI, such as {@code "memcached URI memcached://host:11211"}
 */
public record UriParameters(String label) {

  /** {@code true} or {@code false}. */
  public boolean flag(String name, String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new CacheException(label + ": " + name + " must be true or false, not '" + value + "'");
    };
  }

  /** The {@code codec} parameter: whether it asks for JSON ({@code json}) rather than Java serialization. */
  public boolean json(String value) {
    return switch (value) {
      case "java" -> false;
      case "json" -> true;
      default -> throw new CacheException(label + ": codec must be java or json, not '" + value + "'");
    };
  }

  /** A positive duration with a unit (see {@link Durations}). */
  public Duration duration(String name, String value) {
    try {
      return Durations.parsePositive(value);
    } catch (IllegalArgumentException e) {
      throw new CacheException(label + ": " + name + " must be a positive duration such as 500ms, 2s or 1m, not '"
          + value + "'", e);
    }
  }
}
