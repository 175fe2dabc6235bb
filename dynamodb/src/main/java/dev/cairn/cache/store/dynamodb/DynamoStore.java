package dev.cairn.cache.store.dynamodb;

import static dev.cairn.cache.store.dynamodb.EntryFormat.DEADLINE;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.CodecException;
import dev.cairn.cache.expiry.Clock;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.PingCapability;
import dev.cairn.cache.store.SetCapability;
import dev.cairn.cache.store.Snapshot;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreException;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.TtlCapability;
import dev.cairn.cache.store.WriteResult;
import dev.cairn.cache.store.dynamodb.EntryFormat.Stored;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A store in a DynamoDB table: one item per entry (see {@link KeySpace} for its key, {@link EntryFormat} for its
 * attributes). Every read is strongly consistent.
 *
 * <p>Round trips: {@code get}, {@code containsKey} and {@code read} are one {@code GetItem}; an unconditional write
 * whose time to live does not depend on what is there is one {@code UpdateItem} guarded by "absent or live" and
 * returning the old item; an unconditional remove is one {@code DeleteItem} returning it. Every other write or
 * remove reads, tests its {@link Condition} on what it read, and writes with a {@code ConditionExpression} on the
 * item's revision ({@code r = :seen}, or {@code attribute_not_exists} when there was none); when another client
 * changed the item in between, it reads and decides again. So every step is atomic across all processes sharing the
 * table, and a {@link Snapshot}'s stamp is the revision it read. {@code getAll} is one {@code BatchGetItem} per 100
 * keys, {@code putAll} and {@code removeAll} one {@code BatchWriteItem} per 25 (a {@code putAll} that keeps the time
 * to live of existing entries reads them first), and iteration and {@code clear} one {@code Query} per bucket and
 * page.
 *
 * <p>Deadlines are written and compared with the store's clock: the writer's clock sets {@code d}, the reader's
 * decides whether it has passed (DynamoDB's own TTL deletes days late, and has no clock in its expressions). There is
 * no change feed: expiries are not reported to the {@link dev.cairn.cache.store.StoreListener}, and listeners see
 * this JVM's changes. Items that are not in Cairn's format, or whose bytes no longer decode, read as a miss and are
 * counted in {@link #unreadableEntries()}. Thread-safe: all state is in the table.
 */
final class DynamoStore<K, V> implements Store<K, V>, TtlCapability<K>, PingCapability {

  private static final System.Logger LOG = System.getLogger(DynamoStore.class.getName());

  private final DynamoClient client;
  private final ConditionalWrites writes;
  private final KeySpace space;
  private final String cacheName;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;
  private final Clock clock;
  private final DynamoCapabilities<K, V> capabilities;
  private final DynamoSets<K, V> sets;
  private final AtomicLong unreadable = new AtomicLong();

  DynamoStore(DynamoClient client, KeySpace space, StoreSettings<K, V> settings) {
    this.client = client;
    this.writes = new ConditionalWrites(client);
    this.space = space;
    this.cacheName = settings.cacheName();
    this.keyCodec = settings.keyCodec();
    this.valueCodec = settings.valueCodec();
    this.clock = settings.clock();
    this.capabilities = new DynamoCapabilities<>(client, space, this, keyCodec, valueCodec, clock);
    this.sets = new DynamoSets<>(client, space, keyCodec, valueCodec);
  }

  /** What one read found: the stored item, and its decoded value when asked for and live. */
  private record Found<V>(Stored stored, boolean live, @Nullable V value) {
    byte @Nullable [] payload() {
      return live ? stored.payload() : null;
    }
  }

  @Override
  public @Nullable V get(K key, long touchTtl) {
    Map<String, AttributeValue> item = entry(key);
    long now = clock.millis();
    Found<V> found = find(read(item), now, true);
    if (found.live() && touchTtl != Ttl.UNCHANGED) {
      // a touch that loses a race to a concurrent write is dropped: that write set a newer time to live
      setDeadline(item, found, Ttl.deadline(now, touchTtl, found.stored().deadline()), now, touchTtl == 0);
    }
    return found.value();
  }

  /** One {@code GetItem}, stamped with the item's revision (also for an item that is dead or unreadable). */
  @Override
  public Snapshot<V> read(K key) {
    Found<V> found = find(read(entry(key)), clock.millis(), true);
    return found.stored().exists() ? new Snapshot<>(found.value(), stamp(found.stored())) : Snapshot.absent();
  }

  @Override
  public boolean containsKey(K key) {
    Map<String, AttributeValue> item = client.call(() -> client.sdk().getItem(b -> b.tableName(client.table())
        .key(entry(key)).consistentRead(true).projectionExpression(DEADLINE))).item();
    return EntryFormat.deadline(item) > clock.millis();
  }

  @Override
  public WriteResult<V> write(K key, V value, Condition condition, long ttlIfAbsent, long ttlIfPresent,
      boolean wantPrevious) {
    Map<String, AttributeValue> item = entry(key);
    byte[] payload = valueCodec.encode(value);
    checkSize(item, payload);
    if (condition instanceof Condition.Always && ttlIfAbsent != 0 && ttlIfPresent != 0
        && (ttlIfPresent == ttlIfAbsent || (ttlIfPresent == Ttl.UNCHANGED && ttlIfAbsent == Ttl.ETERNAL))) {
      long now = clock.millis();
      Map<String, AttributeValue> old = writes.overwrite(item, payload, ttlIfAbsent, ttlIfPresent == Ttl.UNCHANGED,
          now);
      if (old != null) {
        return result(true, find(EntryFormat.decode(old), now, wantPrevious));
      }
    }
    if (condition instanceof Condition.Unchanged unchanged && !"".equals(unchanged.stamp())) {
      long now = clock.millis();
      Map<String, AttributeValue> old = writes.writeIfRevision(item, payload, (String) unchanged.stamp(),
          ttlIfPresent, now);
      if (old != null) {
        return result(true, find(EntryFormat.decode(old), now, wantPrevious));
      }
    }
    while (true) {
      long now = clock.millis();
      Found<V> found = find(read(item), now, wantPrevious);
      if (!allows(condition, found)) {
        return result(false, found);
      }
      long ttl = found.live() ? ttlIfPresent : ttlIfAbsent;
      if (ttl == 0) {
        if (!found.live()) {
          return WriteResult.of(false, false);
        }
        if (writes.deleteIfUnchanged(item, found.stored())) {
          return result(true, found);
        }
        continue;
      }
      long deadline = Ttl.deadline(now, ttl, found.live() ? found.stored().deadline() : Long.MAX_VALUE);
      if (writes.putIfUnchanged(EntryFormat.item(item, payload, deadline, now), found.stored())) {
        return result(true, found);
      }
    }
  }


  @Override
  public WriteResult<V> remove(K key, Condition condition, boolean wantPrevious) {
    Map<String, AttributeValue> item = entry(key);
    if (condition instanceof Condition.Always) {
      Map<String, AttributeValue> old = client.call(() -> client.sdk().deleteItem(b -> b.tableName(client.table())
          .key(item).returnValues(ReturnValue.ALL_OLD))).attributes();
      Found<V> found = find(EntryFormat.decode(old), clock.millis(), wantPrevious);
      return result(found.live(), found);
    }
    while (true) {
      Found<V> found = find(read(item), clock.millis(), wantPrevious);
      if (!found.live() || !allows(condition, found)) {
        return result(false, found);
      }
      if (writes.deleteIfUnchanged(item, found.stored())) {
        return result(true, found);
      }
    }
  }

  @Override
  public boolean expire(K key, long ttl) {
    Map<String, AttributeValue> item = entry(key);
    while (true) {
      long now = clock.millis();
      Found<V> found = find(read(item), now, false);
      if (!found.live()) {
        return false;
      }
      if (setDeadline(item, found, Ttl.deadline(now, ttl, found.stored().deadline()), now, ttl == 0)) {
        return true;
      }
    }
  }

  /** The remaining time to live from the deadline attribute. */
  @Override
  public long remainingTtl(K key) {
    long now = clock.millis();
    Found<V> found = find(read(entry(key)), now, false);
    if (!found.live()) {
      return ABSENT;
    }
    return found.stored().deadline() == Long.MAX_VALUE ? Ttl.ETERNAL : found.stored().deadline() - now;
  }

  /** A {@code GetItem} of a key no entry has. */
  @Override
  public long ping() {
    return client.ping(space.leases());
  }

  /** The live keys, one {@code Query} per bucket and page, filtered on the deadline by the server. */
  @Override
  public Iterator<K> keys() {
    Map<String, AttributeValue> now = Map.of(":now", EntryFormat.number(clock.millis()));
    Iterator<String> buckets = space.buckets().iterator();
    return new Iterator<>() {
      private Iterator<Map<String, AttributeValue>> page = java.util.Collections.emptyIterator();
      private @Nullable K next;

      @Override
      public boolean hasNext() {
        while (next == null) {
          while (!page.hasNext()) {
            if (!buckets.hasNext()) {
              return false;
            }
            page = client.query(buckets.next(), KeySpace.SORT, DEADLINE + " > :now", now);
          }
          byte[] encoded = KeySpace.sortKey(page.next());
          try {
            next = keyCodec.decode(encoded);
          } catch (CodecException e) {
            LOG.log(System.Logger.Level.WARNING, "cache " + cacheName + ": a key in " + client.description()
                + " cannot be decoded; iteration skips it", e);
          }
        }
        return true;
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

  /** Deletes every item of every bucket, live or not, and every set, a {@code BatchWriteItem} per 25. */
  @Override
  public void clear() {
    space.buckets().forEach(client::deletePartition);
    sets.clear();
  }

  /**
   * Sets ({@link DynamoSets}), counters, leases and pattern removal ({@link DynamoCapabilities}) where the codecs
   * allow, and this class's own.
   */
  @Override
  public <T> @Nullable T capability(Class<T> type) {
    if (type == SetCapability.class) {
      return type.cast(sets);
    }
    T fast = capabilities.as(type);
    return fast != null ? fast : Store.super.capability(type);
  }

  /** The client belongs to the manager's backend, and the data stays in the table. */
  @Override
  public void close() {
  }

  /** One {@code BatchGetItem} per 100 keys. */
  @Override
  public Map<K, V> getAll(Collection<? extends K> keys) {
    Map<AttributeValue, K> bySortKey = new LinkedHashMap<>();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (K key : keys) {
      Map<String, AttributeValue> item = entry(key);
      if (bySortKey.putIfAbsent(item.get(KeySpace.SORT), key) == null) {
        items.add(item);
      }
    }
    Map<K, V> values = new HashMap<>();
    long now = clock.millis();
    for (Map<String, AttributeValue> item : client.batchGet(items, null)) {
      V value = find(EntryFormat.decode(item), now, true).value();
      if (value != null) {
        values.put(bySortKey.get(item.get(KeySpace.SORT)), value);
      }
    }
    Map<K, V> found = new LinkedHashMap<>();
    for (K key : bySortKey.values()) {
      if (values.containsKey(key)) {
        found.put(key, values.get(key));
      }
    }
    return found;
  }

  /**
   * One {@code BatchWriteItem} per 25 entries. When existing entries keep their time to live ({@link Ttl#UNCHANGED})
   * their deadlines are read first ({@code BatchGetItem}); a change of one in between is overwritten. A time to live
   * of {@code 0} takes the one-by-one path.
   */
  @Override
  public void putAll(Map<? extends K, ? extends V> entries, long ttlIfAbsent, long ttlIfPresent) {
    if (ttlIfAbsent == 0 || ttlIfPresent == 0) {
      Store.super.putAll(entries, ttlIfAbsent, ttlIfPresent);
      return;
    }
    long now = clock.millis();
    Map<AttributeValue, Long> deadlines = new HashMap<>();
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    entries.keySet().forEach(key -> keys.add(entry(key)));
    if (ttlIfPresent != ttlIfAbsent) {
      for (Map<String, AttributeValue> item : client.batchGet(keys, KeySpace.SORT + ", " + DEADLINE)) {
        long deadline = EntryFormat.deadline(item);
        if (deadline > now) {
          deadlines.put(item.get(KeySpace.SORT), deadline);
        }
      }
    }
    List<WriteRequest> puts = new ArrayList<>(entries.size());
    Iterator<Map<String, AttributeValue>> key = keys.iterator();
    for (V value : entries.values()) {
      Map<String, AttributeValue> item = key.next();
      byte[] payload = valueCodec.encode(value);
      checkSize(item, payload);
      Long current = deadlines.get(item.get(KeySpace.SORT));
      long deadline = current == null ? Ttl.deadline(now, ttlIfAbsent, Long.MAX_VALUE)
          : Ttl.deadline(now, ttlIfPresent, current);
      Map<String, AttributeValue> stored = EntryFormat.item(item, payload, deadline, now);
      puts.add(WriteRequest.builder().putRequest(put -> put.item(stored)).build());
    }
    client.batchWrite(puts);
  }

  /** One {@code BatchWriteItem} per 25 keys. */
  @Override
  public void removeAll(Collection<? extends K> keys) {
    Map<AttributeValue, WriteRequest> deletes = new LinkedHashMap<>();
    for (K key : keys) {
      Map<String, AttributeValue> item = entry(key);
      deletes.putIfAbsent(item.get(KeySpace.SORT),
          WriteRequest.builder().deleteRequest(delete -> delete.key(item)).build());
    }
    client.batchWrite(new ArrayList<>(deletes.values()));
  }

  @Override
  public long unreadableEntries() {
    return unreadable.get();
  }

  Map<String, AttributeValue> entry(K key) {
    return space.entry(keyCodec.encode(key));
  }

  private Stored read(Map<String, AttributeValue> item) {
    return EntryFormat.decode(client.call(() -> client.sdk().getItem(b -> b.tableName(client.table()).key(item)
        .consistentRead(true))).item());
  }


  /** Sets a live entry's deadline, or deletes it, if it is still as found; the revision stays. */
  private boolean setDeadline(Map<String, AttributeValue> item, Found<V> found, long deadline, long now,
      boolean delete) {
    return delete ? writes.deleteIfUnchanged(item, found.stored())
        : writes.setDeadline(item, found.stored(), deadline, now);
  }

  private static Object stamp(Stored stored) {
    return stored.revision() == null ? "" : stored.revision();
  }

  private void checkSize(Map<String, AttributeValue> item, byte[] payload) {
    int size = EntryFormat.size(item, payload);
    if (size > EntryFormat.MAX_ITEM_BYTES) {
      throw new StoreException("cache " + cacheName + ": a value of " + payload.length + " bytes (encoded) makes an "
          + "item of about " + size + " bytes, over DynamoDB's item size limit of 400 KB (" + EntryFormat.MAX_ITEM_BYTES
          + " bytes); store smaller values, or keep large ones elsewhere (such as S3) and cache a reference");
    }
  }

  private Found<V> find(Stored stored, long now, boolean decode) {
    byte[] payload = stored.payload();
    // an item without a payload is never live (its deadline reads as Long.MIN_VALUE): the first test is the second's
    if (payload == null || !stored.liveAt(now)) {
      if (stored.exists() && payload == null) {
        unreadable(null);
      }
      return new Found<>(stored, false, null);
    }
    V value = null;
    if (decode) {
      try {
        value = valueCodec.decode(payload);
      } catch (CodecException e) {
        unreadable(e);
        return new Found<>(stored, false, null);
      }
    }
    return new Found<>(stored, true, value);
  }

  private void unreadable(@Nullable CodecException cause) {
    unreadable.incrementAndGet();
    LOG.log(System.Logger.Level.WARNING, "cache " + cacheName + ": an item in " + client.description()
        + (cause == null ? " is not in Cairn's format" : " cannot be decoded") + "; it reads as a miss", cause);
  }

  /**
   * Whether {@code condition} holds for what was found: {@link Condition.Unchanged} compares the revision, value
   * conditions the encoded bytes.
   */
  private boolean allows(Condition condition, Found<V> found) {
    if (condition instanceof Condition.Unchanged unchanged) {
      return found.stored().exists() && unchanged.stamp().equals(stamp(found.stored()));
    }
    byte[] expected = condition.expectedBytes(this::encodeValue);
    if (expected != null) {
      return found.live() && Arrays.equals(expected, found.payload());
    }
    return condition.test(found.payload());
  }

  @SuppressWarnings("unchecked")
  private byte[] encodeValue(Object value) {
    return valueCodec.encode((V) value);
  }

  private static <V> WriteResult<V> result(boolean applied, Found<V> found) {
    return found.value() != null ? new WriteResult<>(applied, true, found.value())
        : WriteResult.of(applied, found.live());
  }
}
