package dev.cairn.cache.store;

import org.jspecify.annotations.Nullable;

/**
 * An entry as one {@link Store#read} found it: the value the engine decides on, and the stamp a later
 * compare-and-set ({@link Condition#unchangedSince}) matches, so that "unchanged" means exactly what was read.
 *
 * <p>A store that keeps bytes stamps with the bytes it read, never with a re-encoding of the value: encodings such
 * as Java serialization are not canonical (a {@code HashSet} writes its capacity, an enum set its iteration
 * order), and the caller may change the value in place. A store that keeps objects stamps with the stored object.
 *
 * @param value the live value, or {@code null} when the entry is absent or its stored form cannot be read back
 * @param stamp what the store found ({@code null} when nothing was stored); opaque to the engine
 * @param <V> value type
 */
public record Snapshot<V>(@Nullable V value, @Nullable Object stamp) {

  private static final Snapshot<?> ABSENT = new Snapshot<>(null, null);

  /** Nothing stored under the key. */
  @SuppressWarnings("unchecked")
  public static <V> Snapshot<V> absent() {
    return (Snapshot<V>) ABSENT;
  }

  /** A store that keeps objects: the stored object is its own stamp. */
  public static <V> Snapshot<V> of(@Nullable V stored) {
    return stored == null ? absent() : new Snapshot<>(stored, stored);
  }
}
