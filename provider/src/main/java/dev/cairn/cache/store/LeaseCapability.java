package dev.cairn.cache.store;

/**
 * An optional {@link Store} capability for stores shared by several processes: a short exclusive lease on a key.
 * The lease is advisory: it guards no store operation by itself, and it ends by itself when its time is up, so a
 * process that dies holding one blocks nobody for long. Leases live outside the cache's entries (iteration,
 * {@code clear} and pattern removal never see them), and each {@link Purpose} has leases of its own, so holding
 * one kind on a key never waits for the other.
 *
 * <p>Thread-safe.
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

  /** {@link #tryLease(Purpose, Object, String, long)} for {@link Purpose#COMPUTE}. */
  default boolean tryLease(K key, String owner, long millis) {
    return tryLease(Purpose.COMPUTE, key, owner, millis);
  }

  /** {@link #releaseLease(Purpose, Object, String)} for {@link Purpose#COMPUTE}. */
  default void releaseLease(K key, String owner) {
    releaseLease(Purpose.COMPUTE, key, owner);
  }
}
