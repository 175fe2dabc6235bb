package dev.cairn.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
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
 * Single-key JCache operations through the {@code javax.cache} API only, so the same code measures every provider.
 * Keys cycle through a fixed, pre-populated set so that {@code get} always hits.
 *
 * <p>{@code cairn-file} is the disk store in a temporary directory, in {@code sync=interval} (group commit) mode unless {@code -p sync=always};
 * it keeps bytes, so it only runs with {@code storeByValue=true} (the other combination fails at setup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SingleKeyBenchmark {

  private static final int KEYS = 1 << 14;

  /** Which provider (and store) to measure. */
  @Param({"cairn-memory", "cairn-file", "caffeine"})
  public String provider;

  /** Whether the cache stores by value (the JCache default) or by reference. */
  @Param({"true", "false"})
  public boolean storeByValue;

  /** The disk store's sync mode ({@code cairn-file} only): {@code interval} (group commit), {@code always}... */
  @Param({"interval"})
  public String sync;

  private CachingProvider cachingProvider;
  private Path directory;
  private Cache<String, String> cache;
  private final String[] keys = new String[KEYS];

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    cachingProvider = Caching.getCachingProvider(switch (provider) {
      case "cairn-memory", "cairn-file" -> "dev.cairn.cache.CairnCachingProvider";
      case "caffeine" -> "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
      default -> throw new IllegalArgumentException("unknown provider " + provider);
    });
    URI uri = cachingProvider.getDefaultURI();
    if (provider.equals("cairn-file")) {
      directory = Files.createTempDirectory("cairn-bench");
      uri = URI.create("disk:" + directory.toUri().getRawPath() + "?sync=" + sync);
    }
    CacheManager manager = cachingProvider.getCacheManager(uri, getClass().getClassLoader());
    cache = manager.createCache("bench", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class).setStoreByValue(storeByValue));
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "key-" + i;
      cache.put(keys[i], "value-" + i);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    cachingProvider.close();
    if (directory != null) {
      FileStoreFootprint.delete(directory);
    }
  }

  /** Per-thread cursor over the keys. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int advance() {
      return next++ & (KEYS - 1);
    }
  }

  @Benchmark
  public String getHit(Cursor cursor) {
    return cache.get(keys[cursor.advance()]);
  }

  @Benchmark
  public void put(Cursor cursor) {
    int i = cursor.advance();
    cache.put(keys[i], keys[i]);
  }

  @Benchmark
  public boolean containsKey(Cursor cursor) {
    return cache.containsKey(keys[cursor.advance()]);
  }
}
