package dev.cairn.cache.store.file;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.CodecException;
import dev.cairn.cache.codec.UnreadableEntries;
import dev.cairn.cache.expiry.Clock;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.EncodedSets;
import dev.cairn.cache.store.MemberSets;
import dev.cairn.cache.store.SetCapability;
import dev.cairn.cache.store.Snapshot;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreListener;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.TtlCapability;
import dev.cairn.cache.store.WriteResult;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * A cache's {@link Store} on the disk: encodes keys and values with the cache's codecs and hands the bytes to the
 * cache's {@link ByteTable}, which managers of the same directory in one JVM share. Each write is made durable as
 * the directory's sync mode says before it returns; batch writes share one sync.
 *
 * <p>Sets ({@link SetCapability}) are as durable as entries: a companion table ({@link SetTable}) opened with the
 * first set written, or on open when the cache has one, shared like the entries' table.
 *
 * <p>Thread-safe.
 */
final class FileStore<K, V> implements Store<K, V>, TtlCapability<K> {

  private final ByteTable table;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;
  private final UnreadableEntries unreadable;
  private final Clock clock;
  private final ByteTable.Observer observer;
  private final Runnable release;
  private final SetsHandle setsHandle;
  private final SetCapability<K, V> sets;
  /** The sets, once opened; guarded by {@code this}. */
  private @Nullable MemberSets memberSets;
  private volatile boolean closed;

  /** Opens and gives back this cache's sets on disk (see {@link DataDirectory#openSets}). */
  interface SetsHandle {
    /** The sets, or {@code null} without {@code create} when the cache never had any. */
    @Nullable MemberSets open(boolean create);

    void release();
  }

  /** Damaged records dropped in this cache's log, on open and since, and values or keys that did not decode. */
  @Override
  public long unreadableEntries() {
    return table.damagedRecords() + unreadable.count();
  }

  FileStore(ByteTable table, StoreSettings<K, V> settings, SetsHandle setsHandle, Runnable release) {
    this.table = table;
    this.setsHandle = setsHandle;
    this.sets = new EncodedSets<>(settings.keyCodec(), settings.valueCodec(), this::memberSets);
    this.keyCodec = settings.keyCodec();
    this.valueCodec = settings.valueCodec();
    this.unreadable = new UnreadableEntries(settings.cacheName(), "on disk");
    this.clock = settings.clock();
    this.release = release;
    StoreListener<K, V> listener = settings.listener();
    this.observer = new ByteTable.Observer() {
      @Override
      public void expired(byte[] key, byte @Nullable [] value) {
        try {
          listener.onExpired(keyCodec.decode(key), value == null ? null : valueCodec.decode(value));
        } catch (CodecException e) {
          // an expired entry that no longer decodes has nothing to tell a listener; it is gone either way
        }
      }

      @Override
      public void evicted(byte[] key, byte[] value) {
        K decodedKey;
        try {
          decodedKey = keyCodec.decode(key);
        } catch (CodecException e) {
          // counted all the same: an eviction happened, whatever the key decodes to
          decodedKey = null;
        }
        V decodedValue;
        try {
          decodedValue = valueCodec.decode(value);
        } catch (CodecException e) {
          decodedValue = null;
        }
        listener.onEvicted(decodedKey, decodedValue);
      }
    };
    table.addObserver(observer);
  }

  @Override
  public @Nullable V get(K key, long touchTtl) {
    ensureOpen();
    return unreadable.decode(valueCodec, table.get(keyCodec.encode(key), touchTtl, clock.millis()));
  }

  /** Stamped with the bytes read (see {@link Snapshot}). */
  @Override
  public Snapshot<V> read(K key) {
    ensureOpen();
    byte[] value = table.get(keyCodec.encode(key), Ttl.UNCHANGED, clock.millis());
    return value == null ? Snapshot.absent() : new Snapshot<>(unreadable.decode(valueCodec, value), value);
  }

  /** From the entry's deadline in the index and the store's clock. */
  @Override
  public long remainingTtl(K key) {
    ensureOpen();
    long now = clock.millis();
    long deadline = table.deadline(keyCodec.encode(key), now);
    if (deadline == 0) {
      return ABSENT;
    }
    return deadline == RecordFormat.ETERNAL ? Ttl.ETERNAL : Math.max(1, deadline - now);
  }

  @Override
  public boolean containsKey(K key) {
    ensureOpen();
    return table.contains(keyCodec.encode(key), clock.millis());
  }

  @Override
  public WriteResult<V> write(K key, V value, Condition condition, long ttlIfAbsent, long ttlIfPresent,
      boolean wantPrevious) {
    ensureOpen();
    ByteTable.Outcome outcome = table.write(keyCodec.encode(key), valueCodec.encode(value), condition,
        expected(condition), ttlIfAbsent, ttlIfPresent, wantPrevious, clock.millis());
    table.commit();
    return result(outcome);
  }

  @Override
  public WriteResult<V> remove(K key, Condition condition, boolean wantPrevious) {
    ensureOpen();
    ByteTable.Outcome outcome = table.remove(keyCodec.encode(key), condition, expected(condition), wantPrevious,
        clock.millis());
    table.commit();
    return result(outcome);
  }

  @Override
  public boolean expire(K key, long ttl) {
    ensureOpen();
    boolean existed = table.expire(keyCodec.encode(key), ttl, clock.millis());
    table.commit();
    return existed;
  }

  /** The live keys; one that does not decode is skipped, as {@link UnreadableEntries} says. */
  @Override
  public Iterator<K> keys() {
    ensureOpen();
    Iterator<byte[]> keys = table.keys(clock.millis());
    return new Iterator<>() {
      private @Nullable K next;

      @Override
      public boolean hasNext() {
        while (next == null && keys.hasNext()) {
          next = unreadable.decode(keyCodec, keys.next());
        }
        return next != null;
      }

      @Override
      public K next() {
        K key = hasNext() ? next : null;
        if (key == null) {
          throw new NoSuchElementException();
        }
        next = null;
        return key;
      }
    };
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries, long ttlIfAbsent, long ttlIfPresent) {
    ensureOpen();
    long now = clock.millis();
    entries.forEach((key, value) -> table.write(keyCodec.encode(key), valueCodec.encode(value), Condition.ANY, null,
        ttlIfAbsent, ttlIfPresent, false, now));
    table.commit();
  }

  @Override
  public void removeAll(Collection<? extends K> keys) {
    ensureOpen();
    long now = clock.millis();
    for (K key : keys) {
      table.remove(keyCodec.encode(key), Condition.ANY, null, false, now);
    }
    table.commit();
  }

  /** Entries and sets. */
  @Override
  public void clear() {
    ensureOpen();
    table.clear();
    MemberSets opened = memberSets(false);
    if (opened != null) {
      opened.clear();
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (memberSets != null) {
        setsHandle.release();
        memberSets = null;
      }
    }
    table.removeObserver(observer);
    release.run();
  }

  /** This store's {@link TtlCapability}, and its sets. */
  @Override
  public <T> @Nullable T capability(Class<T> type) {
    return type == SetCapability.class ? type.cast(sets) : Store.super.capability(type);
  }

  private synchronized @Nullable MemberSets memberSets(boolean create) {
    ensureOpen();
    if (memberSets == null) {
      memberSets = setsHandle.open(create);
    }
    return memberSets;
  }

  /** Damaged records of this cache dropped so far (on open, by reads and by compaction). */
  long damagedRecords() {
    return table.damagedRecords();
  }

  ByteTable table() {
    return table;
  }

  @SuppressWarnings("unchecked")
  private byte @Nullable [] expected(Condition condition) {
    return condition.expectedBytes(value -> valueCodec.encode((V) value));
  }

  private WriteResult<V> result(ByteTable.Outcome outcome) {
    V previous = unreadable.decode(valueCodec, outcome.previous());
    return previous == null ? WriteResult.of(outcome.applied(), outcome.existed())
        : new WriteResult<>(outcome.applied(), true, previous);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this disk store is closed");
    }
  }
}
