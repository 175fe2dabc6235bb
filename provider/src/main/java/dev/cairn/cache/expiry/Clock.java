package dev.cairn.cache.expiry;

/**
 * The engine's time source, in epoch milliseconds. Tests pass a manual clock; production uses {@link #system()}.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface Clock {

  /** The current time in milliseconds since the epoch. */
  long millis();

  /** The system wall clock. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }

  /** Whether this is {@link #system()}; stores may then use their own, cheaper time sources. */
  default boolean isSystem() {
    return this == SystemClock.INSTANCE;
  }
}

/** The wall clock. */
enum SystemClock implements Clock {
  INSTANCE;

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }
}
