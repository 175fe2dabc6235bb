package dev.cairn.cache.store;

import java.util.concurrent.CompletionStage;

/**
 * An optional {@link Store} capability: a round trip to the server that holds the store's data, without touching
 * any entry. Stores without a server need not offer it.
 *
 * <p>Thread-safe. {@link #pingAsync} is as described in {@link AsyncCapability}: by default the blocking step,
 * completed.
 */
public interface PingCapability {

  /**
   * Sends one no-op request to the server and waits for its answer.
   *
   * @return the round-trip time in nanoseconds
   * @throws StoreException if the server does not answer, or answers with an error
   */
  long ping();

  /** See {@link #ping}. */
  default CompletionStage<Long> pingAsync() {
    return CompletedStages.of(this::ping);
  }
}
