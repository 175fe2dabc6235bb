package dev.cairn.cache.extensions;

import java.util.Map;
import java.util.Set;

/**
 * The answer of {@link ExtendedCache#getMany}: the values found, and the keys that had no live entry.
 *
 * @param found the live entries, in the order the keys were asked for; unmodifiable
 * @param missing the keys asked for without a live entry, in that order; unmodifiable
 * @param <K> key type
 * @param <V> value type
 */
public record Lookup<K, V>(Map<K, V> found, Set<K> missing) {

  public Lookup {
    found = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(found));
    missing = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(missing));
  }

  /** Whether every key asked for was found. */
  public boolean complete() {
    return missing.isEmpty();
  }
}
