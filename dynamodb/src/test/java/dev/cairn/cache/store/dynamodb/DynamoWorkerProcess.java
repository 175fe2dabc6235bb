package dev.cairn.cache.store.dynamodb;

import dev.cairn.cache.CairnCachingProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * The other JVM of {@link DynamoMultiProcessTest}: finds the cache the test created through the shared registry
 * and increments a counter with {@code invoke} from {@value #THREADS} threads, {@value #INVOKES_PER_THREAD} times
 * each. Exit code 0 on success.
 */
public final class DynamoWorkerProcess {

  static final int THREADS = 2;
  static final int INVOKES_PER_THREAD = 2_000;

  private DynamoWorkerProcess() {
  }

  public static void main(String[] args) throws Exception {
    try (CairnCachingProvider provider = new CairnCachingProvider()) {
      CacheManager manager = provider.getCacheManager(URI.create(args[0]),
          DynamoWorkerProcess.class.getClassLoader());
      Cache<String, Long> counters = manager.getCache("counters", String.class, Long.class);
      if (counters == null) {
        System.err.println("the cache created by the other JVM is not visible");
        System.exit(3);
      }
      System.out.println("ready");
      incrementConcurrently(counters, "n");
    }
    System.exit(0);
  }

  /** {@link #THREADS} threads, each invoking an increment {@link #INVOKES_PER_THREAD} times on {@code key}. */
  static void incrementConcurrently(Cache<String, Long> counters, String key) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < INVOKES_PER_THREAD; i++) {
          counters.invoke(key, new Increment());
        }
      });
      thread.setUncaughtExceptionHandler((failed, e) -> {
        synchronized (failures) {
          failures.add(e);
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("an incrementing thread failed", failures.get(0));
    }
  }

  /** Adds one to the counter, starting from nothing. */
  static final class Increment implements EntryProcessor<String, Long, Void>, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Void process(MutableEntry<String, Long> entry, Object... arguments) {
      entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
      return null;
    }
  }
}
