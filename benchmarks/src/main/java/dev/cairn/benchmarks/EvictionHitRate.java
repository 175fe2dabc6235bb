package dev.cairn.benchmarks;

import dev.cairn.cache.config.CairnConfiguration;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * Measures the hit rate of the disk store's eviction (GCLOCK) against the memory store's (Caffeine, W-TinyLFU) with
 * the same {@code maxEntries}, on a skewed key stream: keys drawn from a Zipf distribution, each request a
 * {@code get} followed by a {@code put} on a miss, as a cache in front of a database is used. The first fifth of
 * the requests warm the caches up and are not counted.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.cairn.benchmarks.EvictionHitRate [keys] [requests]
 * [exponent] [bound...]}, defaults 100000 keys, 1000000 requests, exponent 0.99, bounds 1000 and 10000.
 */
public final class EvictionHitRate {

  private EvictionHitRate() {
  }

  public static void main(String[] args) throws IOException {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    double exponent = args.length > 2 ? Double.parseDouble(args[2]) : 0.99;
    long[] bounds = args.length > 3 ? Arrays.stream(args, 3, args.length).mapToLong(Long::parseLong).toArray()
        : new long[] {1_000, 10_000};
    int[] stream = zipf(keys, requests, exponent, new Random(42));
    CachingProvider provider = Caching.getCachingProvider("dev.cairn.cache.CairnCachingProvider");
    for (long bound : bounds) {
      double memory;
      CacheManager manager = provider.getCacheManager(URI.create("memory:hit-rate"), loader());
      try {
        memory = hitRate(manager, bound, stream);
      } finally {
        manager.close();
      }
      Path directory = Files.createTempDirectory("cairn-hit-rate");
      double disk;
      manager = provider.getCacheManager(URI.create("disk:" + directory.toUri().getRawPath() + "?sync=none"),
          loader());
      try {
        disk = hitRate(manager, bound, stream);
      } finally {
        manager.close();
        delete(directory);
      }
      System.out.printf("keys %,d, requests %,d, Zipf exponent %.2f, maxEntries %,d: hit rate memory (Caffeine) "
          + "%.4f, disk (GCLOCK) %.4f, ratio disk/memory %.3f%n", keys, requests, exponent, bound, memory, disk,
          disk / memory);
    }
  }

  private static double hitRate(CacheManager manager, long bound, int[] stream) {
    Cache<Integer, String> cache = manager.createCache("hit-rate",
        new CairnConfiguration<Integer, String>().setMaximumSize(bound).setTypes(Integer.class, String.class));
    int warmUp = stream.length / 5;
    long hits = 0;
    for (int i = 0; i < stream.length; i++) {
      Integer key = stream[i];
      if (cache.get(key) != null) {
        if (i >= warmUp) {
          hits++;
        }
      } else {
        cache.put(key, "value-" + key);
      }
    }
    return (double) hits / (stream.length - warmUp);
  }

  /** {@code count} keys in {@code [0, keys)}, key {@code k} drawn with probability proportional to 1/(k+1)^s. */
  private static int[] zipf(int keys, int count, double exponent, Random random) {
    double[] cumulative = new double[keys];
    double sum = 0;
    for (int k = 0; k < keys; k++) {
      sum += 1 / Math.pow(k + 1, exponent);
      cumulative[k] = sum;
    }
    int[] stream = new int[count];
    for (int i = 0; i < count; i++) {
      int found = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
      // spread the popular keys over the key space, so that no store's hash order favours them
      stream[i] = Integer.reverse(found < 0 ? -found - 1 : found) >>> 1;
    }
    return stream;
  }

  private static ClassLoader loader() {
    return EvictionHitRate.class.getClassLoader();
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(file);
      }
    }
  }
}
