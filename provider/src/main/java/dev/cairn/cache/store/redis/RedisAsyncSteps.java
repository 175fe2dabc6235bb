package dev.cairn.cache.store.redis;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.CodecException;
import dev.cairn.cache.store.AsyncCapability;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.WriteResult;
import dev.cairn.cache.store.redis.WriteCommands.Outcome;
import io.lettuce.core.GetExArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

/**
 * The single-key steps of a {@link RedisStore} on Lettuce's asynchronous API, for callers that must not block: the
 * same commands ({@code GET}/{@code GETEX}/{@code GETDEL}, {@code EXISTS}, {@link WriteCommands}), one round trip
 * each, and no thread waits for the answer. {@link RedisStore}'s blocking steps are these, awaited. A key or value
 * that cannot be encoded throws {@code CodecException} at once; values that no longer decode read as absent, with a
 * warning. Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class RedisAsyncSteps<K, V> implements AsyncCapability<K, V> {

  private static final System.Logger LOG = System.getLogger(RedisAsyncSteps.class.getName());

  private final RedisConnection connection;
  private final RedisClusterAsyncCommands<byte[], byte[]> redis;
  private final WriteCommands writes;
  private final KeyNamespace namespace;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;
  private final LongAdder unreadable = new LongAdder();

  RedisAsyncSteps(RedisConnection connection, KeyNamespace namespace, Codec<K> keyCodec, Codec<V> valueCodec) {
    this.connection = connection;
    this.redis = connection.commands();
    this.writes = new WriteCommands(redis);
    this.namespace = namespace;
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
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

  private byte[] redisKey(K key) {
    return namespace.key(keyCodec.encode(key));
  }

  @SuppressWarnings("unchecked")
  private byte[] expected(Condition condition) {
    return condition instanceof Condition.ValueEquals equals ? valueCodec.encode((V) equals.expected()) : null;
  }

  private WriteResult<V> result(K key, Outcome outcome, boolean wantPrevious) {
    V previous = wantPrevious ? decode(key, outcome.previous()) : null;
    return previous == null ? WriteResult.of(outcome.applied(), outcome.existed())
        : new WriteResult<>(outcome.applied(), true, previous);
  }

  /** How many values read did not decode (see {@code Store#unreadableEntries}). */
  long unreadableEntries() {
    return unreadable.sum();
  }

  /** The value of {@code bytes}; bytes that no longer decode read as absent, with a warning, and are counted. */
  V decode(K key, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return valueCodec.decode(bytes);
    } catch (CodecException e) {
      unreadable.increment();
      LOG.log(System.Logger.Level.WARNING, "the value of key " + key + " under " + namespace + " in Redis at "
          + connection.description() + " cannot be decoded; it reads as absent", e);
      return null;
    }
  }
}
