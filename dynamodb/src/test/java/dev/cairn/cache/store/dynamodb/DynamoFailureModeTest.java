package dev.cairn.cache.store.dynamodb;

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
 * DynamoDB behind the circuit breaker: a frozen server ({@code SIGSTOP}) or a killed one gives a
 * {@code CacheException} within the URI's timeout, never a hang; an open breaker answers at once; once the server is
 * back (its data kept on disk, as a real table's) the cache works again by itself, in both failure modes.
 */
class DynamoFailureModeTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private DynaliteServer server;
  private CairnCachingProvider provider;

  @BeforeEach
  void start() {
    server = DynaliteServer.start();
    provider = new CairnCachingProvider();
  }

  @AfterEach
  void stop() {
    provider.close();
    server.close();
  }

  private Cache<String, String> cache(boolean failOpen) {
    return provider.getCacheManager(server.uri("timeout=" + TIMEOUT.toMillis() + "ms&connectTimeout=300ms"
        + "&prefix=modes&failOpen=" + failOpen), getClass().getClassLoader()).createCache("c",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @Test
  void aFrozenServerFailsWithinTheTimeoutThenFastAndRecoversAfterAThaw() {
    Cache<String, String> cache = cache(false);
    cache.put("k", "v");
    cache.put("untouched", "kept");
    server.freeze();
    long start = System.nanoTime();
    assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheException.class)
        .hasMessageContaining("did not answer within " + TIMEOUT.toMillis() + " ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusMillis(400));
    for (int i = 1; i < CircuitBreaker.FAILURE_THRESHOLD && !Circuits.state(cache).equals("OPEN"); i++) {
      assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheException.class);
    }
    assertThat(Circuits.state(cache)).isEqualTo("OPEN");
    start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> cache.put("k", "w")).isInstanceOf(CacheException.class);
    }
    // twenty calls while open take less than one timeout: none of them waited for the server
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
    server.thaw();
    Circuits.awaitClosed(cache, Duration.ofSeconds(15));
    // a write whose outcome is unknown is not read stale: recovery removed "k"; the rest is as it was
    assertThat(cache.get("k")).isNull();
    assertThat(cache.get("untouched")).isEqualTo("kept");
  }

  @Test
  void aKilledServerFailsWithinTheTimeoutAndTheDataIsThereAfterARestart() {
    Cache<String, String> cache = cache(false);
    cache.put("k", "before");
    cache.put("untouched", "kept");
    server.stop();
    long start = System.nanoTime();
    assertThatThrownBy(() -> cache.put("k", "during")).isInstanceOf(CacheException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusMillis(400));
    server.restart();
    Circuits.awaitClosed(cache, Duration.ofSeconds(15));
    assertThat(cache.get("k")).isNull();
    assertThat(cache.get("untouched")).isEqualTo("kept");
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
    server.restart();
    Circuits.awaitClosed(cache, Duration.ofSeconds(15));
    cache.put("k", "after");
    assertThat(cache.get("k")).isEqualTo("after");
  }
}
