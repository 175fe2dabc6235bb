package dev.cairn.cache.store.redis;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.UnreadableEntries;
import dev.cairn.cache.store.AsyncCapability;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Snapshot;
import dev.cairn.cache.store.TrackingCapability;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.WriteResult;
import dev.cairn.cache.store.redis.WriteCommands.Outcome;
import io.lettuce.core.GetExArgs;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The steps of a {@link RedisStore} on Lettuce's asynchronous API, for callers that must not block: the same
 * commands ({@code GET}/{@code GETEX}/{@code GETDEL}, {@code EXISTS}, {@link WriteCommands}, {@code MGET},
 * {@link WriteCommands#putAll}, {@code UNLINK}), one round trip each, and no thread waits for the answer.
 * {@link RedisStore}'s blocking steps are these, awaited. A key or value
 * that cannot be encoded throws {@code CodecException} at once; values that no longer decode read as absent, as
 * {@link UnreadableEntries} says. Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class RedisAsyncSteps<K, V> implements AsyncCapability<K, V> {

  private final RedisConnection connection;
  private final RedisClusterAsyncCommands<byte[], byte[]> redis;
  private final WriteCommands writes;
  private final KeyNamespace namespace;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;
  private final UnreadableEntries unreadable;

  RedisAsyncSteps(RedisConnection connection, KeyNamespace namespace, Codec<K> keyCodec, Codec<V> valueCodec,
      UnreadableEntries unreadable) {
    this.connection = connection;
    this.redis = connection.commands();
    this.writes = new WriteCommands(redis);
    this.namespace = namespace;
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
    this.unreadable = unreadable;
  }

  /** {@code GET}; on a touch {@code GETEX PX}, {@code GETEX PERSIST}, or {@code GETDEL} for "expired now". */
  @Override
  public CompletionStage<V> getAsync(K key, long touchTtl) {
    long ttl = WriteCommands.ttl(touchTtl);
    byte[] redisKey = redisKey(key);
    return connection.send(() -> {
      if (ttl == Ttl.UNCHANGED) {
        return redis.get(redisKey);
      } else if (ttl == 0) {
        return redis.getdel(redisKey);
      } else if (ttl == Ttl.ETERNAL) {
        return redis.getex(redisKey, GetExArgs.Builder.persist());
      }
      return redis.getex(redisKey, GetExArgs.Builder.px(ttl));
    }).thenApply(bytes -> decode(key, bytes));
  }

  /** {@code GET}, stamped with the bytes read (see {@link Snapshot}). */
  CompletionStage<Snapshot<V>> readAsync(K key) {
    byte[] redisKey = redisKey(key);
    return connection.send(() -> redis.get(redisKey))
        .thenApply(bytes -> bytes == null ? Snapshot.<V>absent() : new Snapshot<>(decode(key, bytes), bytes));
  }

  /**
   * {@code GET} and {@code PTTL}, sent back to back so that both answers come in one round trip (the connection
   * is pipelined); not atomic, which a near cache need not be: a change between them is invalidated anyway.
   */
  CompletionStage<TrackingCapability.TimedValue<V>> getTimedAsync(K key) {
    byte[] redisKey = redisKey(key);
    CompletionStage<byte[]> value = connection.send(() -> redis.get(redisKey));
    CompletionStage<Long> ttl = connection.send(() -> redis.pttl(redisKey));
    return value.thenCombine(ttl, (bytes, millis) -> {
      // PTTL: -2 absent (it went between the two commands), -1 no expiry
      if (bytes == null || millis == -2) {
        return null;
      }
      V decoded = decode(key, bytes);
      return decoded == null ? null
          : new TrackingCapability.TimedValue<>(decoded, bytes, millis == -1 ? Ttl.ETERNAL : Math.max(0, millis));
    });
  }

  /**
   * One {@code MGET} and a {@code PTTL} per key, sent back to back (the connection is pipelined, so all answers come
   * in one round trip); as {@link #getTimedAsync}, not atomic.
   *
   * @return the live, readable entries found
   */
  CompletionStage<Map<K, TrackingCapability.TimedValue<V>>> getAllTimedAsync(Collection<? extends K> keys) {
    List<K> requested = new ArrayList<>(keys);
    if (requested.isEmpty()) {
      return CompletableFuture.completedFuture(new HashMap<>());
    }
    byte[][] redisKeys = redisKeys(requested);
    return connection.send(() -> {
      CompletableFuture<List<KeyValue<byte[], byte[]>>> values = redis.mget(redisKeys).toCompletableFuture();
      List<CompletableFuture<Long>> ttls = new ArrayList<>(redisKeys.length);
      for (byte[] redisKey : redisKeys) {
        // a PTTL that failed while the MGET answered: the value is returned, with no time to keep it for
        ttls.add(redis.pttl(redisKey).toCompletableFuture().exceptionally(failure -> 0L));
      }
      return values.thenCombine(CompletableFuture.allOf(ttls.toArray(CompletableFuture[]::new)), (found, done) -> {
        Map<K, TrackingCapability.TimedValue<V>> timed = new HashMap<>(requested.size() * 4 / 3 + 1);
        for (int i = 0; i < requested.size(); i++) {
          KeyValue<byte[], byte[]> value = found.get(i);
          long millis = ttls.get(i).join();
          if (!value.hasValue() || millis == -2) {
            continue;
          }
          K key = requested.get(i);
          V decoded = decode(key, value.getValue());
          if (decoded != null) {
            timed.put(key, new TrackingCapability.TimedValue<>(decoded, value.getValue(),
                millis == -1 ? Ttl.ETERNAL : Math.max(0, millis)));
          }
        }
        return timed;
      });
    });
  }

  /** {@code EXISTS}. */
  @Override
  public CompletionStage<Boolean> containsKeyAsync(K key) {
    byte[] redisKey = redisKey(key);
    return connection.send(() -> redis.exists(redisKey)).thenApply(count -> count > 0);
  }

  /** One command: see {@link WriteCommands#write}. */
  @Override
  public CompletionStage<WriteResult<V>> writeAsync(K key, V value, Condition condition, long ttlIfAbsent,
      long ttlIfPresent, boolean wantPrevious) {
    byte[] redisKey = redisKey(key);
    byte[] bytes = valueCodec.encode(value);
    byte[] expected = expected(condition);
    return connection.send(
        () -> writes.write(redisKey, bytes, condition, expected, ttlIfAbsent, ttlIfPresent, wantPrevious))
        .thenApply(outcome -> result(key, outcome, wantPrevious));
  }

  /** One command: see {@link WriteCommands#remove}. */
  @Override
  public CompletionStage<WriteResult<V>> removeAsync(K key, Condition condition, boolean wantPrevious) {
    byte[] redisKey = redisKey(key);
    byte[] expected = expected(condition);
    return connection.send(() -> writes.remove(redisKey, condition, expected, wantPrevious))
        .thenApply(outcome -> result(key, outcome, wantPrevious));
  }

  /** One command: see {@link WriteCommands#expire}. */
  @Override
  public CompletionStage<Boolean> expireAsync(K key, long ttl) {
    byte[] redisKey = redisKey(key);
    return connection.send(() -> writes.expire(redisKey, ttl));
  }

  /** One {@code MGET}; a cluster connection splits it by slot. */
  @Override
  public CompletionStage<Map<K, V>> getAllAsync(Collection<? extends K> keys) {
    List<K> requested = new ArrayList<>(keys);
    if (requested.isEmpty()) {
      return CompletableFuture.completedFuture(new LinkedHashMap<>());
    }
    byte[][] redisKeys = redisKeys(requested);
    return connection.send(() -> redis.mget(redisKeys)).thenApply(values -> {
      Map<K, V> found = new LinkedHashMap<>();
      for (int i = 0; i < requested.size(); i++) {
        KeyValue<byte[], byte[]> value = values.get(i);
        V decoded = value.hasValue() ? decode(requested.get(i), value.getValue()) : null;
        if (decoded != null) {
          found.put(requested.get(i), decoded);
        }
      }
      return found;
    });
  }

  /**
   * One script, or {@code MSET}, per batch or hash slot (see {@link WriteCommands#putAll}). Everything is encoded first, so a value that cannot be encoded writes nothing.
   */
  @Override
  public CompletionStage<Void> putAllAsync(Map<? extends K, ? extends V> entries, long ttlIfAbsent,
      long ttlIfPresent) {
    List<byte[][]> encoded = new ArrayList<>(entries.size());
    entries.forEach((key, value) -> encoded.add(new byte[][] {redisKey(key), valueCodec.encode(value)}));
    return connection.send(() -> writes.putAll(encoded, ttlIfAbsent, ttlIfPresent, connection.isCluster()));
  }

  /** One {@code UNLINK}; a cluster connection splits it by slot. */
  @Override
  public CompletionStage<Long> removeAllAsync(Collection<? extends K> keys) {
    if (keys.isEmpty()) {
      return CompletableFuture.completedFuture(0L);
    }
    byte[][] redisKeys = redisKeys(keys);
    return connection.send(() -> redis.unlink(redisKeys));
  }

  private byte[][] redisKeys(Collection<? extends K> keys) {
    byte[][] redisKeys = new byte[keys.size()][];
    int i = 0;
    for (K key : keys) {
      redisKeys[i++] = redisKey(key);
    }
    return redisKeys;
  }

  private byte[] redisKey(K key) {
    return namespace.key(keyCodec.encode(key));
  }

  @SuppressWarnings("unchecked")
  private byte @Nullable [] expected(Condition condition) {
    return condition.expectedBytes(value -> valueCodec.encode((V) value));
  }

  private WriteResult<V> result(K key, Outcome outcome, boolean wantPrevious) {
    V previous = wantPrevious ? decode(key, outcome.previous()) : null;
    return previous == null ? WriteResult.of(outcome.applied(), outcome.existed())
        : new WriteResult<>(outcome.applied(), true, previous);
  }

  /** The value of {@code bytes}; bytes that no longer decode read as absent (see {@link UnreadableEntries}). */
  @Nullable V decode(K key, byte @Nullable [] bytes) {
    return unreadable.decode(valueCodec, bytes);
  }
}
