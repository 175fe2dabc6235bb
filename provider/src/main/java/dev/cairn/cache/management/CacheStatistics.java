package dev.cairn.cache.management;

import dev.cairn.cache.near.NearCacheStatistics;
import dev.cairn.cache.resilience.ResilientStore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The counters behind {@code CacheStatisticsMXBean}, and Cairn's own beyond it ({@link CairnStatisticsMXBean}). The
 * engine records into it only while statistics are
 * enabled; when disabled every {@code record*} call returns at once, so the hot path pays one volatile read.
 *
 * <p>Thread-safe. Averages are in microseconds, as the MXBean's Javadoc asks.
 */
public final class CacheStatistics implements CairnStatisticsMXBean {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();
  private volatile boolean enabled;
  private volatile LongSupplier unreadable = () -> 0;
  private volatile @Nullable ResilientStore<?, ?> resilience;
  private volatile @Nullable NearCacheStatistics near;

  public CacheStatistics(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** A start time for a timed operation, or 0 when disabled (then the matching record call does nothing). */
  public long start() {
    return enabled ? System.nanoTime() : 0L;
  }

  public void recordHits(long count) {
    if (enabled) {
      hits.add(count);
    }
  }

  public void recordMisses(long count) {
    if (enabled) {
      misses.add(count);
    }
  }

  public void recordPuts(long count) {
    if (enabled) {
      puts.add(count);
    }
  }

  public void recordRemovals(long count) {
    if (enabled) {
      removals.add(count);
    }
  }

  /** Where {@link #getUnreadableEntries()} comes from: the cache's store. */
  public void countUnreadableWith(LongSupplier source) {
    this.unreadable = source;
  }

  /**
   * Cairn's own statistic, beyond the JCache MXBean: stored entries the store could not read back and treated as
   * absent (undecodable bytes in Redis, damaged records on disk). Counted whether or not statistics are enabled,
   * and not reset by {@link #clear()}, since it describes the stored data rather than this cache's traffic.
   */
  @Override
  public long getUnreadableEntries() {
    return unreadable.getAsLong();
  }

  /** Where the circuit statistics come from: the cache's store, when it is a remote one behind a breaker. */
  public void reportCircuitOf(ResilientStore<?, ?> store) {
    this.resilience = store;
  }

  /** Where the near cache statistics come from: the cache's store, when it has a near cache. */
  public void reportNearCacheOf(NearCacheStatistics nearCache) {
    this.near = nearCache;
  }

  @Override
  public boolean isNearCache() {
    return near != null;
  }

  @Override
  public long getNearCacheHits() {
    NearCacheStatistics tier = near;
    return tier == null ? 0 : tier.hits();
  }

  @Override
  public long getNearCacheMisses() {
    NearCacheStatistics tier = near;
    return tier == null ? 0 : tier.misses();
  }

  @Override
  public long getNearCacheInvalidations() {
    NearCacheStatistics tier = near;
    return tier == null ? 0 : tier.invalidations();
  }

  @Override
  public long getNearCacheEvictions() {
    NearCacheStatistics tier = near;
    return tier == null ? 0 : tier.evictions();
  }

  @Override
  public long getNearCacheSize() {
    NearCacheStatistics tier = near;
    return tier == null ? 0 : tier.size();
  }

  @Override
  public boolean isNearCacheServing() {
    NearCacheStatistics tier = near;
    return tier != null && tier.serving();
  }

  @Override
  public String getCircuitState() {
    ResilientStore<?, ?> store = resilience;
    return store == null ? "NONE" : store.breaker().state().name();
  }

  @Override
  public boolean isFailOpen() {
    ResilientStore<?, ?> store = resilience;
    return store != null && store.mode() == dev.cairn.cache.resilience.FailureMode.OPEN;
  }

  @Override
  public long getCircuitOpenings() {
    ResilientStore<?, ?> store = resilience;
    return store == null ? 0 : store.breaker().timesOpened();
  }

  @Override
  public long getCallsNotSent() {
    ResilientStore<?, ?> store = resilience;
    return store == null ? 0 : store.breaker().callsNotSent();
  }

  @Override
  public long getKeysAwaitingInvalidation() {
    ResilientStore<?, ?> store = resilience;
    return store == null ? 0 : store.rememberedKeys();
  }

  public void recordEvictions(long count) {
    if (enabled) {
      evictions.add(count);
    }
  }

  public void recordGetTime(long startNanos) {
    if (enabled && startNanos != 0L) {
      getNanos.add(System.nanoTime() - startNanos);
    }
  }

  public void recordPutTime(long startNanos) {
    if (enabled && startNanos != 0L) {
      putNanos.add(System.nanoTime() - startNanos);
    }
  }

  public void recordRemoveTime(long startNanos) {
    if (enabled && startNanos != 0L) {
      removeNanos.add(System.nanoTime() - startNanos);
    }
  }

  @Override
  public void clear() {
    for (LongAdder adder : new LongAdder[] {hits, misses, puts, removals, evictions, getNanos, putNanos,
        removeNanos}) {
      adder.reset();
    }
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : getCacheHits() * 100f / gets;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : getCacheMisses() * 100f / gets;
  }

  @Override
  public long getCacheGets() {
    return getCacheHits() + getCacheMisses();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return average(getNanos, getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return average(putNanos, getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return average(removeNanos, getCacheRemovals());
  }

  private static float average(LongAdder nanos, long count) {
    return count == 0 ? 0f : nanos.sum() / 1000f / count;
  }
}
