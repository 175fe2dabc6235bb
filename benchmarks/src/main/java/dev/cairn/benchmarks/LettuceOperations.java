package dev.cairn.benchmarks;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operations as a hand-written Lettuce client would do them, with no cache layer: the ceiling for any cache
 * kept in Redis. One multiplexed connection (as Cairn's Redis store has), keys as UTF-8 with no prefix, values as
 * their raw bytes (strings in UTF-8).
 *
 * <ul>
 *   <li>get: {@code GET}; put: {@code SET}; containsKey: {@code EXISTS}; remove: {@code DEL};</li>
 *   <li>getAll: one {@code MGET}, made into a map as JCache's {@code getAll} returns one; putAll: one
 *       {@code MSET};</li>
 *   <li>increment: the same contract as an entry processor (client-side code, atomic against other writers):
 *       {@code GET}, compute, then a compare-and-set script ({@code EVALSHA}) that writes only if the value is still
 *       the one read, retried on conflict. Two round trips, the fewest a client-side read-modify-write can take.
 *       ({@code INCRBY} would be one, but runs no client code, so it is not the same operation.)</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
final class LettuceOperations implements CacheOperations {

  private static final String COMPARE_AND_SET = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        redis.call('SET', KEYS[1], ARGV[2])
        return 1
      end
      return 0""";

  private final ValueKind kind;
  private final RedisClient client;
  private final StatefulRedisConnection<String, Object> connection;
  private final RedisCommands<String, Object> redis;
  private final String compareAndSet;

  LettuceOperations(String uri, ValueKind kind) {
    this.kind = kind;
    this.client = RedisClient.create(uri);
    this.connection = client.connect(new ValueCodec(kind));
    this.redis = connection.sync();
    this.compareAndSet = redis.scriptLoad(COMPARE_AND_SET);
  }

  @Override
  public Object get(String key) {
    return redis.get(key);
  }

  @Override
  public void put(String key, Object value) {
    redis.set(key, value);
  }

  @Override
  public boolean containsKey(String key) {
    return redis.exists(key) > 0;
  }

  @Override
  public Map<String, Object> getAll(Set<String> keys) {
    List<KeyValue<String, Object>> values = redis.mget(keys.toArray(new String[0]));
    Map<String, Object> found = new LinkedHashMap<>();
    for (KeyValue<String, Object> value : values) {
      if (value.hasValue()) {
        found.put(value.getKey(), value.getValue());
      }
    }
    return found;
  }

  @Override
  public void putAll(Map<String, Object> entries) {
    redis.mset(entries);
  }

  @Override
  public void increment(String key) {
    while (true) {
      Object current = redis.get(key);
      Object next = kind.increment(current);
      boolean applied = current == null
          ? redis.set(key, next, SetArgs.Builder.nx()) != null
          : redis.<Long>evalsha(compareAndSet, ScriptOutputType.INTEGER, new String[] {key}, current, next) == 1;
      if (applied) {
        return;
      }
    }
  }

  @Override
  public boolean remove(String key) {
    return redis.del(key) > 0;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  /** UTF-8 keys; values as the raw bytes of their {@link ValueKind}. */
  private record ValueCodec(ValueKind kind) implements RedisCodec<String, Object> {

    @Override
    public String decodeKey(ByteBuffer bytes) {
      return StringCodec.UTF8.decodeKey(bytes);
    }

    @Override
    public Object decodeValue(ByteBuffer bytes) {
      if (kind == ValueKind.STRING) {
        return StringCodec.UTF8.decodeValue(bytes);
      }
      byte[] copy = new byte[bytes.remaining()];
      bytes.get(copy);
      return copy;
    }

    @Override
    public ByteBuffer encodeKey(String key) {
      return StringCodec.UTF8.encodeKey(key);
    }

    @Override
    public ByteBuffer encodeValue(Object value) {
      return kind == ValueKind.STRING ? StringCodec.UTF8.encodeValue((String) value) : ByteBuffer.wrap((byte[]) value);
    }
  }
}
