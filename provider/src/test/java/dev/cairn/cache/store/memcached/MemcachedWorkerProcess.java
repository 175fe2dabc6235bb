package dev.cairn.cache.store.memcached;

import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.store.redis.RedisWorkerProcess;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * The other JVM of {@link MemcachedMultiProcessTest}: finds the cache the test created through the shared registry
 * and increments a counter with {@code invoke} from two threads. Exit code 0 on success.
 */
public final class MemcachedWorkerProcess {

  private MemcachedWorkerProcess() {
  }

  public static void main(String[] args) throws Exception {
    try (CairnCachingProvider provider = new CairnCachingProvider()) {
      CacheManager manager = provider.getCacheManager(URI.create(args[0]),
          MemcachedWorkerProcess.class.getClassLoader());
      Cache<String, Long> counters = manager.getCache("counters", String.class, Long.class);
      if (counters == null) {
        System.err.println("the cache created by the other JVM is not visible");
        System.exit(3);
      }
      System.out.println("ready");
      RedisWorkerProcess.incrementConcurrently(counters, "n");
    }
    System.exit(0);
  }
}
