package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Ttl;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
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
 * Picks and sends the one Redis command for a write, remove or expiry change on raw bytes: a plain command where
 * one can both do the step atomically and tell what it found, otherwise a {@link LuaScript}.
 *
 * <p>Writes: {@code SET ... GET} whenever the times to live fit one {@code SET}, because its reply tells whether
 * the entry existed, which the engine needs (CREATED or UPDATED) even when it does not want the previous value;
 * {@code SET XX ... GET} for "only if present"; {@code SET NX [PX]} for "only if absent" without the previous value
 * ({@code SET NX GET} would need Redis 7); {@code GETDEL} where the time to live is "expired now". Everything else,
 * including every value comparison, is the write script.
 *
 * <p>Times to live arrive as in {@link Ttl}; huge ones become eternal, since Redis refuses expiries that overflow
 * its clock. Immutable and thread-safe.
 */
final class WriteCommands {

  /** The most entries one script writes, so that no single script holds the server for long. */
  static final int BATCH = 500;

  /** Above this a time to live is eternal in practice. */
  private static final long LONGEST_TTL = 1L << 62;

  private static final byte[] ONE = {'1'};
  private static final byte[] ZERO = {'0'};
  private static final byte[] NONE = {};

  private final RedisClusterAsyncCommands<byte[], byte[]> redis;

  WriteCommands(RedisClusterAsyncCommands<byte[], byte[]> redis) {
    this.redis = redis;
  }

  /**
   * A conditional write.
   *
   * @param expected the bytes {@link Condition.ValueEquals} or {@link Condition.Unchanged} compares with, otherwise
   *     ignored
   */
  CompletionStage<Outcome> write(byte[] key, byte[] value, Condition condition, byte @Nullable [] expected,
      long ttlIfAbsent, long ttlIfPresent, boolean wantPrevious) {
    long absent = creationTtl(ttlIfAbsent);
    long present = ttl(ttlIfPresent);
    if (condition instanceof Condition.Always) {
      if (absent == 0 && present == 0) {
        return redis.getdel(key).thenApply(Outcome::ifPresent);
      }
      if (absent == present || (absent == Ttl.ETERNAL && present == Ttl.UNCHANGED)) {
        return redis.setGet(key, value, setArgs(present)).thenApply(Outcome::written);
      }
    } else if (condition instanceof Condition.Present) {
      if (present == 0) {
        return redis.getdel(key).thenApply(Outcome::ifPresent);
      }
      return redis.setGet(key, value, setArgs(present).xx()).thenApply(Outcome::ifPresent);
    } else if (condition instanceof Condition.Absent && !wantPrevious && absent != 0) {
      return redis.set(key, value, setArgs(absent).nx()).thenApply(Outcome::created);
    }
    return LuaScript.WRITE.run(redis, key, value, test(condition), expected == null ? NONE : expected,
        number(absent), number(present), wantPrevious ? ONE : ZERO).thenApply(Outcome::of);
  }

  /** An unconditional write whose outcome nobody needs: a plain {@code SET} where the times to live allow. */
  CompletionStage<?> put(byte[] key, byte[] value, long ttlIfAbsent, long ttlIfPresent) {
    long absent = creationTtl(ttlIfAbsent);
    long present = ttl(ttlIfPresent);
    if ((absent == present && absent != 0) || (absent == Ttl.ETERNAL && present == Ttl.UNCHANGED)) {
      return redis.set(key, value, setArgs(present));
    }
    return write(key, value, Condition.ANY, NONE, absent, present, false);
  }

  /**
   * Unconditional writes of many entries whose outcome nobody needs, in as few round trips as the server allows:
   * {@code MSET} when every entry becomes eternal (a cluster connection splits it by slot); otherwise one
   * {@link LuaScript#PUT_ALL} per {@link #BATCH} entries on a standalone server; on a cluster one per hash slot
   * holding several of them, and a plain {@link #put} for a key alone in its slot. All are sent before any answer
   * is awaited.
   *
   * @param entries {@code [redisKey, value]} pairs
   * @param cluster whether keys must be grouped by hash slot
   */
  CompletableFuture<Void> putAll(List<byte[][]> entries, long ttlIfAbsent, long ttlIfPresent, boolean cluster) {
    if (creationTtl(ttlIfAbsent) == Ttl.ETERNAL && ttl(ttlIfPresent) == Ttl.ETERNAL) {
      // Lettuce's MSET takes a map: keyed by identity, it keeps every pair in order, and Redis lets the last of two
      // equal keys win, as the pairs would one after the other
      @SuppressWarnings("ArrayAsKeyOfSetOrMap")
      Map<byte[], byte[]> pairs = new LinkedHashMap<>();
      entries.forEach(entry -> pairs.put(entry[0], entry[1]));
      return redis.mset(pairs).toCompletableFuture().thenApply(reply -> null);
    }
    Collection<List<byte[][]>> groups;
    if (cluster) {
      Map<Integer, List<byte[][]>> bySlot = new HashMap<>();
      entries.forEach(entry -> bySlot.computeIfAbsent(SlotHash.getSlot(entry[0]), slot -> new ArrayList<>())
          .add(entry));
      groups = bySlot.values();
    } else {
      groups = List.of(entries);
    }
    byte[] absent = number(creationTtl(ttlIfAbsent));
    byte[] present = number(ttl(ttlIfPresent));
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (List<byte[][]> group : groups) {
      if (group.size() == 1) {
        sent.add(put(group.get(0)[0], group.get(0)[1], ttlIfAbsent, ttlIfPresent).toCompletableFuture());
        continue;
      }
      for (int from = 0; from < group.size(); from += BATCH) {
        List<byte[][]> batch = group.subList(from, Math.min(group.size(), from + BATCH));
        byte[][] keys = new byte[batch.size()][];
        byte[][] args = new byte[batch.size() + 2][];
        args[0] = absent;
        args[1] = present;
        for (int i = 0; i < keys.length; i++) {
          keys[i] = batch.get(i)[0];
          args[i + 2] = batch.get(i)[1];
        }
        sent.add(LuaScript.PUT_ALL.runOnKeys(redis, keys, args).toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0]));
  }

  /**
   * A conditional remove: {@code DEL}, or {@code GETDEL} when the previous value is wanted; the remove script for
   * the other conditions.
   */
  CompletionStage<Outcome> remove(byte[] key, Condition condition, byte @Nullable [] expected,
      boolean wantPrevious) {
    if (condition instanceof Condition.Always || condition instanceof Condition.Present) {
      if (wantPrevious) {
        return redis.getdel(key).thenApply(Outcome::ifPresent);
      }
      return redis.del(key).thenApply(count -> count > 0 ? Outcome.REMOVED : Outcome.NOTHING);
    }
    return LuaScript.REMOVE.run(redis, key, test(condition), expected == null ? NONE : expected,
        wantPrevious ? ONE : ZERO).thenApply(Outcome::of);
  }

  /**
   * A new time to live for a live entry, answering whether it existed: {@code PEXPIRE}, {@code DEL} for "expired
   * now", {@code EXISTS} for unchanged, and a script for eternal ({@code PERSIST} alone cannot tell).
   */
  CompletionStage<Boolean> expire(byte[] key, long ttl) {
    long redisTtl = ttl(ttl);
    if (redisTtl == Ttl.UNCHANGED) {
      return redis.exists(key).thenApply(count -> count > 0);
    } else if (redisTtl == 0) {
      return redis.del(key).thenApply(count -> count > 0);
    } else if (redisTtl == Ttl.ETERNAL) {
      return LuaScript.PERSIST.run(redis, key).thenApply(reply -> Outcome.of(reply).existed());
    }
    return redis.pexpire(key, redisTtl);
  }

  /** A time to live as Redis can take it. */
  static long ttl(long ttl) {
    return ttl > LONGEST_TTL ? Ttl.ETERNAL : ttl;
  }

  /** The time to live of a new entry: "unchanged" has nothing to keep, so it is eternal. */
  private static long creationTtl(long ttl) {
    return ttl == Ttl.UNCHANGED ? Ttl.ETERNAL : ttl(ttl);
  }

  private static SetArgs setArgs(long ttl) {
    if (ttl == Ttl.ETERNAL) {
      return new SetArgs();
    } else if (ttl == Ttl.UNCHANGED) {
      return new SetArgs().keepttl();
    }
    return new SetArgs().px(ttl);
  }

  private static byte[] test(Condition condition) {
    String test;
    if (condition instanceof Condition.Absent) {
      test = "absent";
    } else if (condition instanceof Condition.Present) {
      test = "present";
    } else if (condition instanceof Condition.ValueEquals || condition instanceof Condition.Unchanged) {
      test = "equals";
    } else {
      test = "any";
    }
    return test.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] number(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * What a write or remove found and did, with the previous value still as bytes ({@code null} when there was
   * none, or the command does not return it).
   */
  record Outcome(boolean applied, boolean existed, byte @Nullable [] previous) {

    static final Outcome REMOVED = new Outcome(true, true, null);
    static final Outcome NOTHING = new Outcome(false, false, null);

    /** After an unconditional {@code SET ... GET}: it happened, and the entry existed if there was a value. */
    static Outcome written(byte @Nullable [] previous) {
      return new Outcome(true, previous != null, previous);
    }

    /** After {@code GETDEL} or {@code SET XX ... GET}: it happened exactly if there was a value. */
    static Outcome ifPresent(byte @Nullable [] previous) {
      return new Outcome(previous != null, previous != null, previous);
    }

    /** After {@code SET NX}: {@code OK} if it created the entry, nothing if the entry existed. */
    static Outcome created(@Nullable String reply) {
      return new Outcome(reply != null, reply == null, null);
    }

    /** A script's reply: {@code [applied, existed]} or {@code [applied, existed, previous]}. */
    static Outcome of(List<Object> reply) {
      byte[] previous = reply.size() > 2 ? (byte[]) reply.get(2) : null;
      return new Outcome(Long.valueOf(1).equals(reply.get(0)), Long.valueOf(1).equals(reply.get(1)), previous);
    }
  }
}
