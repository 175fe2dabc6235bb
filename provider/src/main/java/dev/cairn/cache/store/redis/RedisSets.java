package dev.cairn.cache.store.redis;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.store.SetCapability;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * The sets of one {@link RedisStore}: a native Redis set per key, under the cache's {@link KeyNamespace#sets()}
 * namespace, so that the entries' {@code GET}, {@code MGET} and {@code SCAN} never meet one. Members are the value
 * codec's bytes. Each step is one command, atomic on the server for every JVM: {@code SADD}, {@code SREM} (Redis
 * deletes a set with its last member), {@code SMEMBERS}, {@code SISMEMBER}, {@code SCARD}; a cluster routes each by
 * its key's slot.
 *
 * <p>The asynchronous steps send the command and return Lettuce's stage, completed on its I/O thread; the blocking
 * ones await them. A key or member that cannot be encoded throws the codec's exception at once, before anything is
 * sent. Thread-safe.
 *
 * @param <K> key type
 * @param <V> value (member) type
 */
final class RedisSets<K, V> implements SetCapability<K, V> {

  private final RedisConnection connection;
  private final KeyNamespace namespace;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;

  RedisSets(RedisConnection connection, KeyNamespace entries, Codec<K> keyCodec, Codec<V> valueCodec) {
    this.connection = connection;
    this.namespace = entries.sets();
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
  }

  @Override
  public long add(K key, Collection<? extends V> members) {
    CompletionStage<Long> added = addAsync(key, members);
    return connection.call(() -> added);
  }

  @Override
  public long remove(K key, Collection<? extends V> members) {
    CompletionStage<Long> removed = removeAsync(key, members);
    return connection.call(() -> removed);
  }

  @Override
  public Set<V> members(K key) {
    CompletionStage<Set<V>> members = membersAsync(key);
    return connection.call(() -> members);
  }

  @Override
  public boolean contains(K key, V member) {
    CompletionStage<Boolean> contained = containsAsync(key, member);
    return connection.call(() -> contained);
  }

  @Override
  public long size(K key) {
    CompletionStage<Long> size = sizeAsync(key);
    return connection.call(() -> size);
  }

  /** {@code SADD}. */
  @Override
  public CompletionStage<Long> addAsync(K key, Collection<? extends V> members) {
    return change(key, members, (setKey, encoded) -> connection.commands().sadd(setKey, encoded));
  }

  /** {@code SREM}. */
  @Override
  public CompletionStage<Long> removeAsync(K key, Collection<? extends V> members) {
    return change(key, members, (setKey, encoded) -> connection.commands().srem(setKey, encoded));
  }

  /** Encodes everything first, then sends {@code command} unless there is no member (Redis refuses none). */
  private CompletionStage<Long> change(K key, Collection<? extends V> members,
      BiFunction<byte[], byte[][], CompletionStage<Long>> command) {
    byte[] setKey = setKey(key);
    byte[][] encoded = encode(members);
    if (encoded.length == 0) {
      return CompletableFuture.completedFuture(0L);
    }
    return connection.send(() -> command.apply(setKey, encoded));
  }

  /** {@code SMEMBERS}. */
  @Override
  public CompletionStage<Set<V>> membersAsync(K key) {
    byte[] setKey = setKey(key);
    return connection.send(() -> connection.commands().smembers(setKey)).thenApply(found -> {
      Set<V> members = new LinkedHashSet<>();
      found.forEach(member -> members.add(valueCodec.decode(member)));
      return members;
    });
  }

  /** {@code SISMEMBER}. */
  @Override
  public CompletionStage<Boolean> containsAsync(K key, V member) {
    byte[] setKey = setKey(key);
    byte[] encoded = valueCodec.encode(Objects.requireNonNull(member, "member"));
    return connection.send(() -> connection.commands().sismember(setKey, encoded));
  }

  /** {@code SCARD}. */
  @Override
  public CompletionStage<Long> sizeAsync(K key) {
    byte[] setKey = setKey(key);
    return connection.send(() -> connection.commands().scard(setKey));
  }

  private byte[] setKey(K key) {
    return namespace.key(keyCodec.encode(key));
  }

  private byte[][] encode(Collection<? extends V> members) {
    byte[][] encoded = new byte[members.size()][];
    int i = 0;
    for (V member : members) {
      encoded[i++] = valueCodec.encode(Objects.requireNonNull(member, "member"));
    }
    return encoded;
  }
}
