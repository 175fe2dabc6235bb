package dev.cairn.cache.store.memcached;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.store.SetCapability;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The sets of one memcached store: one item per set ({@link KeySpace#set}), holding its encoded members as
 * {@link AppendedRecords}, and the sets' own {@link KeyIndex} so that {@code clear} and {@code destroyCache} find them.
 * Memcached has no set type, so a change reads the item ({@code mg v c}), changes the member list here and writes
 * it back with the item's CAS ({@code ms C<cas>}, {@code ms ME} for a new set, {@code md C<cas>} for an emptied one),
 * reading again when another client changed it in between: atomic across processes, two round trips, and the whole
 * set travels each time. A set holds at most memcached's item size (1 MiB by default). Sets have no time to live.
 *
 * <p>Thread-safe: all state is on the servers.
 *
 * @param <K> key type
 * @param <V> value (member) type
 */
final class MemcachedSets<K, V> implements SetCapability<K, V> {

  private final MetaClient client;
  private final KeySpace space;
  private final KeyIndex index;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;

  MemcachedSets(MetaClient client, KeySpace space, Codec<K> keyCodec, Codec<V> valueCodec) {
    this.client = client;
    this.space = space;
    this.index = KeyIndex.sets(client, space);
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
  }

  /** Removes every set of the store, with its index. */
  void clear() {
    index.clear();
  }

  @Override
  public long add(K key, Collection<? extends V> members) {
    List<ByteBuffer> added = encode(members);
    if (added.isEmpty()) {
      return 0;
    }
    byte[] encodedKey = keyCodec.encode(key);
    byte[] item = space.set(encodedKey);
    while (true) {
      MetaReply reply = client.get(item);
      Set<ByteBuffer> set = members(reply);
      int before = set.size();
      set.addAll(added);
      if (set.size() == before) {
        return 0;
      }
      boolean created = !reply.is("VA");
      if (client.set(item, data(set), 0, 0, created ? 'E' : 'S', reply.cas()).equals("HD")) {
        if (created) {
          index.add(encodedKey);
        }
        return (long) set.size() - before;
      }
    }
  }

  @Override
  public long remove(K key, Collection<? extends V> members) {
    List<ByteBuffer> removed = encode(members);
    byte[] item = space.set(keyCodec.encode(key));
    while (true) {
      MetaReply reply = client.get(item);
      if (!reply.is("VA")) {
        return 0;
      }
      Set<ByteBuffer> set = members(reply);
      int before = set.size();
      set.removeAll(removed);
      if (set.size() == before) {
        return 0;
      }
      String status = set.isEmpty() ? client.delete(item, reply.cas())
          : client.set(item, data(set), 0, 0, 'S', reply.cas());
      if (status.equals("HD")) {
        return (long) before - set.size();
      }
    }
  }

  @Override
  @SuppressWarnings("ByteBufferBackingArray") // each member wraps a whole array: see members(MetaReply), encode()
  public Set<V> members(K key) {
    Set<V> members = new LinkedHashSet<>();
    for (ByteBuffer member : read(key)) {
      members.add(valueCodec.decode(member.array()));
    }
    return members;
  }

  @Override
  public boolean contains(K key, V member) {
    byte[] encoded = valueCodec.encode(Objects.requireNonNull(member, "member"));
    return read(key).contains(ByteBuffer.wrap(encoded));
  }

  @Override
  public long size(K key) {
    return read(key).size();
  }

  private Set<ByteBuffer> read(K key) {
    return members(client.get(space.set(keyCodec.encode(key))));
  }

  private static Set<ByteBuffer> members(MetaReply reply) {
    Set<ByteBuffer> members = new LinkedHashSet<>();
    if (reply.is("VA")) {
      AppendedRecords.records(reply.data()).forEach(member -> members.add(ByteBuffer.wrap(member)));
    }
    return members;
  }

  @SuppressWarnings("ByteBufferBackingArray") // as members(K)
  private static byte[] data(Set<ByteBuffer> members) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    members.forEach(member -> data.writeBytes(AppendedRecords.record(member.array())));
    return data.toByteArray();
  }

  /** Every member encoded before anything changes; a member the codec refuses fails the call. */
  private List<ByteBuffer> encode(Collection<? extends V> members) {
    List<ByteBuffer> encoded = new ArrayList<>(members.size());
    for (V member : members) {
      encoded.add(ByteBuffer.wrap(valueCodec.encode(Objects.requireNonNull(member, "member"))));
    }
    return encoded;
  }
}
