package dev.cairn.cache.store.redis;

import dev.cairn.cache.CairnCachingProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.processor.EntryProcessor;

/**
 * The other JVM of {@link RedisMultiProcessTest}: finds the cache the test created, increments a counter with
 * {@code invoke} from two threads, then says hello until the test acknowledges it heard. Exit code 0 on success.
 */
public final class RedisWorkerProcess {

  public static final int THREADS = 2;
  public static final int INVOKES_PER_THREAD = 5_000;

  private RedisWorkerProcess() {
  }

  public static void main(String[] args) throws Exception {
    try (CairnCachingProvider provider = new CairnCachingProvider()) {
      CacheManager manager = provider.getCacheManager(URI.create(args[0]), RedisWorkerProcess.class.getClassLoader());
      Cache<String, Long> counters = manager.getCache("counters", String.class, Long.class);
      if (counters == null) {
        System.err.println("the cache created by the other JVM is not visible");
        System.exit(3);
      }
      System.out.println("ready");
      incrementConcurrently(counters, "n");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      for (long i = 1; counters.get("ack") == null; i++) {
        if (System.nanoTime() > deadline) {
          System.err.println("the other JVM never acknowledged");
          System.exit(4);
        }
        counters.put("hello", i);
        Thread.sleep(100);
      }
    }
    System.exit(0);
  }

  /** {@link #THREADS} threads, each invoking an increment {@link #INVOKES_PER_THREAD} times on {@code key}. */
  public static void incrementConcurrently(Cache<String, Long> counters, String key) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < INVOKES_PER_THREAD; i++) {
          counters.invoke(key, new Increment());
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  /** Adds one, creating the counter at 1. */
  static final class Increment implements EntryProcessor<String, Long, Long> {
    @Override
    public Long process(javax.cache.processor.MutableEntry<String, Long> entry, Object... arguments) {
      long next = entry.exists() ? entry.getValue() + 1 : 1;
      entry.setValue(next);
      return next;
    }
  }
}
