package dev.cairn.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The common cache operations, timed through {@link CacheOperations} so that every JCache provider runs the same
 * {@code javax.cache} calls and raw Lettuce the equivalent Redis commands. One cache of {@value #KEYS} entries,
 * filled before the first iteration; each thread walks the keys in a fixed shuffled order, starting at its own
 * offset, so that threads rarely touch the same key at the same time.
 *
 * <p>Run the thread counts as separate JMH runs ({@code -t 1}, {@code -t 2}); {@code benchmarks/run.sh} does.
 * Store-by-reference ({@code -p storeByValue=false}) only applies to the heap caches.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CacheBenchmark {

  static final int KEYS = 1 << 14;
  static final int BATCH = 100;

  /** Which cache: see {@link Contender}. */
  @Param({"cairn-memory", "cairn-redis", "caffeine", "ehcache", "redisson", "lettuce"})
  public String provider;

  /** Whether the cache stores by value (the JCache default) or by reference. */
  @Param({"true"})
  public boolean storeByValue;

  /** {@code string} or {@code bytes}: see {@link ValueKind}. */
  @Param({"string"})
  public String values;

  /**
   * {@code cairn-file} only: the disk store's {@code sync} mode, {@code always} (each write waits for its fsync,
   * concurrent writers share one) or {@code interval} (a background fsync every 100 ms).
   */
  @Param({"always"})
  public String sync;

  private CacheUnderTest subject;
  private CacheOperations cache;
  private String[] keys;
  private String[] absentKeys;
  private Object[] originalValues;
  private List<Set<String>> batchKeys;
  private List<Map<String, Object>> batchEntries;

  @Setup(Level.Trial)
  public void setUp() {
    ValueKind kind = ValueKind.named(values);
    List<Integer> order = new ArrayList<>(KEYS);
    for (int i = 0; i < KEYS; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(42));
    keys = new String[KEYS];
    absentKeys = new String[KEYS];
    originalValues = new Object[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "key-" + order.get(i);
      absentKeys[i] = "absent-" + order.get(i);
      originalValues[i] = kind.value(order.get(i));
    }
    int batches = KEYS / BATCH;
    batchKeys = new ArrayList<>(batches);
    batchEntries = new ArrayList<>(batches);
    for (int b = 0; b < batches; b++) {
      Set<String> batchKeySet = new LinkedHashSet<>();
      Map<String, Object> entries = new LinkedHashMap<>();
      for (int i = b * BATCH; i < (b + 1) * BATCH; i++) {
        batchKeySet.add(keys[i]);
        entries.put(keys[i], originalValues[i]);
      }
      batchKeys.add(batchKeySet);
      batchEntries.add(entries);
    }
    subject = CacheUnderTest.open(Contender.named(provider), kind, storeByValue, sync);
    cache = subject.operations();
    for (int i = 0; i < KEYS; i += BATCH) {
      Map<String, Object> fill = new LinkedHashMap<>();
      for (int j = i; j < Math.min(KEYS, i + BATCH); j++) {
        fill.put(keys[j], originalValues[j]);
      }
      cache.putAll(fill);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    subject.close();
  }

  /** Per-thread position in the key order. */
  @State(Scope.Thread)
  public static class Cursor {
    private int next;
    private int nextBatch;

    @Setup(Level.Trial)
    public void start(ThreadParams thread) {
      next = thread.getThreadIndex() * (KEYS / thread.getThreadCount());
      nextBatch = thread.getThreadIndex() * (KEYS / BATCH / thread.getThreadCount());
    }

    int key() {
      return next++ & (KEYS - 1);
    }

    int batch() {
      int batch = nextBatch++;
      if (nextBatch == KEYS / BATCH) {
        nextBatch = 0;
      }
      return batch;
    }
  }

  @Benchmark
  public Object get(Cursor cursor) {
    return cache.get(keys[cursor.key()]);
  }

  @Benchmark
  public Object getMiss(Cursor cursor) {
    return cache.get(absentKeys[cursor.key()]);
  }

  @Benchmark
  public boolean containsKey(Cursor cursor) {
    return cache.containsKey(keys[cursor.key()]);
  }

  /** Overwrites a present entry with its original value. */
  @Benchmark
  public void put(Cursor cursor) {
    int i = cursor.key();
    cache.put(keys[i], originalValues[i]);
  }

  /** {@value #BATCH} present keys. */
  @Benchmark
  public Map<String, Object> getAll(Cursor cursor) {
    return cache.getAll(batchKeys.get(cursor.batch()));
  }

  /** {@value #BATCH} entries, all present before. */
  @Benchmark
  public void putAll(Cursor cursor) {
    cache.putAll(batchEntries.get(cursor.batch()));
  }

  /** {@code invoke} with a processor that increments the value's counter. */
  @Benchmark
  public void invoke(Cursor cursor) {
    cache.increment(keys[cursor.key()]);
  }

  /**
   * Removes a present entry and puts it back, so that every remove finds an entry: two calls per operation, the
   * same two for every contender.
   */
  @Benchmark
  public boolean removeAndPut(Cursor cursor) {
    int i = cursor.key();
    boolean removed = cache.remove(keys[i]);
    cache.put(keys[i], originalValues[i]);
    return removed;
  }
}
