package dev.cairn.cache.engine;

import dev.cairn.cache.store.LeaseCapability;
import dev.cairn.cache.store.LeaseCapability.Purpose;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * Lets one caller at a time call the writer for a key and then write the entry, so that a write-through cache's
 * writer sees the single-key writes of one key in the order the cache applies them, and only outcomes that win.
 * Bulk writes ({@code putAll}, {@code removeAll}) hand the writer a batch and are not guarded.
 *
 * <p>Without it, a conditional operation or {@code invoke} reads the entry, calls the writer, then compares-and-sets;
 * two callers racing could both call the writer and only one of them win in the cache. Inside one process a lock
 * per key excludes the others; on a store shared by several processes a {@link Purpose#WRITE} lease on the key
 * excludes the other processes as well.
 *
 * <p>Nothing waits forever. A lease ends by itself after {@link #LEASE_MILLIS}, so a process that dies holding one
 * delays its key only that long; a caller waits for the local lock at most that long, and for the lease until one
 * holder has kept it that long, then goes ahead without. That happens only with a dead holder, a writer slower than
 * the lease, or a writer or listener that writes other keys of the cache in an order that deadlocks; the
 * compare-and-set still keeps the entry right, only the writer might then see an outcome that loses. A nested write
 * of a key this thread already guards (a writer writing to its own cache) goes ahead at once. Thread-safe.
 *
 * @param <K> key type
 */
final class WriteThroughGuard<K> {

  /** How long a write lease lasts unless released: longer than any sane writer call, short enough to recover. */
  static final long LEASE_MILLIS = 10_000;

  private static final System.Logger LOG = System.getLogger(WriteThroughGuard.class.getName());
  private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
  private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final String PROCESS = UUID.randomUUID().toString();

  private final ConcurrentHashMap<Object, KeyLock> locks = new ConcurrentHashMap<>();
  private final @Nullable LeaseCapability<K> leases;
  private final ThreadLocal<Set<Object>> held = ThreadLocal.withInitial(HashSet::new);

  /** @param leases the store's leases, or {@code null} for a store only this process uses */
  WriteThroughGuard(@Nullable LeaseCapability<K> leases) {
    this.leases = leases;
  }

  /** Runs {@code work} while no other caller, here or in another process, runs guarded work on {@code key}. */
  <T> T run(K key, Supplier<T> work) {
    Set<Object> mine = held.get();
    if (!mine.add(key)) {
      return work.get();
    }
    KeyLock keyLock = locks.compute(key, (k, existing) -> (existing == null ? new KeyLock() : existing).enter());
    try {
      boolean locked = lock(keyLock.lock, key);
      try {
        return leases == null ? work.get() : leased(leases, key, work);
      } finally {
        if (locked) {
          keyLock.lock.unlock();
        }
      }
    } finally {
      locks.computeIfPresent(key, (k, existing) -> existing.leave());
      mine.remove(key);
    }
  }

  private <T> T leased(LeaseCapability<K> leases, K key, Supplier<T> work) {
    String owner = PROCESS + ":" + Thread.currentThread().getId();
    boolean leased = acquire(leases, key, owner);
    try {
      return work.get();
    } finally {
      if (leased) {
        release(leases, key, owner);
      }
    }
  }

  /**
   * Gives the lease back. A failure is logged, never thrown: the write already happened (or failed for its own
   * reason), reporting it now would make the caller repeat it, and the lease ends by itself.
   */
  private static <K> void release(LeaseCapability<K> leases, K key, String owner) {
    try {
      leases.releaseLease(Purpose.WRITE, key, owner);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not release the write lease on key " + key + "; it ends by itself within "
          + LEASE_MILLIS + " ms", e);
    }
  }

  /** Waits for the local lock of a key at most a lease time; {@code false} if it went ahead without it. */
  private static boolean lock(ReentrantLock lock, Object key) {
    try {
      return lock.tryLock(LEASE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("interrupted while waiting to write through key " + key, e);
    }
  }

  /**
   * Waits for the lease, backing off; {@code false} if one holder kept it for a whole lease time (dead, or its
   * writer is that slow). A lease that keeps changing hands is a busy key, not a stuck one: the wait goes on.
   */
  private static <K> boolean acquire(LeaseCapability<K> leases, K key, String owner) {
    if (leases.tryLease(Purpose.WRITE, key, owner, LEASE_MILLIS)) {
      return true;
    }
    String holder = leases.leaseHolder(Purpose.WRITE, key);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEASE_MILLIS);
    long pause = FIRST_PAUSE_NANOS;
    while (!leases.tryLease(Purpose.WRITE, key, owner, LEASE_MILLIS)) {
      if (System.nanoTime() - deadline >= 0) {
        String now = leases.leaseHolder(Purpose.WRITE, key);
        if (now != null && now.equals(holder)) {
          return false;
        }
        holder = now;
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEASE_MILLIS);
      }
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new CacheException("interrupted while waiting to write through key " + key);
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
    }
    return true;
  }

  /** A key's local lock and how many callers use it, so the map keeps only keys being written. */
  private static final class KeyLock {
    final ReentrantLock lock = new ReentrantLock();
    private int users;

    /** Called inside the map's {@code compute}, which serializes it. */
    KeyLock enter() {
      users++;
      return this;
    }

    /** Called inside the map's {@code computeIfPresent}; {@code null} removes the entry. */
    @Nullable KeyLock leave() {
      return --users == 0 ? null : this;
    }
  }
}
