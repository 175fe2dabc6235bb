package dev.cairn.cache.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
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
 * Two JVMs share one DynamoDB cache: the second finds the cache the first created, both increment one counter with
 * {@code invoke} (2 JVMs x 2 threads x 2,000), and the writes conditional on the revision lose no increment.
 */
class DynamoMultiProcessTest {

  @RegisterExtension
  static final DynaliteServerExtension server = new DynaliteServerExtension();

  @Test
  void twoJvmsIncrementOneCounterWithoutLosingAnUpdate() throws Exception {
    URI uri = server.uri("prefix=multi&timeout=10s");
    try (CairnCachingProvider provider = new CairnCachingProvider()) {
      CacheManager manager = provider.getCacheManager(uri, getClass().getClassLoader());
      Cache<String, Long> counters = manager.createCache("counters",
          new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));

      Path log = Files.createTempFile("cairn-dynamo-worker", ".log");
      Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), DynamoWorkerProcess.class.getName(), uri.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("ready")) {
          assertThat(worker.isAlive()).as("the worker JVM: " + Files.readString(log)).isTrue();
          assertThat(System.nanoTime()).as("the worker JVM did not start").isLessThan(deadline);
          Thread.sleep(20);
        }
        DynamoWorkerProcess.incrementConcurrently(counters, "n");
        assertThat(worker.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).as(Files.readString(log)).isZero();
      } finally {
        worker.destroyForcibly();
        Files.deleteIfExists(log);
      }
      long expected = 2L * DynamoWorkerProcess.THREADS * DynamoWorkerProcess.INVOKES_PER_THREAD;
      assertThat(counters.get("n")).isEqualTo(expected);
    }
  }
}
