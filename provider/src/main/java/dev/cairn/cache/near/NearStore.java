package dev.cairn.cache.near;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.Copier;
import dev.cairn.cache.config.NearCacheSettings;
import dev.cairn.cache.expiry.CoarseClock;
import dev.cairn.cache.store.ChangeFeed;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Snapshot;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreException;
import dev.cairn.cache.store.TrackingCapability;
import dev.cairn.cache.store.TrackingCapability.TimedValue;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.WriteResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * A remote store with a near cache: plain reads ({@link #get} without an access expiry) are answered from a
 * {@link LocalTier} when it holds the entry, and otherwise read from the server and kept; everything else goes to the
 * server. The server tells which keys change ({@link TrackingCapability}), and each change drops the local copy.
 *
 * <p>No stale value from the known races (see {@code docs/near-cache.md}):
 * <ul>
 *   <li>A read reserves the key's slot with a {@link Reservation} before it sends its request, and its reply is kept
 *       only if the reservation is still there: an invalidation, or a write of this process, that came in between
 *       removed it.</li>
 *   <li>While the server cannot tell every change (disconnected, tracking not yet on again) the local tier is empty
 *       and nothing is kept; each change of that state empties it and starts a new epoch, and a reply is kept only
 *       in the epoch its read began in. The check and the keeping happen under a read lock that emptying takes for
 *       writing, so no copy from an old epoch survives.</li>
 *   <li>Writes of this process ({@link #write}, {@link #remove}, {@link #expire}, {@link #putAll},
 *       {@link #removeAll}, {@link #clear}, and the capabilities that write: {@link OwnWrites}) drop the local
 *       copies before they return, whether they succeeded or not: this process reads its own writes.</li>
 *   <li>A local copy lives at most the entry's remaining time to live, as the server said when it was read
 *       (measured from before the request was sent), and at most the configured {@link NearCacheSettings#ttl()}.</li>
 * </ul>
 * A read with an access expiry ({@code touchTtl} other than {@link Ttl#UNCHANGED}) goes to the server, which must
 * apply it. {@link #read} (compare-and-set), {@link #containsKey} and iteration always go to the server.
 *
 * <p>Store-by-value: values of immutable types ({@link Copier#isImmutable}) are kept and returned as they are; others
 * are kept as the bytes the server sent and decoded afresh for each hit. Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class NearStore<K, V> implements Store<K, V>, NearCacheStatistics {

  /** A slot taken by a read in flight: identity only. */
  private static final class Reservation extends LocalTier.Slot {
  }

  /**
   * A local copy: the value itself, or its bytes when {@code encoded}, until {@code deadline} ({@link System#nanoTime}).
   */
  private static final class Copy extends LocalTier.Copy {
    final Object held;
    final boolean encoded;
    final long deadline;

    Copy(Object held, boolean encoded, long deadline) {
      this.held = held;
      this.encoded = encoded;
      this.deadline = deadline;
    }
  }

  private final Store<K, V> remote;
  private final TrackingCapability<K, V> tracking;
  private final Codec<V> valueCodec;
  private final long maxTtlNanos;
  private final long maxKeptPerGetAll;
  private final LocalTier<K> slots;
  private final ReentrantReadWriteLock epochs = new ReentrantReadWriteLock();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder invalidations = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final AutoCloseable subscription;
  private volatile long epoch;
  private volatile boolean serving;
  private volatile Runnable whenClosed = () -> { };

  /**
   * Starts tracking at once; the local tier serves once the server confirms it tells every change.
   *
   * @param remote the store on the server
   * @param tracking {@code remote}'s tracking
   * @param valueCodec decodes the bytes of kept values that are not immutable
   */
  public NearStore(Store<K, V> remote, TrackingCapability<K, V> tracking, Codec<V> valueCodec,
      NearCacheSettings settings) {
    this.remote = remote;
    this.tracking = tracking;
    this.valueCodec = valueCodec;
    this.maxTtlNanos = settings.ttl().toNanos();
    this.maxKeptPerGetAll = Math.max(1, settings.maxEntries() / 2);
    this.slots = new LocalTier<>(settings.maxEntries(), copy -> evictions.increment());
    CoarseClock.acquire();
    this.subscription = tracking.track(new Invalidations());
  }

  /** What the server tells: each call drops local copies, and the tier serves only while nothing can go untold. */
  private final class Invalidations implements TrackingCapability.Listener<K> {
    @Override
    public void invalidated(K key) {
      invalidate(key);
    }

    @Override
    public void invalidatedAll() {
      flush(null);
    }

    @Override
    public void trackingLost() {
      flush(false);
    }

    @Override
    public void trackingResumed() {
      flush(true);
    }
  }

  /**
   * Empties the local tier and starts a new epoch; the server must be unable to change anything this process could
   * miss, or the tier must be reloaded (the store's circuit opened or closed).
   */
  void flush() {
    flush(null);
  }

  /** @param serveAfter whether the tier serves afterwards; {@code null} leaves that as it is */
  @SuppressWarnings("NonAtomicVolatileUpdate") // epoch changes only here, under the write lock
  private void flush(@Nullable Boolean serveAfter) {
    epochs.writeLock().lock();
    try {
      epoch++;
      if (serveAfter != null) {
        serving = serveAfter;
      }
      slots.clear();
    } finally {
      epochs.writeLock().unlock();
    }
  }

  /** Runs {@code action} when this store closes. */
  void whenClosed(Runnable action) {
    this.whenClosed = action;
  }

  @Override
  public boolean serving() {
    return serving;
  }

  @Override
  public @Nullable V get(K key, long touchTtl) {
    if (touchTtl != Ttl.UNCHANGED) {
      // the access expiry must reach the server; nothing of such a read is kept
      return remote.get(key, touchTtl);
    }
    V found = hit(key);
    if (found != null) {
      return found;
    }
    misses.increment();
    return load(key);
  }

  /** The local copy's value for the caller, or {@code null}; counts the hit. */
  private @Nullable V hit(K key) {
    if (!(slots.get(key) instanceof Copy copy)) {
      return null;
    }
    if (!serving || !CoarseClock.before(copy.deadline)) {
      slots.remove(key, copy);
      return null;
    }
    hits.increment();
    return valueOf(copy);
  }

  @SuppressWarnings("unchecked")
  private @Nullable V valueOf(Copy copy) {
    return copy.encoded ? valueCodec.decode((byte[]) copy.held) : (V) copy.held;
  }

  /** Reads from the server, reserving the slot first, and keeps the reply if nothing invalidated it meanwhile. */
  private @Nullable V load(K key) {
    long epochAtStart = epoch;
    if (!serving) {
      return remote.get(key, Ttl.UNCHANGED);
    }
    Reservation reservation = new Reservation();
    slots.put(key, reservation);
    long sent = System.nanoTime();
    TimedValue<V> read;
    try {
      read = tracking.getTimed(key);
    } catch (RuntimeException e) {
      slots.remove(key, reservation);
      throw e;
    }
    if (read == null) {
      slots.remove(key, reservation);
      return null;
    }
    keep(key, reservation, epochAtStart, read, sent);
    return read.value();
  }

  private void keep(K key, Reservation reservation, long epochAtStart, TimedValue<V> read, long sent) {
    long life = read.remainingTtl() == Ttl.ETERNAL ? maxTtlNanos
        : Math.min(maxTtlNanos, TimeUnit.MILLISECONDS.toNanos(read.remainingTtl()));
    boolean immutable = Copier.isImmutable(read.value());
    if (life <= 0 || (!immutable && read.encoded() == null)) {
      slots.remove(key, reservation);
      return;
    }
    Copy copy = new Copy(immutable ? read.value() : read.encoded(), !immutable, sent + life);
    epochs.readLock().lock();
    try {
      if (epoch == epochAtStart && serving) {
        // fails, keeping nothing, if an invalidation removed the reservation meanwhile
        slots.replace(key, reservation, copy);
        return;
      }
    } finally {
      epochs.readLock().unlock();
    }
    slots.remove(key, reservation);
  }

  /** Drops the local copy of {@code key}, or the reservation of a read in flight. */
  void invalidate(K key) {
    if (slots.remove(key)) {
      invalidations.increment();
    }
  }

  private void invalidateAll(Collection<? extends K> keys) {
    keys.forEach(this::invalidate);
  }

  /**
   * Local hits, and one call to the server for the rest, whose answers are kept as {@link #get}'s are: each key's
   * slot is reserved before the call, and a reply is kept only if its reservation is still there. At most half the
   * tier's bound of them are kept per call.
   */
  @Override
  public Map<K, V> getAll(Collection<? extends K> keys) {
    Map<K, V> found = new HashMap<>(keys.size() * 4 / 3 + 1);
    List<K> rest = new ArrayList<>();
    for (K key : keys) {
      V value = hit(key);
      if (value != null) {
        found.put(key, value);
      } else {
        misses.increment();
        rest.add(key);
      }
    }
    if (rest.isEmpty()) {
      return inOrder(keys, found);
    }
    long epochAtStart = epoch;
    if (!serving) {
      found.putAll(remote.getAll(rest));
      return inOrder(keys, found);
    }
    // a batch larger than the tier's share would only evict what it just kept, each keep walking the whole tier
    int kept = (int) Math.min(rest.size(), maxKeptPerGetAll);
    List<Reservation> reservations = new ArrayList<>(kept);
    for (int i = 0; i < kept; i++) {
      Reservation reservation = new Reservation();
      slots.put(rest.get(i), reservation);
      reservations.add(reservation);
    }
    long sent = System.nanoTime();
    Map<K, TimedValue<V>> read;
    try {
      read = tracking.getAllTimed(rest);
    } catch (RuntimeException e) {
      for (int i = 0; i < kept; i++) {
        slots.remove(rest.get(i), reservations.get(i));
      }
      throw e;
    }
    for (int i = 0; i < rest.size(); i++) {
      K key = rest.get(i);
      TimedValue<V> value = read.get(key);
      if (i >= kept) {
        if (value != null) {
          found.put(key, value.value());
        }
      } else if (value == null) {
        slots.remove(key, reservations.get(i));
      } else {
        keep(key, reservations.get(i), epochAtStart, value, sent);
        found.put(key, value.value());
      }
    }
    return inOrder(keys, found);
  }

  private Map<K, V> inOrder(Collection<? extends K> keys, Map<K, V> found) {
    Map<K, V> ordered = new LinkedHashMap<>(found.size() * 4 / 3 + 1);
    for (K key : keys) {
      V value = found.get(key);
      if (value != null) {
        ordered.put(key, value);
      }
    }
    return ordered;
  }

  /** Always the server's: a compare-and-set must be decided on what the server holds. */
  @Override
  public Snapshot<V> read(K key) {
    return remote.read(key);
  }

  @Override
  public boolean containsKey(K key) {
    return remote.containsKey(key);
  }

  @Override
  public WriteResult<V> write(K key, V value, Condition condition, long ttlIfAbsent, long ttlIfPresent,
      boolean wantPrevious) {
    try {
      return remote.write(key, value, condition, ttlIfAbsent, ttlIfPresent, wantPrevious);
    } finally {
      invalidate(key);
    }
  }

  @Override
  public WriteResult<V> remove(K key, Condition condition, boolean wantPrevious) {
    try {
      return remote.remove(key, condition, wantPrevious);
    } finally {
      invalidate(key);
    }
  }

  @Override
  public boolean expire(K key, long ttl) {
    try {
      return remote.expire(key, ttl);
    } finally {
      invalidate(key);
    }
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries, long ttlIfAbsent, long ttlIfPresent) {
    try {
      remote.putAll(entries, ttlIfAbsent, ttlIfPresent);
    } finally {
      invalidateAll(entries.keySet());
    }
  }

  @Override
  public void removeAll(Collection<? extends K> keys) {
    try {
      remote.removeAll(keys);
    } finally {
      invalidateAll(keys);
    }
  }

  @Override
  public void clear() {
    try {
      remote.clear();
    } finally {
      flush();
    }
  }

  @Override
  public Iterator<K> keys() {
    return remote.keys();
  }

  /** The remote store's capabilities; those that write entries drop the local copies (see {@link OwnWrites}). */
  @Override
  public <T> @Nullable T capability(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    T capability = remote.capability(type);
    return capability == null ? null : OwnWrites.of(type, capability, this);
  }

  @Override
  public long unreadableEntries() {
    return remote.unreadableEntries();
  }

  @Override
  public @Nullable ChangeFeed<K, V> changeFeed() {
    return remote.changeFeed();
  }

  @Override
  public void close() {
    try {
      subscription.close();
    } catch (Exception e) {
      throw new StoreException("cannot stop tracking: " + e.getMessage(), e);
    } finally {
      flush(false);
      CoarseClock.release();
      whenClosed.run();
      remote.close();
    }
  }

  @Override
  public long hits() {
    return hits.sum();
  }

  @Override
  public long misses() {
    return misses.sum();
  }

  @Override
  public long invalidations() {
    return invalidations.sum();
  }

  @Override
  public long evictions() {
    return evictions.sum();
  }

  @Override
  public long size() {
    return slots.size();
  }
}
