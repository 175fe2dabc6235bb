package dev.cairn.cache.management;

import javax.cache.management.CacheStatisticsMXBean;

/**
 * The statistics MXBean of a Cairn cache: JCache's, plus what Cairn knows beyond it. These are counted whether or
 * not statistics are enabled, and {@link #clear()} does not reset them, since they describe the store rather than
 * the cache's traffic. The circuit values are those of the store's backend (every cache of a manager shares one
 * breaker; see {@code dev.cairn.cache.resilience}); the near cache values are those of its local tier (see
 * {@code dev.cairn.cache.near}).
 */
public interface CairnStatisticsMXBean extends CacheStatisticsMXBean {

  /** Stored entries the store could not read back and treated as absent. */
  long getUnreadableEntries();

  /** {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}; {@code NONE} for a store without a server. */
  String getCircuitState();

  /** Whether the cache acts as an empty cache, rather than failing, while its server is unreachable. */
  boolean isFailOpen();

  /** How many times the circuit opened. */
  long getCircuitOpenings();

  /** How many calls were not sent to the server because the circuit was open. */
  long getCallsNotSent();

  /** Keys whose write or removal did not surely happen, to be deleted on the server before it is read again. */
  long getKeysAwaitingInvalidation();

  /** Whether the cache has a near cache (a local tier in front of its server); the near values are 0 if not. */
  boolean isNearCache();

  /** Reads the near cache answered from the heap. */
  long getNearCacheHits();

  /** Reads the near cache could not answer, which went to the server. */
  long getNearCacheMisses();

  /** Local copies dropped because the entry changed, here or elsewhere. */
  long getNearCacheInvalidations();

  /** Local copies dropped to keep the near cache within its bound. */
  long getNearCacheEvictions();

  /** About how many entries the near cache holds. */
  long getNearCacheSize();

  /**
   * Whether the near cache serves reads now: its server tracks changes for it. {@code false} without a near cache,
   * and while tracking is lost (the local tier is then empty and reads go to the server).
   */
  boolean isNearCacheServing();
}
