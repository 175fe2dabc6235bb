package dev.cairn.cache.store.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.store.WorkerJvm;
import dev.cairn.cache.store.redis.RedisWorkerProcess;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two JVMs share one memcached cache: the second finds the cache the first created, both increment one counter with
 * {@code invoke} (2 JVMs x 2 threads x 5,000), and compare-and-set on the CAS unique loses no increment.
 */
class MemcachedMultiProcessTest {

  @RegisterExtension
  static final MemcachedServerExtension server = new MemcachedServerExtension();

  @Test
  void twoJvmsIncrementOneCounterWithoutLosingAnUpdate() throws Exception {
    URI uri = server.uri("prefix=multi");
    try (CairnCachingProvider provider = new CairnCachingProvider()) {
      CacheManager manager = provider.getCacheManager(uri, getClass().getClassLoader());
      Cache<String, Long> counters = manager.createCache("counters",
          new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));

      WorkerJvm.runBeside(MemcachedWorkerProcess.class, uri.toString(),
          () -> RedisWorkerProcess.incrementConcurrently(counters, "n"), 120);
      long expected = 2L * RedisWorkerProcess.THREADS * RedisWorkerProcess.INVOKES_PER_THREAD;
      assertThat(counters.get("n")).isEqualTo(expected);
    }
  }
}
