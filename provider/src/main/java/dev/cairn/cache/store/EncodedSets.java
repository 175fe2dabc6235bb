package dev.cairn.cache.store;

import dev.cairn.cache.codec.Codec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@link SetCapability} of a store that keeps sets on the heap ({@link MemberSets}): it encodes keys and members
 * with the store's codecs, so that members compare by their bytes as on Redis, and decodes members on the way out
 * (a member that no longer decodes fails the read with the codec's exception). Every member is encoded before
 * anything changes. Thread-safe.
 *
 * @param <K> key type
 * @param <V> value (member) type
 */
public final class EncodedSets<K, V> implements SetCapability<K, V> {

  /** Where the sets are: {@code null} while a store that opens them lazily has none and {@code create} is false. */
  @FunctionalInterface
  public interface Source {
    @Nullable MemberSets sets(boolean create);
  }

  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;
  private final Source source;

  public EncodedSets(Codec<K> keyCodec, Codec<V> valueCodec, Source source) {
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
    this.source = source;
  }

  @Override
  public long add(K key, Collection<? extends V> members) {
    List<byte[]> encoded = encode(members);
    return encoded.isEmpty() ? 0
        : Objects.requireNonNull(source.sets(true), "sets asked to create").add(keyCodec.encode(key), encoded);
  }

  @Override
  public long remove(K key, Collection<? extends V> members) {
    List<byte[]> encoded = encode(members);
    MemberSets sets = source.sets(false);
    return sets == null ? 0 : sets.remove(keyCodec.encode(key), encoded);
  }

  @Override
  public Set<V> members(K key) {
    MemberSets sets = source.sets(false);
    Set<V> members = new LinkedHashSet<>();
    if (sets != null) {
      sets.members(keyCodec.encode(key)).forEach(member -> members.add(valueCodec.decode(member)));
    }
    return members;
  }

  @Override
  public boolean contains(K key, V member) {
    byte[] encoded = valueCodec.encode(Objects.requireNonNull(member, "member"));
    MemberSets sets = source.sets(false);
    return sets != null && sets.contains(keyCodec.encode(key), encoded);
  }

  @Override
  public long size(K key) {
    MemberSets sets = source.sets(false);
    return sets == null ? 0 : sets.size(keyCodec.encode(key));
  }

  private List<byte[]> encode(Collection<? extends V> members) {
    List<byte[]> encoded = new ArrayList<>(members.size());
    for (V member : members) {
      encoded.add(valueCodec.encode(Objects.requireNonNull(member, "member")));
    }
    return encoded;
  }
}
