package dev.cairn.cache.store;

import java.util.concurrent.CompletionStage;

/**
 * An optional {@link Store} capability for stores shared by several processes: a short exclusive lease on a key,
 * so that one process computes a missing value while the others wait for it. The lease is advisory: it guards no
 * store operation, and it ends by itself when its time is up, so a process that dies holding one blocks nobody for
 * long. Leases live outside the cache's entries (iteration, {@code clear} and pattern removal never see them).
 *
 * <p>Thread-safe. The {@code ...Async} methods are as described in {@link AsyncCapability}: by default the
 * blocking step, completed.
 *
 * @param <K> key type
 */
public interface LeaseCapability<K> {

  /**
   * Takes the lease on {@code key} for {@code owner} unless someone holds it.
   *
   * @param millis how long the lease lasts unless released, positive
   * @return whether {@code owner} now holds it
   */
  boolean tryLease(K key, String owner, long millis);

  /** Releases the lease on {@code key} if {@code owner} still holds it. */
  void releaseLease(K key, String owner);

  /** See {@link #tryLease}. */
  default CompletionStage<Boolean> tryLeaseAsync(K key, String owner, long millis) {
    return CompletedStages.of(() -> tryLease(key, owner, millis));
  }

  /** See {@link #releaseLease}. */
  default CompletionStage<Void> releaseLeaseAsync(K key, String owner) {
    return CompletedStages.of(() -> {
      releaseLease(key, owner);
      return null;
    });
  }
}
