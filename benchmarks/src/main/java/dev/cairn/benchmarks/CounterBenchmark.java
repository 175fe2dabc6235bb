package dev.cairn.benchmarks;

import dev.cairn.cache.extensions.ExtendedCache;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
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

/**
 * cairn-extensions' {@code incr} on one key: a cache of {@code Long} values (on Redis: {@code INCRBY}, one round
 * trip) beside an untyped cache (read, add, compare-and-set: two round trips on Redis).
 *
 * <p>{@code -p redis=redis} starts a redis-server of the trial's own (see {@link ServerProcess}); a Redis URI
 * ({@code -p redis=redis://127.0.0.1:6390}) uses that server instead (a private one; the benchmark writes under the
 * prefix {@code bench}). The default {@code memory} needs nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CounterBenchmark {

  /** {@code memory}, {@code redis} (a server of its own), or a Redis URI. */
  @Param({"memory"})
  public String redis;

  /** {@code long}: a cache of {@code Long}; {@code object}: an untyped cache. */
  @Param({"long", "object"})
  public String values;

  private ServerProcess server;
  private CacheManager manager;
  private ExtendedCache<String, ?> counters;

  @Setup(Level.Trial)
  public void setUp() {
    CachingProvider provider = Caching.getCachingProvider("dev.cairn.cache.CairnCachingProvider");
    String location = redis;
    if (redis.equals("redis")) {
      server = ServerProcess.redis();
      location = server.uri();
    }
    URI uri = location.equals("memory") ? URI.create("memory:counters")
        : URI.create(location + (location.contains("?") ? "&" : "?") + "prefix=bench");
    manager = provider.getCacheManager(uri, getClass().getClassLoader());
    if (manager.getCache("counters") != null) {
      manager.destroyCache("counters");
    }
    Class<?> type = values.equals("long") ? Long.class : Object.class;
    counters = ExtendedCache.of(manager.createCache("counters", configuration(type)));
  }

  private static <V> MutableConfiguration<String, V> configuration(Class<V> type) {
    return new MutableConfiguration<String, V>().setTypes(String.class, type);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    manager.destroyCache("counters");
    manager.close();
    if (server != null) {
      server.close();
    }
  }

  @Benchmark
  public long incr() {
    return counters.incr("hits");
  }
}
