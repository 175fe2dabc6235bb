package dev.cairn.cache.resilience;

/** What a cache does while its remote store cannot be reached. */
public enum FailureMode {

  /** Calls fail with a {@code CacheException}, at once while the circuit breaker is open. The default. */
  CLOSED,

  /**
   * The cache acts as an empty cache that keeps nothing: reads miss (read-through loaders still run), writes,
   * removals and {@code clear} are skipped without an exception or a listener event. Calls that cannot be honest
   * without the store (the store's native capabilities: counters, sets, TTL queries, pattern removal) still fail.
   */
  OPEN
}
