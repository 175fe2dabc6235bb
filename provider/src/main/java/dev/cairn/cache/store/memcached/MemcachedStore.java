package dev.cairn.cache.store.memcached;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.CodecException;
import dev.cairn.cache.expiry.Clock;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.PingCapability;
import dev.cairn.cache.store.SetCapability;
import dev.cairn.cache.store.Snapshot;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.TtlCapability;
import dev.cairn.cache.store.WriteResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A store in memcached: one item per entry (see {@link KeySpace}), its value in {@link EntryFormat} (a deadline
 * header before the codec's bytes), its key in the cache's {@link KeyIndex}.
 *
 * <p>A read is one round trip ({@code mg v c f}). A write or remove reads, tests its {@link Condition} on the bytes
 * read, and then writes with the item's CAS unique ({@code ms C<cas>}, {@code md C<cas>}) or, when nothing is
 * stored, in add mode ({@code ms ME}); when another client changed the item in between, it reads and decides again.
 * So every step is atomic across all processes sharing the servers, and a {@link Snapshot}'s stamp is the CAS
 * unique it read. A write that creates an entry also appends its key to the index. {@code getAll} and
 * {@code removeAll} are one pipelined round trip (to all servers at once), {@code putAll} three.
 *
 * <p>Deadlines are read with the store's clock. Items that are not in Cairn's format, or whose bytes no longer decode,
 * read as a miss and are counted in {@link #unreadableEntries()}. Memcached has no notifications: there is no
 * change feed, and expiries are not reported to the {@link dev.cairn.cache.store.StoreListener}; a size bound is
 * memcached's own memory limit ({@code -m}), not {@link StoreSettings#maxEntries()}.
 *
 * <p>Capabilities: this class answers the remaining time to live (from the deadline header, exact to the
 * millisecond, where memcached's {@code mg ... t} counts seconds) and {@code ping} ({@code mn}); counters, leases and
 * pattern removal are {@link MemcachedCapabilities}, sets {@link MemcachedSets}.
 *
 * <p>Thread-safe: all state is on the servers.
 */
final class MemcachedStore<K, V> implements Store<K, V>, TtlCapability<K>, PingCapability {

  private static final System.Logger LOG = System.getLogger(MemcachedStore.class.getName());

  /** How many entries one pipelined liveness check of iteration reads. */
  private static final int PAGE = 500;

  private final MetaClient client;
  private final KeySpace space;
  private final KeyIndex index;
  private final MemcachedSets<K, V> sets;
  private final MemcachedCapabilities<K, V> capabilities;
  private final String cacheName;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;
  private final Clock clock;
  private final AtomicLong unreadable = new AtomicLong();

  MemcachedStore(MetaClient client, KeySpace space, StoreSettings<K, V> settings) {
    this.client = client;
    this.space = space;
    this.index = KeyIndex.entries(client, space);
    this.cacheName = settings.cacheName();
    this.keyCodec = settings.keyCodec();
    this.valueCodec = settings.valueCodec();
    this.clock = settings.clock();
    this.sets = new MemcachedSets<>(client, space, keyCodec, valueCodec);
    this.capabilities = new MemcachedCapabilities<>(client, space, this, keyCodec, valueCodec, clock);
  }

  /**
   * What one read found.
   *
   * @param cas the item's CAS unique, {@code 0} if there is no item
   * @param deadline the live entry's deadline
   * @param payload the live entry's codec bytes, {@code null} if there is no live, readable entry
   * @param value the decoded value, when asked for and live
   */
  private record Found<V>(long cas, long deadline, byte @Nullable [] payload, @Nullable V value) {
    boolean live() {
      return payload != null;
    }
  }

  @Override
  public @Nullable V get(K key, long touchTtl) {
    byte[] item = space.entry(keyCodec.encode(key));
    long now = clock.millis();
    Found<V> found = find(client.get(item), now, true);
    byte[] payload = found.payload();
    if (payload == null || touchTtl == Ttl.UNCHANGED) {
      return found.value();
    }
    // a touch that loses a race to a concurrent write is dropped: that write set a newer time to live
    if (touchTtl == 0) {
      client.delete(item, found.cas());
    } else {
      long deadline = Ttl.deadline(now, touchTtl, found.deadline());
      store(item, deadline, payload, now, 'S', found.cas());
    }
    return found.value();
  }

  /** {@code mg}, stamped with the item's CAS unique (also for an item that is dead or unreadable). */
  @Override
  public Snapshot<V> read(K key) {
    byte[] item = space.entry(keyCodec.encode(key));
    Found<V> found = find(client.get(item), clock.millis(), true);
    return found.cas() == 0 ? Snapshot.absent() : new Snapshot<>(found.value(), found.cas());
  }

  @Override
  public boolean containsKey(K key) {
    byte[] item = space.entry(keyCodec.encode(key));
    return find(client.get(item), clock.millis(), false).live();
  }

  @Override
  public WriteResult<V> write(K key, V value, Condition condition, long ttlIfAbsent, long ttlIfPresent,
      boolean wantPrevious) {
    byte[] encodedKey = keyCodec.encode(key);
    byte[] item = space.entry(encodedKey);
    byte[] payload = valueCodec.encode(value);
    while (true) {
      long now = clock.millis();
      Found<V> found = find(client.get(item), now, wantPrevious);
      if (!allows(condition, found)) {
        return result(false, found);
      }
      long ttl = found.live() ? ttlIfPresent : ttlIfAbsent;
      if (ttl == 0) {
        if (!found.live()) {
          return WriteResult.of(false, false);
        }
        if (client.delete(item, found.cas()).equals("HD")) {
          return result(true, found);
        }
        continue;
      }
      long deadline = Ttl.deadline(now, ttl, found.live() ? found.deadline() : Long.MAX_VALUE);
      String status = store(item, deadline, payload, now, found.cas() == 0 ? 'E' : 'S', found.cas());
      if (status.equals("HD")) {
        if (!found.live()) {
          index.add(encodedKey);
        }
        return result(true, found);
      }
    }
  }

  @Override
  public WriteResult<V> remove(K key, Condition condition, boolean wantPrevious) {
    byte[] item = space.entry(keyCodec.encode(key));
    while (true) {
      Found<V> found = find(client.get(item), clock.millis(), wantPrevious);
      if (!found.live() || !allows(condition, found)) {
        return result(false, found);
      }
      if (client.delete(item, found.cas()).equals("HD")) {
        return result(true, found);
      }
    }
  }

  @Override
  public boolean expire(K key, long ttl) {
    byte[] item = space.entry(keyCodec.encode(key));
    while (true) {
      long now = clock.millis();
      Found<V> found = find(client.get(item), now, false);
      byte[] payload = found.payload();
      if (payload == null) {
        return false;
      }
      String status;
      if (ttl == 0) {
        status = client.delete(item, found.cas());
      } else {
        long deadline = Ttl.deadline(now, ttl, found.deadline());
        status = store(item, deadline, payload, now, 'S', found.cas());
      }
      if (status.equals("HD")) {
        return true;
      }
    }
  }

  /** The remaining time to live from the deadline header. */
  @Override
  public long remainingTtl(K key) {
    byte[] item = space.entry(keyCodec.encode(key));
    long now = clock.millis();
    Found<V> found = find(client.get(item), now, false);
    if (!found.live()) {
      return ABSENT;
    }
    return found.deadline() == Long.MAX_VALUE ? Ttl.ETERNAL : found.deadline() - now;
  }

  /** {@code mn} to every server. */
  @Override
  public long ping() {
    return client.ping();
  }

  /**
   * The index's keys that are still live, bucket by bucket: one pipelined read of all buckets, then one pipelined
   * read per page of a bucket's entries. A bucket with many dead keys is compacted on the way.
   */
  @Override
  public Iterator<K> keys() {
    Iterator<KeyIndex.Bucket> buckets = index.buckets().iterator();
    return new Iterator<>() {
      private Iterator<K> page = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!page.hasNext()) {
          if (!buckets.hasNext()) {
            return false;
          }
          page = liveKeys(buckets.next()).iterator();
        }
        return true;
      }

      @Override
      public K next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.next();
      }
    };
  }

  private List<K> liveKeys(KeyIndex.Bucket bucket) {
    List<byte[]> live = new ArrayList<>();
    List<byte[]> keys = bucket.keys();
    long now = clock.millis();
    for (int start = 0; start < keys.size(); start += PAGE) {
      List<byte[]> page = keys.subList(start, Math.min(keys.size(), start + PAGE));
      MetaReply[] found = client.getMany(page.stream().map(space::entry).toList());
      for (int i = 0; i < page.size(); i++) {
        MetaReply reply = found[i];
        EntryFormat.Stored stored = reply == null ? null : EntryFormat.decode(reply);
        if (stored != null && stored.liveAt(now)) {
          live.add(page.get(i));
        }
      }
    }
    if (keys.size() - live.size() > live.size() + 64) {
      index.compact(bucket, live);
    }
    List<K> decoded = new ArrayList<>(live.size());
    for (byte[] key : live) {
      try {
        decoded.add(keyCodec.decode(key));
      } catch (CodecException e) {
        LOG.log(System.Logger.Level.WARNING, "cache " + cacheName + ": a key in memcached at "
            + client.description() + " cannot be decoded; iteration skips it", e);
      }
    }
    return decoded;
  }

  /** Deletes the entries and the sets their key indexes list, bucket by bucket; see {@link KeyIndex#clear}. */
  @Override
  public void clear() {
    index.clear();
    sets.clear();
  }

  /** Sets, the fast paths of {@link MemcachedCapabilities} this store's codecs allow, and this class's own. */
  @Override
  public <T> @Nullable T capability(Class<T> type) {
    if (type == SetCapability.class) {
      return type.cast(sets);
    }
    T fast = capabilities.as(type);
    return fast != null ? fast : Store.super.capability(type);
  }

  /** The connections belong to the manager's backend, and the data stays on the servers. */
  @Override
  public void close() {
  }

  /** One pipelined {@code mg} per server. */
  @Override
  public Map<K, V> getAll(Collection<? extends K> keys) {
    List<K> wanted = new ArrayList<>(keys);
    List<byte[]> items = new ArrayList<>(wanted.size());
    for (K key : wanted) {
      items.add(space.entry(keyCodec.encode(key)));
    }
    MetaReply[] replies = client.getMany(items);
    Map<K, V> found = new LinkedHashMap<>(wanted.size() * 4 / 3 + 1);
    long now = clock.millis();
    for (int i = 0; i < replies.length; i++) {
      MetaReply reply = replies[i];
      if (reply != null) {
        V value = find(reply, now, true).value();
        if (value != null) {
          found.put(wanted.get(i), value);
        }
      }
    }
    return found;
  }

  /**
   * Three pipelined round trips, whatever the number of entries: a read of every entry (its CAS, and
   * whether it is live), the writes guarded by what was read ({@code ms C<cas>}, {@code ms ME} for a new entry,
   * {@code md C<cas>} where the time to live for a replaced entry is {@code 0}), then the key index's appends for
   * the created entries. A write that lost a race to another client is done again on its own, as {@link #write}.
   */
  @Override
  public void putAll(Map<? extends K, ? extends V> entries, long ttlIfAbsent, long ttlIfPresent) {
    int size = entries.size();
    List<K> keys = new ArrayList<>(size);
    List<V> values = new ArrayList<>(size);
    List<byte[]> encodedKeys = new ArrayList<>(size);
    List<byte[]> items = new ArrayList<>(size);
    entries.forEach((key, value) -> {
      byte[] encodedKey = keyCodec.encode(key);
      keys.add(key);
      values.add(value);
      encodedKeys.add(encodedKey);
      items.add(space.entry(encodedKey));
    });
    MetaReply[] current = client.getMany(items);
    long now = clock.millis();
    List<MetaClient.Write> writes = new ArrayList<>(size);
    int[] entryOf = new int[size];
    boolean[] creates = new boolean[size];
    for (int i = 0; i < size; i++) {
      MetaReply reply = current[i];
      Found<V> found = reply == null ? absent() : find(reply, now, false);
      long ttl = found.live() ? ttlIfPresent : ttlIfAbsent;
      if (ttl == 0) {
        if (found.live()) {
          entryOf[writes.size()] = i;
          writes.add(MetaClient.Write.delete(items.get(i), found.cas()));
        }
        continue;
      }
      long deadline = Ttl.deadline(now, ttl, found.live() ? found.deadline() : Long.MAX_VALUE);
      EntryFormat.Item stored = EntryFormat.encode(deadline, valueCodec.encode(values.get(i)));
      entryOf[writes.size()] = i;
      creates[i] = !found.live();
      writes.add(new MetaClient.Write(items.get(i), stored.data(), stored.flags(),
          EntryFormat.exptime(deadline, now), found.cas() == 0 ? 'E' : 'S', found.cas()));
    }
    Set<Integer> raced;
    try {
      raced = client.writeMany(writes).keySet();
    } catch (RuntimeException e) {
      // some writes may have been applied (one server answered, the next did not): list every entry that may have
      // been created, so that none escapes iteration and clear; a key listed in vain is dropped by readers
      List<byte[]> mayExist = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        if (creates[i]) {
          mayExist.add(encodedKeys.get(i));
        }
      }
      try {
        index.addAll(mayExist);
      } catch (RuntimeException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
    List<byte[]> created = new ArrayList<>();
    for (int w = 0; w < writes.size(); w++) {
      int i = entryOf[w];
      if (creates[i] && !raced.contains(w)) {
        created.add(encodedKeys.get(i));
      }
    }
    if (!created.isEmpty()) {
      index.addAll(created);
    }
    for (int w : raced) {
      int i = entryOf[w];
      write(keys.get(i), values.get(i), Condition.ANY, ttlIfAbsent, ttlIfPresent, false);
    }
  }

  /** One pipelined {@code md} per server. */
  @Override
  public void removeAll(Collection<? extends K> keys) {
    List<byte[]> items = new ArrayList<>(keys.size());
    for (K key : keys) {
      items.add(space.entry(keyCodec.encode(key)));
    }
    client.deleteMany(items);
  }

  /** {@code ms} of an entry that dies at {@code deadline}, in {@code mode}, guarded by {@code cas} if not 0. */
  private String store(byte[] item, long deadline, byte[] payload, long now, char mode, long cas) {
    EntryFormat.Item stored = EntryFormat.encode(deadline, payload);
    return client.set(item, stored.data(), stored.flags(), EntryFormat.exptime(deadline, now), mode, cas);
  }

  @Override
  public long unreadableEntries() {
    return unreadable.get();
  }

  private static <V> Found<V> absent() {
    return new Found<>(0, 0, null, null);
  }

  private Found<V> find(MetaReply reply, long now, boolean decode) {
    if (!reply.is("VA")) {
      return absent();
    }
    EntryFormat.Stored stored = EntryFormat.decode(reply);
    if (stored == null) {
      return unreadable(reply.cas(), null);
    }
    if (!stored.liveAt(now)) {
      return new Found<>(stored.cas(), 0, null, null);
    }
    V value = null;
    if (decode) {
      try {
        value = valueCodec.decode(stored.payload());
      } catch (CodecException e) {
        return unreadable(stored.cas(), e);
      }
    }
    return new Found<>(stored.cas(), stored.deadline(), stored.payload(), value);
  }

  private Found<V> unreadable(long cas, @Nullable CodecException cause) {
    unreadable.incrementAndGet();
    LOG.log(System.Logger.Level.WARNING, "cache " + cacheName + ": an item in memcached at " + client.description()
        + (cause == null ? " is not in Cairn's format" : " cannot be decoded") + "; it reads as a miss", cause);
    return new Found<>(cas, 0, null, null);
  }

  /**
   * Whether {@code condition} holds for what was found: {@link Condition.Unchanged} compares the CAS unique, value
   * conditions the encoded bytes.
   */
  private boolean allows(Condition condition, Found<V> found) {
    if (condition instanceof Condition.Unchanged unchanged) {
      return unchanged.stamp() instanceof Long cas && cas == found.cas();
    }
    byte[] expected = condition.expectedBytes(value -> encodeValue(value));
    if (expected != null) {
      return found.live() && Arrays.equals(expected, found.payload());
    }
    return condition.test(found.live() ? found.payload() : null);
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
