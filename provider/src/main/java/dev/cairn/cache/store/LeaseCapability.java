package dev.cairn.cache.store;

import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * An optional {@link Store} capability for stores shared by several processes: a short exclusive lease on a key.
 * The lease is advisory: it guards no store operation by itself, and it ends by itself when its time is up, so a
 * process that dies holding one blocks nobody for long. Leases live outside the cache's entries (iteration,
 * {@code clear} and pattern removal never see them), and each {@link Purpose} has leases of its own, so holding
 * one kind on a key never waits for the other.
 *
 * <p>Thread-safe. The {@code ...Async} methods are as described in {@link AsyncCapability}: by default the
 * blocking step, completed.
 *
 * @param <K> key type
 */
public interface LeaseCapability<K> {

  /** What a lease is for; leases of different purposes on one key are independent. */
  enum Purpose {
    /** One process computes a missing value while the others wait for it (get-or-set). */
    COMPUTE,
    /** One process at a time calls the cache writer for a key and then writes the entry (write-through). */
    WRITE
  }

  /**
   * Takes the lease of {@code purpose} on {@code key} for {@code owner} unless someone holds it.
   *
   * @param millis how long the lease lasts unless released, positive
   * @return whether {@code owner} now holds it
   */
  boolean tryLease(Purpose purpose, K key, String owner, long millis);

  /** Releases the lease of {@code purpose} on {@code key} if {@code owner} still holds it. */
  void releaseLease(Purpose purpose, K key, String owner);

  /**
   * Who holds the lease of {@code purpose} on {@code key} now, or {@code null} if nobody does (or the store cannot
   * tell): lets a waiter tell a long-held lease from a busy key whose lease changes hands.
   */
  default @Nullable String leaseHolder(Purpose purpose, K key) {
    return null;
  }

  /** See {@link #tryLease(Purpose, Object, String, long)}. */
  default CompletionStage<Boolean> tryLeaseAsync(Purpose purpose, K key, String owner, long millis) {
    return CompletedStages.of(() -> tryLease(purpose, key, owner, millis));
  }

  /** See {@link #releaseLease(Purpose, Object, String)}. */
  default CompletionStage<Void> releaseLeaseAsync(Purpose purpose, K key, String owner) {
    return CompletedStages.of(() -> {
      releaseLease(purpose, key, owner);
      return null;
    });
  }

  /** {@link #tryLease(Purpose, Object, String, long)} for {@link Purpose#COMPUTE}. */
  default boolean tryLease(K key, String owner, long millis) {
    return tryLease(Purpose.COMPUTE, key, owner, millis);
  }

  /** {@link #releaseLease(Purpose, Object, String)} for {@link Purpose#COMPUTE}. */
  default void releaseLease(K key, String owner) {
    releaseLease(Purpose.COMPUTE, key, owner);
  }

  /** {@link #tryLeaseAsync(Purpose, Object, String, long)} for {@link Purpose#COMPUTE}. */
  default CompletionStage<Boolean> tryLeaseAsync(K key, String owner, long millis) {
    return tryLeaseAsync(Purpose.COMPUTE, key, owner, millis);
  }

  /** {@link #releaseLeaseAsync(Purpose, Object, String)} for {@link Purpose#COMPUTE}. */
  default CompletionStage<Void> releaseLeaseAsync(K key, String owner) {
    return releaseLeaseAsync(Purpose.COMPUTE, key, owner);
  }
}
