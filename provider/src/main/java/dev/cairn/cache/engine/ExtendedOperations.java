package dev.cairn.cache.engine;

import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Snapshot;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.WriteResult;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The engine's part of operations JCache lacks, used by cairn-extensions: an atomic read-modify-write of one
 * entry, and a change of an entry's time to live. They follow the same rules as the JCache operations: the writer
 * sees each write before it happens, listeners get CREATED or UPDATED, statistics count a put. Thread-safe.
 */
public final class ExtendedOperations<K, V> {

  private final CacheContext<K, V> context;

  public ExtendedOperations(CacheContext<K, V> context) {
    this.context = context;
  }

  /**
   * Replaces the entry's value with {@code function} of it, as one atomic step: a compare-and-set against the value
   * read, retried when another thread or process changed it meanwhile. The function may run more than once (it
   * receives {@code null} for a missing entry); with a writer, updates of one key run one at a time, so the writer
   * sees the value applied. An exception from the function leaves the entry unchanged.
   *
   * @param ttlIfAbsent the time to live of a created entry, or {@link CacheContext#POLICY_TTL} for the policy's
   *     creation expiry; an existing entry keeps its own
   * @return the new value
   */
  public V update(K key, UnaryOperator<V> function, long ttlIfAbsent) {
    return context.guarded(key, () -> updateUntilApplied(key, function, ttlIfAbsent));
  }

  private V updateUntilApplied(K key, UnaryOperator<V> function, long ttlIfAbsent) {
    long start = context.statistics.start();
    for (int attempt = 0; attempt < CacheContext.MAX_ATTEMPTS; attempt++) {
      Snapshot<V> seen = context.store.read(key);
      V current = seen.value();
      V next = function.apply(current == null ? null : context.valueOut(current));
      context.writer.write(key, next);
      long ttl = current != null ? Ttl.UNCHANGED
          : ttlIfAbsent == CacheContext.POLICY_TTL ? context.expiry.forCreation() : ttlIfAbsent;
      WriteResult<V> result = context.store.write(context.keyIn(key), context.valueIn(next),
          Condition.unchangedSince(seen), ttl,
          Ttl.UNCHANGED, context.events.wantsOldValues());
      if (result.applied()) {
        context.statistics.recordPuts(1);
        context.statistics.recordPutTime(start);
        context.publishWrite(key, next, result);
        return next;
      }
      if (current == null && ttl == 0 && !result.existed()) {
        return next;
      }
    }
    throw CacheContext.contended(key);
  }

  /**
   * Gives a live entry a new time to live ({@link Ttl#ETERNAL} removes its expiry, {@code 0} removes the entry).
   * Not an access, a write or an event: JCache has no event for a changed expiry.
   *
   * @return whether a live entry existed
   */
  public boolean touch(K key, long ttl) {
    return context.store.expire(key, ttl);
  }

  /**
   * The live value of an entry as the caller may have it, without it counting as an access: no statistics, no
   * touch, no read-through.
   */
  public @Nullable V peek(K key) {
    return context.valueOut(context.store.get(key, Ttl.UNCHANGED));
  }

  /**
   * The time to live the policy gives every created entry, when it is a constant the engine need not ask per
   * entry; otherwise {@link #policyTtl()}, and a native fast path that needs it must not be taken.
   */
  public long constantCreationTtl() {
    return context.expiry.isConstant() ? context.expiry.forCreation() : CacheContext.POLICY_TTL;
  }

  /** Records a write a native fast path made, as the statistics count a put. */
  public void recordPut(long startNanos) {
    recordPuts(1, startNanos);
  }

  /** Records {@code count} writes a native fast path made in one step, as {@code putAll} counts them. */
  public void recordPuts(long count, long startNanos) {
    context.statistics.recordPuts(count);
    context.statistics.recordPutTime(startNanos);
  }

  /** Records a bulk read a direct path made, as {@code getAll} does. */
  public void recordGets(long hits, long misses, long startNanos) {
    context.statistics.recordHits(hits);
    context.statistics.recordMisses(misses);
    context.statistics.recordGetTime(startNanos);
  }

  /** Records removals a native fast path made. */
  public void recordRemovals(long count, long startNanos) {
    context.statistics.recordRemovals(count);
    context.statistics.recordRemoveTime(startNanos);
  }

  /** The start of a timed operation for the statistics. */
  public long start() {
    return context.statistics.start();
  }

  /**
   * Whether single-key operations may go straight to the store, as the engine itself would in one step: a
   * constant expiry policy, no writer, no listener (here or in another process), no read-through loader, and a
   * store that keeps its own copies of values.
   */
  public boolean direct() {
    return context.expiry.isConstant() && !context.observed() && !context.loader.isEnabled()
        && context.copiesNothing();
  }

  /** The constant policy's time to live for a read hit ({@code Ttl.UNCHANGED}: none); see {@link #direct()}. */
  public long accessTtl() {
    return context.expiry.forAccess();
  }

  /** The constant policy's time to live for a replaced entry; see {@link #direct()}. */
  public long updateTtl() {
    return context.expiry.forUpdate();
  }

  /** Records a read a direct path made, as {@code get} does. */
  public void recordGet(boolean hit, long startNanos) {
    if (hit) {
      context.statistics.recordHits(1);
    } else {
      context.statistics.recordMisses(1);
    }
    context.statistics.recordGetTime(startNanos);
  }

  /** The value to use for "the expiry policy decides" where a time to live is expected. */
  public static long policyTtl() {
    return CacheContext.POLICY_TTL;
  }
}
