package dev.cairn.cache.store;

import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the current state of an entry must be for a conditional {@link Store} write or remove to happen.
 *
 * <p>{@link ValueEquals} compares with the value's {@code equals} on stores that keep objects, and by encoded
 * bytes on stores that keep bytes. An encoding need not be canonical, so a byte store may report an equal value
 * as different; the engine then decides on the decoded value and writes with {@link #unchangedSince}, which every
 * store matches exactly against what it read.
 */
// the constants hold instances of Always, Absent and Present, which only this interface creates: no thread can start
// initialising one of them before Condition, which is what the deadlock needs
@SuppressWarnings("ClassInitializationDeadlock")
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

  /**
   * Only when the entry is still as {@code snapshot} found it: absent if it was absent, otherwise the very value
   * or bytes the store read (see {@link Snapshot}).
   */
  static Condition unchangedSince(Snapshot<?> snapshot) {
    return snapshot.stamp() == null ? ABSENT : new Unchanged(snapshot.stamp());
  }

  /**
   * The bytes a store that keeps bytes compares its stored bytes with, or {@code null} when this condition compares
   * no value.
   *
   * @param encoder encodes a value as the store keeps it
   */
  default byte @Nullable [] expectedBytes(Function<Object, byte[]> encoder) {
    return null;
  }

  /** Whether a store whose current value is {@code current} ({@code null} when absent) may proceed. */
  boolean test(@Nullable Object current);

  /** See {@link #ANY}. */
  record Always() implements Condition {
    @Override
    public boolean test(@Nullable Object current) {
      return true;
    }
  }

  /** See {@link #ABSENT}. */
  record Absent() implements Condition {
    @Override
    public boolean test(@Nullable Object current) {
      return current == null;
    }
  }

  /** See {@link #PRESENT}. */
  record Present() implements Condition {
    @Override
    public boolean test(@Nullable Object current) {
      return current != null;
    }
  }

  /** See {@link #valueEquals(Object)}. */
  record ValueEquals(Object expected) implements Condition {
    @Override
    public byte[] expectedBytes(Function<Object, byte[]> encoder) {
      return encoder.apply(expected);
    }

    @Override
    public boolean test(@Nullable Object current) {
      return current != null && expected.equals(current);
    }
  }

  /**
   * See {@link #unchangedSince}. A store that keeps objects passes its stored object to {@link #test}, which
   * compares identity; a store that keeps bytes compares {@code stamp}, its bytes, with the bytes it holds.
   */
  record Unchanged(Object stamp) implements Condition {
    @Override
    public byte[] expectedBytes(Function<Object, byte[]> encoder) {
      return (byte[]) stamp;
    }

    @Override
    public boolean test(@Nullable Object current) {
      return current != null && current == stamp;
    }
  }
}
