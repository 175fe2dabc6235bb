package dev.cairn.cache.extensions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * The second JVM of the cross-JVM tests: opens the cache another JVM created on the same Redis, prints
 * {@code ready}, waits for {@code go} on its standard input, runs its part, and prints what it saw.
 *
 * <p>Arguments: {@code uri cacheName incr <threads> <increments>} or
 * {@code uri cacheName getOrSet <callers> <loaderMillis>}.
 */
public final class ChildJvm {

  private ChildJvm() {
  }

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    String cacheName = args[1];
    String mode = args[2];
    CacheManager manager = Caching.getCachingProvider().getCacheManager(uri, ChildJvm.class.getClassLoader());
    try {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      if (mode.equals("incr")) {
        Cache<String, Long> cache = manager.getCache(cacheName, String.class, Long.class);
        ExtendedCache<String, Long> counters = ExtendedCache.of(cache);
        int increments = Integer.parseInt(args[4]);
        awaitGo(in);
        ExtendedCacheContractTest.runConcurrently(Integer.parseInt(args[3]), increments,
            () -> counters.incr("hits"));
        System.out.println("done");
      } else {
        Cache<String, String> cache = manager.getCache(cacheName, String.class, String.class);
        ExtendedCache<String, String> values = ExtendedCache.of(cache);
        long loaderMillis = Long.parseLong(args[4]);
        AtomicInteger loads = new AtomicInteger();
        List<String> results = new ArrayList<>();
        awaitGo(in);
        ExtendedCacheContractTest.runConcurrently(Integer.parseInt(args[3]), 1, () -> {
          String value = values.getOrSet("cold", key -> {
            loads.incrementAndGet();
            ExtendedCacheContractTest.sleep(loaderMillis);
            return "child";
          }, Duration.ofMinutes(1));
          synchronized (results) {
            results.add(value);
          }
        });
        System.out.println("loads=" + loads.get() + " results=" + results.size()
            + " distinct=" + results.stream().distinct().toList());
      }
    } finally {
      manager.close();
    }
    System.out.flush();
    System.exit(0);
  }

  private static void awaitGo(BufferedReader in) throws Exception {
    System.out.println("ready");
    System.out.flush();
    String line = in.readLine();
    if (!"go".equals(line)) {
      throw new IllegalStateException("expected go, got " + line);
    }
  }
}
