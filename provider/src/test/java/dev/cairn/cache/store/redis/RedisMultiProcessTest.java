package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCachingProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two JVMs share one Redis cache: the second finds the cache the first created, both increment one counter with
 * {@code invoke} (2 JVMs x 2 threads x 5,000) and no increment is lost, and a listener in this JVM hears an update
 * made in the other.
 */
class RedisMultiProcessTest {

  @RegisterExtension
  static final RedisServerExtension server = new RedisServerExtension();


  @Test
  void twoJvmsShareACacheWithAtomicInvokesAndListeners() throws Exception {
    URI uri = server.uri("prefix=multi");
    try (CairnCachingProvider provider = new CairnCachingProvider()) {
      CacheManager manager = provider.getCacheManager(uri, getClass().getClassLoader());
      Cache<String, Long> counters = manager.createCache("counters",
          new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));

      Path log = Files.createTempFile("cairn-worker", ".log");
      Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), RedisWorkerProcess.class.getName(), uri.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        awaitLine(log, "ready", worker);
        RedisWorkerProcess.incrementConcurrently(counters, "n");
        counters.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(RecordingListener.class), null, false, false));

        // the other JVM may still be incrementing "n" (those updates arrive too): wait for its "hello"
        String heard = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((heard == null || !heard.contains(" hello ")) && System.nanoTime() < deadline) {
          heard = RecordingListener.RECEIVED.poll(100, TimeUnit.MILLISECONDS);
        }
        assertThat(heard).as("an update made in the other JVM").matches("(CREATED|UPDATED) hello \\d+ null");
        counters.put("ack", 1L);
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).as(Files.readString(log)).isZero();
      } finally {
        worker.destroyForcibly();
        RecordingListener.RECEIVED.clear();
      }
      long expected = 2L * RedisWorkerProcess.THREADS * RedisWorkerProcess.INVOKES_PER_THREAD;
      assertThat(counters.get("n")).isEqualTo(expected);
    }
  }

  private static void awaitLine(Path log, String line, Process worker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(log),
          StandardCharsets.UTF_8))) {
        if (reader.lines().anyMatch(line::equals)) {
          return;
        }
      }
      if (!worker.isAlive()) {
        throw new AssertionError("the worker JVM exited: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the worker JVM did not start: " + Files.readString(log));
  }
}
