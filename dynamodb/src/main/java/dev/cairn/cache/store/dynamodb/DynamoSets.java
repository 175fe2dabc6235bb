package dev.cairn.cache.store.dynamodb;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.store.SetCapability;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The sets of one {@link DynamoStore}: one item per set in the partition {@link KeySpace#sets}, its members a
 * DynamoDB binary set ({@code BS}) in attribute {@code m}, changed by {@code UpdateItem ADD} and {@code DELETE}, each
 * one atomic round trip returning the old members so that the counts are exact. DynamoDB drops the attribute with
 * its last member, and an item without it reads as an empty set. A set is bounded by the 400 KB item limit. Members
 * are the value codec's bytes, so two members are the same when their bytes are. Thread-safe.
 *
 * @param <K> key type
 * @param <V> value (member) type
 */
final class DynamoSets<K, V> implements SetCapability<K, V> {

  private static final String MEMBERS = "m";

  private final DynamoClient client;
  private final KeySpace space;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;

  DynamoSets(DynamoClient client, KeySpace space, Codec<K> keyCodec, Codec<V> valueCodec) {
    this.client = client;
    this.space = space;
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
  }

  @Override
  public long add(K key, Collection<? extends V> members) {
    Set<ByteBuffer> encoded = encode(members);
    if (encoded.isEmpty()) {
      return 0;
    }
    Set<ByteBuffer> before = change("ADD", key, encoded);
    return encoded.stream().filter(member -> !before.contains(member)).count();
  }

  @Override
  public long remove(K key, Collection<? extends V> members) {
    Set<ByteBuffer> encoded = encode(members);
    if (encoded.isEmpty()) {
      return 0;
    }
    Set<ByteBuffer> before = change("DELETE", key, encoded);
    return encoded.stream().filter(before::contains).count();
  }

  @Override
  public Set<V> members(K key) {
    Set<V> members = new LinkedHashSet<>();
    for (ByteBuffer member : read(key)) {
      members.add(valueCodec.decode(bytes(member)));
    }
    return members;
  }

  @Override
  public boolean contains(K key, V member) {
    return read(key).contains(ByteBuffer.wrap(valueCodec.encode(Objects.requireNonNull(member, "member"))));
  }

  @Override
  public long size(K key) {
    return read(key).size();
  }

  /** Deletes every set of the cache. */
  void clear() {
    client.deletePartition(space.sets());
  }

  /** {@code ADD} or {@code DELETE} of {@code members}; the members before. */
  private Set<ByteBuffer> change(String action, K key, Set<ByteBuffer> members) {
    List<SdkBytes> values = new ArrayList<>(members.size());
    members.forEach(member -> values.add(SdkBytes.fromByteArray(bytes(member))));
    Map<String, AttributeValue> old = client.call(() -> client.sdk().updateItem(b -> b.tableName(client.table())
        .key(space.set(keyCodec.encode(key))).updateExpression(action + " " + MEMBERS + " :members")
        .expressionAttributeValues(Map.of(":members", AttributeValue.fromBs(values)))
        .returnValues(ReturnValue.ALL_OLD))).attributes();
    return members(old);
  }

  private Set<ByteBuffer> read(K key) {
    return members(client.call(() -> client.sdk().getItem(b -> b.tableName(client.table())
        .key(space.set(keyCodec.encode(key))).consistentRead(true))).item());
  }

  private static Set<ByteBuffer> members(Map<String, AttributeValue> item) {
    Set<ByteBuffer> members = new LinkedHashSet<>();
    AttributeValue set = item == null ? null : item.get(MEMBERS);
    if (set != null && set.hasBs()) {
      set.bs().forEach(member -> members.add(ByteBuffer.wrap(member.asByteArray())));
    }
    return members;
  }

  private Set<ByteBuffer> encode(Collection<? extends V> members) {
    Set<ByteBuffer> encoded = new LinkedHashSet<>();
    for (V member : members) {
      encoded.add(ByteBuffer.wrap(valueCodec.encode(Objects.requireNonNull(member, "member"))));
    }
    return encoded;
  }

  private static byte[] bytes(ByteBuffer member) {
    byte[] bytes = new byte[member.remaining()];
    member.duplicate().get(bytes);
    return bytes;
  }
}
