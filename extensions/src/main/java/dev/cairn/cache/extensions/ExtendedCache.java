package dev.cairn.cache.extensions;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.ExtensionPoint;
import dev.cairn.cache.ExtensionPoint.Operations;
import dev.cairn.cache.store.SetCapability;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * The operations JCache lacks, over any Cairn cache and the same on every store: counters, per-entry times to
 * live, key versions, get-or-set with stampede protection, pattern invalidation, bulk calls with counts, sets,
 * health, timeouts, interceptors, and an {@linkplain #async() asynchronous view}.
 *
 * <pre>{@code
 * ExtendedCache<String, Long> hits = ExtendedCache.of(cache);
 * hits.incr("home");                                        // atomic, on every store; INCRBY on Redis
 * hits.put("banner", 1L, Duration.ofMinutes(5));           // this entry only, whatever the ExpiryPolicy
 * User u = users.getOrSet("alice", this::loadUser, Duration.ofMinutes(10));
 * users.invalidate("tenant42:*");
 * }</pre>
 *
 * <p><b>Keys and versions.</b> A view works on one key version of the cache: the configured one
 * ({@code CairnConfiguration#setKeyVersion}, default 0) unless {@link #version(long)} chose another. Versions are
 * part of the stored key, so entries of different versions never meet.
 *
 * <p><b>JCache observers.</b> The writes here behave as their JCache relatives for the writer, entry listeners and
 * statistics: {@code put}, {@code add}, {@code setMany}, {@code getOrSet}'s store, {@code incr}/{@code decr}
 * (CREATED or UPDATED; counted as puts; the writer sees the new value) and {@code deleteMany}/{@code invalidate}
 * (as {@code removeAll(keys)}: {@code deleteAll} on the writer, REMOVED events, removals counted). Native fast
 * paths (Redis {@code INCRBY}, {@code SCAN}+{@code UNLINK}) are taken only when the cache has no writer and no
 * listener. {@code touch} and {@code incrVersion} change no value as JCache sees one: no event, no writer call.
 *
 * <p>Arguments are checked before any side effect: {@code NullPointerException} for null keys and values,
 * {@code ClassCastException} for values of the wrong type, {@code IllegalArgumentException} for negative times to
 * live, {@code IllegalStateException} once the cache is closed. A time to live of {@code null} means eternal, and
 * zero means expired at once (nothing is created, an existing entry goes).
 *
 * <p>Immutable and thread-safe; views are cheap, and views of one cache share its state.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ExtendedCache<K, V> {

  /** How long a {@code getOrSet} lease lasts, and how long other JVMs wait for it, unless a view says otherwise. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

  private final ExtensionPoint<K, V> point;
  private final long version;
  private final @Nullable Duration timeout;
  private final Interception interception;
  private final Duration lease;
  private final Counters<K, V> counters;

  private ExtendedCache(ExtensionPoint<K, V> point, long version, @Nullable Duration timeout, Interception interception,
      Duration lease) {
    this.point = point;
    this.version = version;
    this.timeout = timeout;
    this.interception = interception;
    this.lease = lease;
    @SuppressWarnings("unchecked") // a class literal cannot say CompleteConfiguration<K, V>
    CompleteConfiguration<K, V> configuration = point.cache().getConfiguration(CompleteConfiguration.class);
    this.counters = new Counters<>(point.cache().getName(), configuration.getValueType());
  }

  /**
   * The extended view of a Cairn cache, on its configured key version, with the interceptors its configuration
   * registered.
   *
   * @throws NullPointerException if {@code cache} is null, as {@code manager.getCache(name, ...)} returns for a
   *     cache that does not exist; {@link #of(CacheManager, String, Class, Class)} opens or creates one
   * @throws IllegalArgumentException if {@code cache} is not a Cairn cache
   */
  @SuppressWarnings("unchecked")
  public static <K, V> ExtendedCache<K, V> of(Cache<K, V> cache) {
    Objects.requireNonNull(cache, "cache is null: getCache returns null for a cache that does not exist; create it "
        + "first (createCache), or use ExtendedCache.of(manager, name, keyType, valueType), which opens or creates it");
    CairnCache<K, V> cairn = cache.unwrap(CairnCache.class);
    ExtensionPoint<K, V> point = cairn.extensionPoint();
    return new ExtendedCache<>(point, point.defaultVersion(), null,
        new Interception(point.extensions(Interceptor.class)), DEFAULT_LEASE);
  }

  /**
   * The extended view of cache {@code name} of {@code manager}, which is created if it does not exist yet: with
   * these types and otherwise a default configuration ({@link MutableConfiguration}: eternal, no loader or
   * writer). A cache that exists, created here, in another JVM sharing the store, or named in the manager's
   * configuration document, is opened as it is. For other settings, call {@code createCache} first.
   *
   * @throws ClassCastException if the cache exists with other key or value types (as {@code getCache} does)
   * @throws IllegalStateException if the manager is closed
   */
  public static <K, V> ExtendedCache<K, V> of(CacheManager manager, String name, Class<K> keyType,
      Class<V> valueType) {
    Objects.requireNonNull(manager, "manager");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    Cache<K, V> cache = manager.getCache(name, keyType, valueType);
    if (cache == null) {
      try {
        cache = manager.createCache(name, new MutableConfiguration<K, V>().setTypes(keyType, valueType));
      } catch (CacheException e) {
        // created by another thread (or JVM) since getCache looked: open that one
        cache = manager.getCache(name, keyType, valueType);
        if (cache == null) {
          throw e;
        }
      }
    }
    return of(cache);
  }

  /** The JCache view of the same cache (on its configured key version). */
  public Cache<K, V> cache() {
    return point.cache();
  }

  /** The key version this view works on. */
  public long version() {
    return version;
  }

  /**
   * A view of key version {@code version} of the same cache: its plain and extended operations read and write only
   * entries of that version.
   *
   * @throws IllegalArgumentException if {@code version} is negative
   */
  public ExtendedCache<K, V> version(long version) {
    if (version < 0) {
      throw new IllegalArgumentException("a key version must not be negative: " + version);
    }
    return new ExtendedCache<>(point, version, timeout, interception, lease);
  }

  /**
   * A view whose operations each give up after {@code timeout} with a {@link javax.cache.CacheException} caused by
   * a {@link java.util.concurrent.TimeoutException}; the operation may still take effect. {@code null} removes the
   * limit. Operations then run on a shared pool of daemon threads while the caller waits.
   *
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public ExtendedCache<K, V> withTimeout(Duration timeout) {
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw new IllegalArgumentException("a timeout must be positive: " + timeout);
    }
    return new ExtendedCache<>(point, version, timeout, interception, lease);
  }

  /** A view that also calls {@code interceptor} around each operation (see {@link Interceptor} for the rules). */
  public ExtendedCache<K, V> withInterceptor(Interceptor interceptor) {
    Objects.requireNonNull(interceptor, "interceptor");
    return new ExtendedCache<>(point, version, timeout, interception.with(interceptor), lease);
  }

  /**
   * A view whose {@code getOrSet} holds its cross-JVM lease for at most {@code lease}, and waits at most as long
   * for another JVM's.
   *
   * @throws IllegalArgumentException if {@code lease} is zero or negative
   */
  public ExtendedCache<K, V> withLease(Duration lease) {
    Objects.requireNonNull(lease, "lease");
    if (lease.isZero() || lease.isNegative()) {
      throw new IllegalArgumentException("a lease must be positive: " + lease);
    }
    return new ExtendedCache<>(point, version, timeout, interception, lease);
  }

  /** The asynchronous view of this view. */
  public AsyncExtendedCache<K, V> async() {
    return new AsyncExtendedCache<>(this);
  }

  // ---- plain operations, on this view's version ----

  /** {@code Cache.get} on this view's version. */
  public V get(K key) {
    return run("get", key, () -> ops().single().get(point.requireKey(key)));
  }

  /** {@code Cache.put} on this view's version, with the expiry policy's time to live. */
  public void put(K key, V value) {
    run("put", key, () -> {
      ops().single().put(point.requireKey(key), point.requireValue(value));
      return null;
    });
  }

  /** {@code Cache.remove} on this view's version. */
  public boolean remove(K key) {
    return run("remove", key, () -> ops().single().remove(point.requireKey(key)));
  }

  /** Whether a live entry exists for {@code key}: {@code containsKey}, not an access. */
  public boolean has(K key) {
    return run("has", key, () -> ops().single().containsKey(point.requireKey(key)));
  }

  // ---- per-entry time to live ----

  /** Puts {@code value} with a time to live of its own ({@code null}: eternal), overriding the expiry policy. */
  public void put(K key, V value, Duration ttl) {
    run("put", key, () -> {
      checked(key, value);
      ops().single().put(key, value, Ttls.toStore(ttl));
      return null;
    });
  }

  /**
   * Puts {@code value} with a time to live of its own only if no live entry exists ({@code putIfAbsent}).
   *
   * @return whether it was added
   */
  public boolean add(K key, V value, Duration ttl) {
    return run("add", key, () -> {
      checked(key, value);
      return ops().single().putIfAbsent(key, value, Ttls.toStore(ttl));
    });
  }

  /**
   * Gives a live entry a new time to live from now; {@code null} removes its expiry, zero removes the entry.
   *
   * @return whether a live entry existed
   */
  public boolean touch(K key, Duration ttl) {
    return run("touch", key, () -> {
      point.requireKey(key);
      long storeTtl = Ttls.toStore(ttl);
      point.ensureOpen();
      return ops().extended().touch(key, storeTtl);
    });
  }

  /**
   * How long the entry for {@code key} has left: {@link TimeToLive#ABSENT}, {@link TimeToLive#ETERNAL}, or
   * {@link TimeToLive.Expiring}.
   *
   * @throws UnsupportedOperationException if the store cannot tell
   */
  public TimeToLive ttl(K key) {
    return run("ttl", key, () -> {
      point.requireKey(key);
      return Keyspace.ttl(ops().store(), key, point.cache().getName());
    });
  }

  // ---- counters ----

  /** {@code incr(key, 1)}. */
  public long incr(K key) {
    return incr(key, 1L);
  }

  /**
   * Adds {@code delta} to the number stored under {@code key}, atomically (across JVMs on a shared store), and
   * returns the sum. A missing entry starts at {@code delta}, with the policy's creation expiry; an existing one
   * keeps its expiry and its number type (a floating-point sum is returned truncated: use
   * {@link #incr(Object, double)} for those).
   *
   * @throws ClassCastException if the stored value is not a number, or the cache cannot hold integers; nothing
   *     changes
   * @throws ArithmeticException if the sum does not fit; nothing changes
   */
  public long incr(K key, long delta) {
    return run("incr", key, () -> {
      point.requireKey(key);
      return counters.add(ops(), key, delta);
    });
  }

  /** {@code incr(key, -delta)}. */
  public long decr(K key, long delta) {
    if (delta == Long.MIN_VALUE) {
      throw new IllegalArgumentException("delta cannot be negated: " + delta);
    }
    return incr(key, -delta);
  }

  /**
   * Adds a floating-point {@code delta}; as {@link #incr(Object, long)}, and stored integers become
   * {@code Double}s.
   *
   * @throws ClassCastException if the stored value is not a number, or the cache holds integer values
   * @throws IllegalArgumentException if {@code delta} is not finite
   */
  public double incr(K key, double delta) {
    return run("incr", key, () -> {
      point.requireKey(key);
      if (!Double.isFinite(delta)) {
        throw new IllegalArgumentException("delta must be finite: " + delta);
      }
      return counters.add(ops(), key, delta);
    });
  }

  /** {@code incr(key, -delta)}. */
  public double decr(K key, double delta) {
    return incr(key, -delta);
  }

  // ---- versions ----

  /**
   * Moves the entry for {@code key} from this view's version to the next one, keeping its remaining time to live;
   * an entry already there is replaced. Not a write or removal for the writer or listeners: the value does not
   * change, only the version it is stored under. Not atomic: a reader may briefly see it in both versions.
   *
   * @return whether there was an entry to move
   */
  public boolean incrVersion(K key) {
    return run("incrVersion", key, () -> {
      point.requireKey(key);
      if (version == Long.MAX_VALUE) {
        throw new IllegalStateException("key version " + version + " is the last one");
      }
      return Keyspace.move(key, ops().store(), point.operations(version + 1).store());
    });
  }

  // ---- get or set ----

  /**
   * The value of {@code key}; if there is none, {@code loader}'s value, stored with time to live {@code ttl}
   * ({@code null}: eternal). Concurrent callers for one key in this JVM wait for one computation; on a store shared
   * by JVMs (Redis), a lease lets one JVM compute while the others wait for at most the lease time, after which
   * they compute themselves. A loader that throws stores nothing and its exception reaches every caller waiting
   * for it; a loader that returns {@code null} stores nothing and this returns {@code null}.
   *
   * @throws ClassCastException if the loader returns a value of the wrong type
   */
  public V getOrSet(K key, Function<? super K, ? extends V> loader, Duration ttl) {
    return run("getOrSet", key, () -> {
      point.requireKey(key);
      Objects.requireNonNull(loader, "loader");
      long storeTtl = Ttls.toStore(ttl);
      Operations<K, V> ops = ops();
      V cached = ops.single().get(key);
      if (cached != null) {
        return cached;
      }
      return stampede().getOrSet(ops, key, checkedLoader(loader), storeTtl, lease, lease);
    });
  }

  /** {@code loader}, with its values checked as values of this cache. */
  Function<K, V> checkedLoader(Function<? super K, ? extends V> loader) {
    return k -> {
      V value = loader.apply(k);
      return value == null ? null : point.requireValue(value);
    };
  }

  /** The stampede state of this view's key version, shared by all views of it. */
  Stampede<K, V> stampede() {
    return point.shared(new StampedeKey(version), ignored -> new Stampede<K, V>());
  }

  /** This view's lease time (see {@link #withLease}). */
  Duration lease() {
    return lease;
  }

  /** This cache's counters, for {@link AsyncExtendedCache}. */
  Counters<K, V> counters() {
    return counters;
  }

  /** What the stampede state of one key version is shared under. */
  private record StampedeKey(long version) {
  }

  // ---- bulk ----

  /** The live entries of {@code keys} ({@code getAll}), and which keys had none. */
  public Lookup<K, V> getMany(Collection<? extends K> keys) {
    return run("getMany", sizeOf(keys), () -> {
      Set<K> requested = checkedKeys(keys);
      Map<K, V> found = ops().bulk().getAll(requested);
      Set<K> missing = new LinkedHashSet<>(requested);
      missing.removeAll(found.keySet());
      Map<K, V> ordered = new LinkedHashMap<>();
      for (K key : requested) {
        V value = found.get(key);
        if (value != null) {
          ordered.put(key, value);
        }
      }
      return new Lookup<>(ordered, missing);
    });
  }

  /** Puts every entry ({@code putAll}) with one time to live of their own ({@code null}: eternal). */
  public void setMany(Map<? extends K, ? extends V> entries, Duration ttl) {
    run("setMany", sizeOf(entries == null ? null : entries.keySet()), () -> {
      Objects.requireNonNull(entries, "entries");
      entries.forEach(this::checked);
      long storeTtl = Ttls.toStore(ttl);
      ops().bulk().putAll(entries, storeTtl);
      return null;
    });
  }

  /**
   * Removes the entries of {@code keys} as {@code removeAll(keys)} does.
   *
   * @return how many existed
   */
  public long deleteMany(Collection<? extends K> keys) {
    return run("deleteMany", sizeOf(keys), () -> ops().bulk().removeAllCounting(checkedKeys(keys)));
  }

  /**
   * Removes the entries of this cache and key version whose key matches {@code glob}, and no others. The glob is
   * Redis's: {@code *}, {@code ?}, {@code [abc]}, {@code [^abc]}, {@code [a-z]}, {@code \} escaping; it must match
   * the whole key, as text ({@code toString} for keys that are not strings). Behaves as {@code removeAll(keys)} on
   * the matching keys: the writer's {@code deleteAll}, REMOVED events, removals counted. On Redis with String keys
   * and nobody observing: {@code SCAN MATCH} inside the cache's namespace and {@code UNLINK}, page by page.
   *
   * @return how many entries it removed
   * @throws IllegalArgumentException if the glob is empty or malformed
   */
  public long invalidate(String glob) {
    return run("invalidate", glob, () -> {
      Glob pattern = Glob.of(glob);
      return Keyspace.invalidate(ops(), pattern);
    });
  }

  // ---- sets ----

  /**
   * The set of values stored under {@code key}, as a live view: every call reads or changes the store. It lives
   * beside the entry of the same key, not in it; see {@link CacheSet} for the rules.
   *
   * @throws NullPointerException if {@code key} is null
   */
  public <E extends V> CacheSet<E> set(K key) {
    point.requireKey(key);
    return new CacheSet<>(this, key);
  }

  /** Runs one set operation on the store's {@link SetCapability}, as an operation of this view. */
  <T> T onSets(String operation, K key, Function<SetCapability<K, V>, T> step) {
    return run(operation, key, () -> step.apply(sets(ops())));
  }

  /** The store's sets. */
  SetCapability<K, V> sets(Operations<K, V> ops) {
    @SuppressWarnings("unchecked")
    SetCapability<K, V> sets = ops.store().capability(SetCapability.class);
    if (sets == null) {
      throw new UnsupportedOperationException("the store of cache " + point.cache().getName() + " keeps no sets");
    }
    return sets;
  }

  // ---- health ----

  /**
   * One round trip to the store's server ({@code PING} on Redis); for a store without one, one call into the
   * store.
   *
   * @return the round-trip time
   * @throws javax.cache.CacheException if the server does not answer within its timeout, or fails
   */
  public Duration ping() {
    return run("ping", point.cache().getName(), () -> Keyspace.ping(ops().store()));
  }

  // ---- plumbing ----

  /** The extension point, for {@link AsyncExtendedCache}. */
  ExtensionPoint<K, V> point() {
    return point;
  }

  /** This view's interceptors, for {@link AsyncExtendedCache}. */
  Interception interception() {
    return interception;
  }

  /** This view's timeout, or {@code null}; for {@link AsyncExtendedCache}. */
  @Nullable Duration timeout() {
    return timeout;
  }

  /** The operations on this view's version of an open cache. */
  Operations<K, V> ops() {
    point.ensureOpen();
    return point.operations(version);
  }

  /** Runs one operation between the interceptors, within this view's timeout, with store failures translated. */
  <T> T run(String operation, Object key, Supplier<T> body) {
    Supplier<T> limited = timeout == null ? body : () -> TimeLimit.run(operation, timeout, body);
    return interception.run(point.cache().getName(), operation, key == null ? "null" : key, limited);
  }

  /** Checks a key and a value before any side effect. */
  void checked(K key, V value) {
    point.requireKey(key);
    point.requireValue(value);
  }

  /** Checks every key before any side effect; the keys without duplicates, in order. */
  Set<K> checkedKeys(Collection<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    Set<K> checked = new LinkedHashSet<>();
    for (K key : keys) {
      checked.add(point.requireKey(key));
    }
    return checked;
  }

  private static Object sizeOf(@Nullable Collection<?> keys) {
    return keys == null ? "null" : keys.size() + " keys";
  }
}
