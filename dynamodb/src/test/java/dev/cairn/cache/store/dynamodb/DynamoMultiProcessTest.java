package dev.cairn.cache.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.store.WorkerJvm;
import java.net.URI;
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

      WorkerJvm.runBeside(DynamoWorkerProcess.class, uri.toString(),
          () -> DynamoWorkerProcess.incrementConcurrently(counters, "n"), 300);
      long expected = 2L * DynamoWorkerProcess.THREADS * DynamoWorkerProcess.INVOKES_PER_THREAD;
      assertThat(counters.get("n")).isEqualTo(expected);
    }
  }
}
