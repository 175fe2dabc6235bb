package dev.cairn.examples.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.function.DoubleSupplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Micrometer's {@link JCacheMetrics} reads a Cairn cache's statistics through the JCache statistics MXBean, which
 * Cairn registers under the name the spec (and Micrometer) expect.
 */
class JCacheMetricsTest {

  private final CacheManager manager = Caching.getCachingProvider().getCacheManager(
      URI.create("classpath:dev/cairn/examples/micrometer/cairn-metrics.yaml"), getClass().getClassLoader());

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void reportsGetsHitsMissesPutsRemovalsAndEvictions() throws InterruptedException {
    Cache<String, Integer> prices = manager.getCache("prices", String.class, Integer.class);
    MeterRegistry registry = new SimpleMeterRegistry();
    JCacheMetrics.monitor(registry, prices);

    prices.put("apple", 3);
    prices.get("apple");
    prices.get("apple");
    prices.get("pear");
    prices.remove("apple");
    prices.put("a", 1);
    prices.put("b", 2);
    prices.put("c", 3);
    prices.put("d", 4);

    assertThat(registry.get("cache.gets").tag("result", "hit").functionCounter().count()).isEqualTo(2);
    assertThat(registry.get("cache.gets").tag("result", "miss").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("cache.puts").functionCounter().count()).isEqualTo(5);
    assertThat(registry.get("cache.removals").gauge().value()).isEqualTo(1);
    // four entries in a cache bounded to two: two evictions, which the memory store makes in the background
    DoubleSupplier evictions = () -> registry.get("cache.evictions").functionCounter().count();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (evictions.getAsDouble() < 2 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(evictions.getAsDouble()).isEqualTo(2);
  }
}
