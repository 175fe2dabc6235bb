package dev.cairn.cache.store.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.store.redis.RedisWorkerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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

      Path log = Files.createTempFile("cairn-memcached-worker", ".log");
      Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), MemcachedWorkerProcess.class.getName(), uri.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("ready")) {
          assertThat(worker.isAlive()).as("the worker JVM: " + Files.readString(log)).isTrue();
          assertThat(System.nanoTime()).as("the worker JVM did not start").isLessThan(deadline);
          Thread.sleep(20);
        }
        RedisWorkerProcess.incrementConcurrently(counters, "n");
        assertThat(worker.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).as(Files.readString(log)).isZero();
      } finally {
        worker.destroyForcibly();
        Files.deleteIfExists(log);
      }
      long expected = 2L * RedisWorkerProcess.THREADS * RedisWorkerProcess.INVOKES_PER_THREAD;
      assertThat(counters.get("n")).isEqualTo(expected);
    }
  }
}
