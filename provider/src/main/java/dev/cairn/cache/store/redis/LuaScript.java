package dev.cairn.cache.store.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A server-side script on one key (or, for {@link #PUT_ALL}, on keys of one hash slot), for the store steps no
 * single Redis command can do atomically or in one round trip. It is sent as
 * {@code EVALSHA}; a server that does not know it yet (new, restarted, or another cluster node) answers
 * {@code NOSCRIPT}, and the script is then sent once in full with {@code EVAL}, which also caches it there.
 *
 * <p>Scripts answer with an array {@code [applied, existed]} plus the previous value as a third element when it
 * was asked for and existed: never a Lua {@code false} inside an array, whose meaning differs between RESP2 and
 * RESP3. Immutable and thread-safe.
 */
final class LuaScript {

  /**
   * A conditional write. ARGV: value, test ({@code any|absent|present|equals}), expected value, time to live if
   * absent, time to live if present, want previous ({@code 1|0}). Times to live as in {@code Ttl}: {@code -1}
   * eternal, {@code -2} unchanged ({@code KEEPTTL}; eternal for a new entry), {@code 0} expired now.
   */
  static final LuaScript WRITE = new LuaScript("""
      local current = redis.call('GET', KEYS[1])
      local exists = current ~= false
      local test = ARGV[2]
      local pass = test == 'any' or (test == 'absent' and not exists) or (test == 'present' and exists)
          or (test == 'equals' and exists and current == ARGV[3])
      local reply = {0, exists and 1 or 0}
      if exists and ARGV[6] == '1' then reply[3] = current end
      if not pass then return reply end
      local ttl = exists and ARGV[5] or ARGV[4]
      if ttl == '0' then
        if exists then
          redis.call('DEL', KEYS[1])
          reply[1] = 1
        end
        return reply
      end
      if ttl == '-1' or (ttl == '-2' and not exists) then
        redis.call('SET', KEYS[1], ARGV[1])
      elseif ttl == '-2' then
        redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
      else
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
      end
      reply[1] = 1
      return reply
      """);

  /** A conditional remove. ARGV: test ({@code any|absent|present|equals}), expected value, want previous. */
  static final LuaScript REMOVE = new LuaScript("""
      local current = redis.call('GET', KEYS[1])
      if current == false then return {0, 0} end
      local reply = {0, 1}
      if ARGV[3] == '1' then reply[3] = current end
      if ARGV[1] == 'absent' or (ARGV[1] == 'equals' and current ~= ARGV[2]) then return reply end
      redis.call('DEL', KEYS[1])
      reply[1] = 1
      return reply
      """);

  /** Removes the expiry of a key and answers whether the key exists, which {@code PERSIST} alone does not tell. */
  static final LuaScript PERSIST = new LuaScript("""
      if redis.call('EXISTS', KEYS[1]) == 0 then return {0, 0} end
      redis.call('PERSIST', KEYS[1])
      return {1, 1}
      """);

  /**
   * Unconditional writes of several keys in one round trip. KEYS: the keys, all in one hash slot on a cluster. ARGV:
   * time to live if absent, time to live if present (as in {@link #WRITE}; never {@code 0} if absent), then one value
   * per key. Answers how many keys it wrote.
   */
  static final LuaScript PUT_ALL = new LuaScript("""
      local absent, present = ARGV[1], ARGV[2]
      local keepOrNone = absent == '-1' and present == '-2'
      for i, key in ipairs(KEYS) do
        local value = ARGV[i + 2]
        local ttl = present
        if absent ~= present and not keepOrNone and redis.call('EXISTS', key) == 0 then ttl = absent end
        if ttl == '0' then
          redis.call('DEL', key)
        elseif ttl == '-1' then
          redis.call('SET', key, value)
        elseif ttl == '-2' then
          redis.call('SET', key, value, 'KEEPTTL')
        else
          redis.call('SET', key, value, 'PX', ttl)
        end
      end
      return #KEYS
      """);

  private final byte[] source;
  private final String sha1;

  LuaScript(String source) {
    this.source = source.getBytes(StandardCharsets.UTF_8);
    this.sha1 = sha1(this.source);
  }

  /** Runs the script on {@code key}; the reply is {@code [applied, existed]} or {@code [applied, existed, previous]}. */
  CompletionStage<List<Object>> run(RedisClusterAsyncCommands<byte[], byte[]> redis, byte[] key,
      byte[]... args) {
    return send(redis, ScriptOutputType.MULTI, new byte[][] {key}, args);
  }

  /** Runs the script on {@code keys} (one hash slot on a cluster); the reply is the script's integer. */
  CompletionStage<Long> runOnKeys(RedisClusterAsyncCommands<byte[], byte[]> redis, byte[][] keys, byte[]... args) {
    return send(redis, ScriptOutputType.INTEGER, keys, args);
  }

  private <T> CompletionStage<T> send(RedisClusterAsyncCommands<byte[], byte[]> redis, ScriptOutputType type,
      byte[][] keys, byte[]... args) {
    CompletionStage<T> cached = redis.evalsha(sha1, type, keys, args);
    return cached.<CompletionStage<T>>handle((reply, failure) -> {
      if (failure == null) {
        return CompletableFuture.completedStage(reply);
      }
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      if (cause instanceof RedisNoScriptException) {
        return redis.<T>eval(source, type, keys, args);
      }
      return CompletableFuture.<T>failedStage(cause);
    }).thenCompose(stage -> stage);
  }

  private static String sha1(byte[] source) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
