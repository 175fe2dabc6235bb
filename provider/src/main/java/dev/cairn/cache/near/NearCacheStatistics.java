package dev.cairn.cache.near;

import dev.cairn.cache.store.LocalCapability;

/**
 * The counters of one cache's near cache, cumulative since the cache opened. A {@link LocalCapability}: they are
 * read while the server is away too. Thread-safe.
 */
public interface NearCacheStatistics extends LocalCapability {

  /** Reads answered from the local tier. */
  long hits();

  /** Reads the local tier could not answer, which went to the server. */
  long misses();

  /** Local copies (or reads in flight) dropped because the entry changed: told by the server, or written here. */
  long invalidations();

  /** Local copies dropped to keep the local tier within its bound. */
  long evictions();

  /** About how many entries the local tier holds now. */
  long size();
}
