package dev.cairn.cache.store.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.resilience.CircuitBreaker;
import dev.cairn.cache.store.Circuits;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Memcached behind the circuit breaker, in both failure modes: a stopped server fails calls (fail-closed) or makes
 * the cache an empty one (fail-open), an open breaker answers at once, and once the server is back a key written
 * during the outage is not read stale.
 */
class MemcachedFailureModeTest {

  private MemcachedServer server;
  private CairnCachingProvider provider;

  @BeforeEach
  void start() {
    server = MemcachedServer.start();
    provider = new CairnCachingProvider();
  }

  @AfterEach
  void stop() {
    provider.close();
    server.close();
  }

  private Cache<String, String> cache(boolean failOpen) {
    return provider.getCacheManager(server.uri("timeout=300ms&connectTimeout=300ms&prefix=modes&failOpen=" + failOpen),
        getClass().getClassLoader()).createCache("c",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @Test
  void failClosedFailsFastOnceTheBreakerIsOpenAndRecoversAfterARestart() {
    Cache<String, String> cache = cache(false);
    cache.put("k", "v");
    server.freeze();
    assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheException.class)
        .hasMessageContaining("did not answer within 300 ms");
    for (int i = 1; i < CircuitBreaker.FAILURE_THRESHOLD && !Circuits.state(cache).equals("OPEN"); i++) {
      assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheException.class);
    }
    assertThat(Circuits.state(cache)).isEqualTo("OPEN");
    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> cache.put("k", "w")).isInstanceOf(CacheException.class);
    }
    // twenty calls while open take less than one timeout: none of them waited for the server
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
    server.stop();
    server.restart();
    Circuits.awaitClosed(cache, Duration.ofSeconds(10));
    assertThat(cache.get("k")).isNull();
    cache.put("k", "after");
    assertThat(cache.get("k")).isEqualTo("after");
  }

  @Test
  void failOpenMissesWhileStoppedAndWorksAfterARestart() {
    Cache<String, String> cache = cache(true);
    cache.put("k", "v");
    server.stop();
    assertThat(cache.get("k")).isNull();
    cache.put("k", "during");
    assertThat(cache.get("k")).isNull();
    cache.remove("k");
    server.restart();
    Circuits.awaitClosed(cache, Duration.ofSeconds(10));
    cache.put("k", "after");
    assertThat(cache.get("k")).isEqualTo("after");
  }

  @Test
  void failOpenDoesNotServeAKeyWrittenDuringTheOutageStale() {
    Cache<String, String> cache = cache(true);
    cache.put("k", "before");
    cache.put("untouched", "kept");
    // frozen, the server keeps its items: the write skipped meanwhile must not leave "before" to be read later
    server.freeze();
    cache.put("k", "during");
    assertThat(cache.get("k")).isNull();
    assertThat(cache.get("untouched")).isNull();
    server.thaw();
    Circuits.awaitClosed(cache, Duration.ofSeconds(10));
    assertThat(cache.get("k")).isNull();
    assertThat(cache.get("untouched")).isEqualTo("kept");
  }
}
