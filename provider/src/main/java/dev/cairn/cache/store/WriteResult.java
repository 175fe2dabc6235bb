package dev.cairn.cache.store;

import org.jspecify.annotations.Nullable;

/**
 * What a conditional write or remove found and did.
 *
 * @param applied whether the write or remove happened
 * @param existed whether a live entry existed before
 * @param previous the value before, when it existed and was asked for; otherwise {@code null}
 * @param <V> value type
 */
public record WriteResult<V>(boolean applied, boolean existed, @Nullable V previous) {

  private static final WriteResult<?> CREATED = new WriteResult<>(true, false, null);
  private static final WriteResult<?> REPLACED = new WriteResult<>(true, true, null);
  private static final WriteResult<?> SKIPPED_ABSENT = new WriteResult<>(false, false, null);
  private static final WriteResult<?> SKIPPED_PRESENT = new WriteResult<>(false, true, null);

  /** A result without a previous value, shared so that hot paths do not allocate. */
  @SuppressWarnings("unchecked")
  public static <V> WriteResult<V> of(boolean applied, boolean existed) {
    return (WriteResult<V>) (applied
        ? (existed ? REPLACED : CREATED)
        : (existed ? SKIPPED_PRESENT : SKIPPED_ABSENT));
  }

  /** A result carrying the previous value when there is one. */
  public static <V> WriteResult<V> of(boolean applied, @Nullable V previous) {
    return previous == null ? of(applied, false) : new WriteResult<>(applied, true, previous);
  }
}
