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

  /**
   * Whether the local tier serves reads now: the server confirmed it tracks every change for this process. While it
   * does not (disconnected, tracking not yet on again) the tier is empty and every read goes to the server.
   */
  boolean serving();
}
