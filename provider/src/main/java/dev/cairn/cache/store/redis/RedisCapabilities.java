package dev.cairn.cache.store.redis;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.CodecException;
import dev.cairn.cache.codec.NumberCodec;
import dev.cairn.cache.codec.StringCodec;
import dev.cairn.cache.store.AsyncCapability;
import dev.cairn.cache.store.CounterCapability;
import dev.cairn.cache.store.LeaseCapability;
import dev.cairn.cache.store.LeaseCapability.Purpose;
import dev.cairn.cache.store.PatternCapability;
import dev.cairn.cache.store.PingCapability;
import dev.cairn.cache.store.SetCapability;
import dev.cairn.cache.store.StoreException;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.TtlCapability;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The native fast paths of one {@link RedisStore}, each one round trip: counters ({@code INCRBY},
 * {@code INCRBYFLOAT}, or one script when a new counter needs a time to live), remaining time to live
 * ({@code PTTL}), pattern removal ({@code SCAN MATCH} inside the cache's namespace and {@code UNLINK}, page by
 * page), leases ({@code SET NX PX} under {@link KeyNamespace#leases}), {@code PING}, native sets
 * ({@link RedisSets}), and the single-key steps without blocking ({@link RedisAsyncSteps}).
 *
 * <p>Counters are offered only when the value codec keeps numbers as decimal text, and pattern removal only when
 * keys are Strings (their UTF-8 bytes are what the glob sees). Every step is built on Lettuce's asynchronous API:
 * the {@code ...Async} methods return its stages, completed on its I/O thread, and the blocking ones await them.
 * Thread-safe.
 *
 * @param <K> key type
 */
final class RedisCapabilities<K> implements CounterCapability<K>, TtlCapability<K>, PatternCapability<K>,
    LeaseCapability<K>, PingCapability {

  /**
   * Adds to a counter and gives a new one its time to live. ARGV: delta, {@code int|float}, time to live in
   * milliseconds ({@code 0}: the new entry is not kept). Answers the stored text, exact even past 2^53.
   */
  private static final LuaScript ADD = new LuaScript("""
      local existed = redis.call('EXISTS', KEYS[1])
      if ARGV[2] == 'int' then
        redis.call('INCRBY', KEYS[1], ARGV[1])
      else
        redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
      end
      local value = redis.call('GET', KEYS[1])
      if existed == 0 then
        if ARGV[3] == '0' then
          redis.call('DEL', KEYS[1])
        else
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
        end
      end
      return {value}
      """);

  /** {@code INCRBYFLOAT} answering the stored text, as an array. ARGV: delta. */
  private static final LuaScript FLOAT_ADD = new LuaScript("""
      return {redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])}
      """);

  /** Replaces a value by an equal number's canonical text, unless it changed. ARGV: seen text, canonical text. */
  private static final LuaScript CANONICAL = new LuaScript("""
      if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') end
      return {1}
      """);

  /** Deletes a lease if its owner still holds it. ARGV: owner. */
  private static final LuaScript RELEASE = new LuaScript("""
      if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
      return {1}
      """);

  private final RedisConnection connection;
  private final KeyNamespace namespace;
  private final KeyNamespace computeLeases;
  private final KeyNamespace writeLeases;
  private final Codec<K> keyCodec;
  private final boolean numericValues;
  private final boolean textKeys;
  private final RedisAsyncSteps<K, ?> async;
  private final RedisSets<K, ?> sets;

  <V> RedisCapabilities(RedisConnection connection, KeyNamespace namespace, Codec<K> keyCodec,
      Codec<V> valueCodec, RedisAsyncSteps<K, V> async) {
    this.connection = connection;
    this.namespace = namespace;
    this.computeLeases = namespace.leases(Purpose.COMPUTE);
    this.writeLeases = namespace.leases(Purpose.WRITE);
    this.keyCodec = keyCodec;
    this.numericValues = keepsNumbersAsText(valueCodec);
    this.textKeys = keyCodec instanceof StringCodec;
    this.async = async;
    this.sets = new RedisSets<>(connection, namespace, keyCodec, valueCodec);
  }

  /** This object as {@code type}, if it is one and the codecs allow it; otherwise {@code null}. */
  <T> @Nullable T as(Class<T> type) {
    if (type == AsyncCapability.class) {
      return type.cast(async);
    }
    if (type == SetCapability.class) {
      return type.cast(sets);
    }
    if (!type.isInstance(this) || (type == CounterCapability.class && !numericValues)
        || (type == PatternCapability.class && !textKeys)) {
      return null;
    }
    return type.cast(this);
  }

  /** Whether the server's numeric commands can work on the bytes of {@code codec}. */
  static boolean keepsNumbersAsText(Codec<?> codec) {
    return codec instanceof NumberCodec;
  }

  /** {@code INCRBY}; one script instead when a new counter needs a time to live. */
  @Override
  public long add(K key, long delta, long ttlIfAbsent) {
    return await(addAsync(key, delta, ttlIfAbsent));
  }

  /** As {@link #add(Object, long, long)}, without waiting. */
  @Override
  public CompletionStage<Long> addAsync(K key, long delta, long ttlIfAbsent) {
    byte[] redisKey = redisKey(key);
    long ttl = WriteCommands.ttl(ttlIfAbsent);
    CompletionStage<Long> sum = ttl == Ttl.ETERNAL || ttl == Ttl.UNCHANGED
        ? connection.send(() -> connection.commands().incrby(redisKey, delta))
        : script(redisKey, Long.toString(delta), "int", ttl).thenApply(Long::parseLong);
    return translated(key, sum);
  }

  /**
   * {@code INCRBYFLOAT}, or one script when a new counter needs a time to live. Redis writes the sum in its own
   * format ({@code 3}, where Java writes {@code 3.0}); since conditional writes compare encoded bytes, a sum that
   * is not in Java's form is then rewritten to it, if no one changed it meanwhile (a second round trip, only then).
   */
  @Override
  public double add(K key, double delta, long ttlIfAbsent) {
    return await(addAsync(key, delta, ttlIfAbsent));
  }

  /** As {@link #add(Object, double, long)}, without waiting: the rewrite is sent when the sum arrives. */
  @Override
  public CompletionStage<Double> addAsync(K key, double delta, long ttlIfAbsent) {
    byte[] redisKey = redisKey(key);
    long ttl = WriteCommands.ttl(ttlIfAbsent);
    CompletionStage<String> text = ttl == Ttl.ETERNAL || ttl == Ttl.UNCHANGED
        ? connection.send(() -> FLOAT_ADD.run(connection.commands(), redisKey, ascii(Double.toString(delta))))
            .thenApply(RedisCapabilities::firstText)
        : script(redisKey, Double.toString(delta), "float", ttl);
    return translated(key, text).thenCompose(stored -> {
      double sum = Double.parseDouble(stored);
      String canonical = Double.toString(sum);
      if (canonical.equals(stored)) {
        return CompletableFuture.completedFuture(sum);
      }
      return connection.send(() -> CANONICAL.run(connection.commands(), redisKey, ascii(stored), ascii(canonical)))
          .thenApply(reply -> sum);
    });
  }

  /**
   * Runs {@link #ADD}. Redis does not undo a script's earlier commands when a later one fails, so the time to live
   * must be one {@code PEXPIRE} accepts before the script adds: the callers pass it through {@link WriteCommands#ttl},
   * which makes one past any real deadline eternal.
   */
  private CompletionStage<String> script(byte[] redisKey, String delta, String kind, long ttlIfAbsent) {
    return connection.send(() -> ADD.run(connection.commands(), redisKey, ascii(delta), ascii(kind),
        ascii(Long.toString(ttlIfAbsent)))).thenApply(RedisCapabilities::firstText);
  }

  private static String firstText(List<Object> reply) {
    return new String((byte[]) reply.get(0), StandardCharsets.US_ASCII);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code stage}, failing with the exceptions the capability promises where Redis refused a non-number. */
  private <T> CompletionStage<T> translated(K key, CompletionStage<T> stage) {
    return stage.handle((value, thrown) -> {
      if (thrown == null) {
        return CompletableFuture.completedStage(value);
      }
      Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
      return CompletableFuture.<T>failedStage(cause instanceof StoreException failure ? translate(key, failure) : cause);
    }).thenCompose(next -> next);
  }

  /** Redis's refusals of a non-numeric value or an overflow, as the exceptions the capability promises. */
  private RuntimeException translate(K key, StoreException failure) {
    String message = String.valueOf(failure.getCause() == null ? failure.getMessage() : failure.getCause().getMessage());
    if (message.contains("not an integer") || message.contains("not a valid float")) {
      return new ClassCastException("the value of key " + key + " in Redis at " + connection.description()
          + " is not a number of the kind asked for (" + message + "); nothing changed");
    }
    if (message.contains("overflow") || message.contains("would produce NaN or Infinity")) {
      return new ArithmeticException("adding to key " + key + " would overflow (" + message + "); nothing changed");
    }
    return failure;
  }

  /** Awaits a stage of this class; a {@code ClassCastException} or {@code ArithmeticException} comes out as it is. */
  private <T> T await(CompletionStage<T> stage) {
    try {
      return connection.call(() -> stage);
    } catch (StoreException e) {
      if (e.getCause() instanceof ClassCastException || e.getCause() instanceof ArithmeticException) {
        throw (RuntimeException) e.getCause();
      }
      throw e;
    }
  }

  /** {@code PTTL}. */
  @Override
  public long remainingTtl(K key) {
    return await(remainingTtlAsync(key));
  }

  /** {@code PTTL}, without waiting. */
  @Override
  public CompletionStage<Long> remainingTtlAsync(K key) {
    byte[] redisKey = redisKey(key);
    return connection.send(() -> connection.commands().pttl(redisKey)).thenApply(ttl -> {
      if (ttl == -2) {
        return ABSENT;
      }
      return ttl == -1 ? Ttl.ETERNAL : Math.max(1, ttl);
    });
  }

  /** {@code SCAN MATCH} and {@code UNLINK}, one page at a time; counts what {@code UNLINK} removed. */
  @Override
  public long removeMatching(String glob) {
    return KeyScan.unlinkAll(connection, namespace.pattern(glob));
  }

  /** As {@link #removeMatching}, a chain of commands that no thread waits for. */
  @Override
  public CompletionStage<Long> removeMatchingAsync(String glob) {
    return KeyScan.unlinkAllAsync(connection, namespace.pattern(glob));
  }

  /** {@code SCAN MATCH}, then {@code UNLINK} of the keys of each page that decode to a key {@code exact} accepts. */
  @Override
  public long removeMatching(String serverGlob, Predicate<? super K> exact) {
    return KeyScan.unlinkAll(connection, namespace.pattern(serverGlob), accepting(exact));
  }

  /** As {@link #removeMatching(String, Predicate)}, a chain of commands that no thread waits for. */
  @Override
  public CompletionStage<Long> removeMatchingAsync(String serverGlob, Predicate<? super K> exact) {
    return KeyScan.unlinkAllAsync(connection, namespace.pattern(serverGlob), accepting(exact));
  }

  /** Whether a Redis key of this namespace holds a key {@code exact} accepts; one that does not decode is kept. */
  private Predicate<byte[]> accepting(Predicate<? super K> exact) {
    return redisKey -> {
      byte[] encoded = namespace.encodedKey(redisKey);
      try {
        return encoded != null && exact.test(keyCodec.decode(encoded));
      } catch (CodecException e) {
        return false;
      }
    };
  }

  /** {@code SET NX PX}. */
  @Override
  public boolean tryLease(Purpose purpose, K key, String owner, long millis) {
    return await(tryLeaseAsync(purpose, key, owner, millis));
  }

  /** {@code SET NX PX}, without waiting. */
  @Override
  public CompletionStage<Boolean> tryLeaseAsync(Purpose purpose, K key, String owner, long millis) {
    byte[] leaseKey = leaseKey(purpose, key);
    byte[] holder = owner.getBytes(StandardCharsets.UTF_8);
    return connection.send(() -> connection.commands().set(leaseKey, holder, SetArgs.Builder.nx().px(millis)))
        .thenApply("OK"::equals);
  }

  /** One script: deletes the lease only if {@code owner} still holds it. */
  @Override
  public void releaseLease(Purpose purpose, K key, String owner) {
    await(releaseLeaseAsync(purpose, key, owner));
  }

  /** As {@link #releaseLease}, without waiting. */
  @Override
  public CompletionStage<Void> releaseLeaseAsync(Purpose purpose, K key, String owner) {
    byte[] leaseKey = leaseKey(purpose, key);
    byte[] holder = owner.getBytes(StandardCharsets.UTF_8);
    return connection.send(() -> RELEASE.run(connection.commands(), leaseKey, holder)).thenApply(reply -> null);
  }

  /** {@code GET} of the lease key. */
  @Override
  public @Nullable String leaseHolder(Purpose purpose, K key) {
    byte[] leaseKey = leaseKey(purpose, key);
    byte[] holder = await(connection.send(() -> connection.commands().get(leaseKey)));
    return holder == null ? null : new String(holder, StandardCharsets.UTF_8);
  }

  private byte[] leaseKey(Purpose purpose, K key) {
    return (purpose == Purpose.COMPUTE ? computeLeases : writeLeases).key(keyCodec.encode(key));
  }

  /** {@code PING}. */
  @Override
  public long ping() {
    return await(pingAsync());
  }

  /** {@code PING}, without waiting; the time from sending to the answer. */
  @Override
  public CompletionStage<Long> pingAsync() {
    long start = System.nanoTime();
    return connection.send(() -> connection.commands().ping()).thenApply(pong -> System.nanoTime() - start);
  }

  private byte[] redisKey(K key) {
    return namespace.key(keyCodec.encode(key));
  }
}
