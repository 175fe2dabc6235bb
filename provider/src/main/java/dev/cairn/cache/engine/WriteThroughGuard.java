package dev.cairn.cache.engine;

import dev.cairn.cache.store.LeaseCapability;
import dev.cairn.cache.store.LeaseCapability.Purpose;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.cache.CacheException;

/**
 * Lets one caller at a time call the writer for a key and then write the entry, so that a write-through cache's
 * writer sees the writes of one key in the order the cache applies them, and sees only outcomes that win.
 *
 * <p>Without it, a conditional operation or {@code invoke} reads the entry, calls the writer, then compares-and-sets;
 * two callers racing could both call the writer and only one of them win in the cache. Inside one process a lock
 * per key (striped) excludes the others; on a store shared by several processes a
 * {@link LeaseCapability.Purpose#WRITE} lease on the key excludes the other processes as well.
 *
 * <p>The lease is bounded in time ({@link #LEASE_MILLIS}) so that a process that dies holding it blocks the key only
 * briefly; a caller that cannot get it within that time goes ahead without it. Either case is rare, and the
 * compare-and-set still keeps the entry right: only the writer might then see an outcome that loses. A nested write
 * of a key this thread already guards (a writer writing to its own cache) goes ahead at once. Thread-safe.
 *
 * @param <K> key type
 */
final class WriteThroughGuard<K> {

  /** How long a write lease lasts unless released: longer than any sane writer call, short enough to recover. */
  static final long LEASE_MILLIS = 10_000;

  private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final String PROCESS = UUID.randomUUID().toString();

  private final ReentrantLock[] stripes = new ReentrantLock[64];
  private final LeaseCapability<K> leases;
  private final ThreadLocal<Set<Object>> held = ThreadLocal.withInitial(HashSet::new);

  /** @param leases the store's leases, or {@code null} for a store only this process uses */
  WriteThroughGuard(LeaseCapability<K> leases) {
    this.leases = leases;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Runs {@code work} while no other caller, here or in another process, runs guarded work on {@code key}. */
  <T> T run(K key, Supplier<T> work) {
    Set<Object> mine = held.get();
    if (!mine.add(key)) {
      return work.get();
    }
    ReentrantLock lock = stripes[(key.hashCode() * 0x9E3779B9 >>> 26) & (stripes.length - 1)];
    lock.lock();
    try {
      if (leases == null) {
        return work.get();
      }
      String owner = PROCESS + ":" + Thread.currentThread().getId();
      boolean leased = acquire(key, owner);
      try {
        return work.get();
      } finally {
        if (leased) {
          leases.releaseLease(Purpose.WRITE, key, owner);
        }
      }
    } finally {
      lock.unlock();
      mine.remove(key);
    }
  }

  /** Waits for the lease, backing off; {@code false} if it was still held by another after a whole lease time. */
  private boolean acquire(K key, String owner) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEASE_MILLIS);
    long pause = POLL_NANOS;
    while (!leases.tryLease(Purpose.WRITE, key, owner, LEASE_MILLIS)) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new CacheException("interrupted while waiting to write through key " + key);
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, MAX_POLL_NANOS);
    }
    return true;
  }
}
