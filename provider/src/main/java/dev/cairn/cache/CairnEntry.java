package dev.cairn.cache;

import java.util.Objects;
import javax.cache.Cache;

/**
 * A key and its value, as the cache hands them out (iteration, {@code getAll}) and passes them to writers.
 * Immutable.
 */
public record CairnEntry<K, V>(K getKey, V getValue) implements Cache.Entry<K, V> {

  public CairnEntry {
    Objects.requireNonNull(getKey, "key");
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap a cache entry to " + clazz.getName());
  }
}
