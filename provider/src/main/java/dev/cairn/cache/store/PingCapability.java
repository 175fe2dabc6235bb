package dev.cairn.cache.store;

/**
 * An optional {@link Store} capability: a round trip to the server that holds the store's data, without touching
 * any entry. Stores without a server need not offer it.
 *
 * <p>Thread-safe.
 */
public interface PingCapability {

  /**
   * Sends one no-op request to the server and waits for its answer.
   *
   * @return the round-trip time in nanoseconds
   * @throws StoreException if the server does not answer, or answers with an error
   */
  long ping();
}
