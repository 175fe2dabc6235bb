package dev.cairn.cache.store;

import java.util.Objects;

/**
 * What the current state of an entry must be for a conditional {@link Store} write or remove to happen.
 *
 * <p>{@link ValueEquals} compares with the value's {@code equals} on stores that keep objects, and by encoded
 * bytes on stores that keep bytes; an equal value must encode to equal bytes for those stores.
 */
public sealed interface Condition {

  /** Always. */
  Condition ANY = new Always();

  /** Only when no live entry exists. */
  Condition ABSENT = new Absent();

  /** Only when a live entry exists. */
  Condition PRESENT = new Present();

  /** Only when a live entry exists and its value equals {@code expected}. */
  static Condition valueEquals(Object expected) {
    return new ValueEquals(Objects.requireNonNull(expected, "expected"));
  }

  /** Whether a store whose current value is {@code current} ({@code null} when absent) may proceed. */
  boolean test(Object current);

  /** See {@link #ANY}. */
  record Always() implements Condition {
    @Override
    public boolean test(Object current) {
      return true;
    }
  }

  /** See {@link #ABSENT}. */
  record Absent() implements Condition {
    @Override
    public boolean test(Object current) {
      return current == null;
    }
  }

  /** See {@link #PRESENT}. */
  record Present() implements Condition {
    @Override
    public boolean test(Object current) {
      return current != null;
    }
  }

  /** See {@link #valueEquals(Object)}. */
  record ValueEquals(Object expected) implements Condition {
    @Override
    public boolean test(Object current) {
      return current != null && expected.equals(current);
    }
  }
}
