package dev.cairn.cache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.cache.CairnCacheManager;
import dev.cairn.cache.resilience.CircuitBreaker;
import dev.cairn.cache.store.redis.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Boot application on a private Redis chosen by {@code cairn.uri} alone, with a near cache, read over HTTP as an
 * operator would: {@code /actuator/health} follows the server and the circuit breaker down and back up, and
 * {@code /actuator/metrics} times store calls, counts failed ones, near cache hits and an unreadable entry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.cache.cache-names=books",
    "management.endpoints.web.exposure.include=health,metrics",
    "management.endpoint.health.show-details=always"})
class CairnActuatorTest {

  private static final RedisServer REDIS = RedisServer.start();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableCaching
  static class Application {
  }

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry properties) {
    properties.add("cairn.uri", () -> REDIS.uri("prefix=boot&timeout=2s&near=100").toString());
  }

  @AfterAll
  static void stopRedis() {
    REDIS.close();
  }

  @LocalServerPort
  int port;

  @Autowired
  CacheManager jcache;

  @Test
  void cairnUriOpensTheManagerAndBootServesItsCaches() {
    assertThat(jcache).isInstanceOf(CairnCacheManager.class);
    assertThat(jcache.getURI().getScheme()).isEqualTo("redis");
    assertThat(jcache.getCacheNames()).contains("books");
  }

  @Test
  void healthAndTheCircuitAreDownWhileRedisIsStoppedFailedCallsAreCountedAndAllIsUpWhenItReturns()
      throws Exception {
    JsonNode up = get("/actuator/health/cairn/cacheManager");
    assertThat(up.path("status").asText()).isEqualTo("UP");
    assertThat(up.path("details").path("store").asText()).isEqualTo("redis");
    assertThat(up.path("details").path("caches").asInt()).isEqualTo(1);
    assertThat(Duration.parse(up.path("details").path("ping").asText())).isPositive();
    assertThat(up.path("details").path("circuit").asText()).isEqualTo("CLOSED");
    assertThat(up.path("details").path("failOpen").asBoolean(true)).isFalse();
    long openings = up.path("details").path("circuitOpenings").asLong();
    double errorsBefore = errors();

    REDIS.stop();
    try {
      JsonNode down = get("/actuator/health");
      assertThat(down.path("status").asText()).isEqualTo("DOWN");
      JsonNode manager = down.path("components").path("cairn").path("components").path("cacheManager");
      assertThat(manager.path("status").asText()).isEqualTo("DOWN");
      assertThat(manager.path("details").path("error").asText()).contains("Redis");

      Cache<Object, Object> books = jcache.getCache("books");
      for (int i = 0; i < CircuitBreaker.FAILURE_THRESHOLD; i++) {
        assertThatThrownBy(() -> books.get("while-stopped")).isInstanceOf(CacheException.class);
      }
      assertThat(errors()).as("failed store calls").isGreaterThanOrEqualTo(errorsBefore + 3);
      JsonNode unavailable = get("/actuator/metrics/cairn.cache.store.errors?tag=cache:books&tag=operation:get"
          + "&tag=exception:StoreUnavailableException");
      assertThat(unavailable.path("measurements").get(0).path("value").asDouble()).isGreaterThanOrEqualTo(3.0);

      JsonNode open = get("/actuator/health/cairn/cacheManager");
      assertThat(open.path("status").asText()).isEqualTo("DOWN");
      assertThat(open.path("details").path("circuit").asText()).isEqualTo("OPEN");
      assertThat(open.path("details").path("circuitOpenings").asLong()).isEqualTo(openings + 1);
      assertThat(open.path("details").path("error").asText()).as("why it opened").contains("Redis");
      assertThat(circuit("state", "&tag=state:open")).isEqualTo(1.0);
      assertThat(circuit("state", "&tag=state:closed")).isEqualTo(0.0);
      assertThat(circuit("openings", "")).isEqualTo(openings + 1);
      assertThatThrownBy(() -> books.get("not-sent")).isInstanceOf(CacheException.class);
      assertThat(circuit("calls.not.sent", "")).isGreaterThanOrEqualTo(1.0);
    } finally {
      REDIS.restart();
    }

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonNode health;
    do {
      Thread.sleep(100);
      health = get("/actuator/health/cairn/cacheManager");
    } while (!health.path("status").asText().equals("UP") && System.nanoTime() < deadline);
    assertThat(health.path("status").asText()).as("health after Redis returned").isEqualTo("UP");
    assertThat(health.path("details").path("circuit").asText()).isEqualTo("CLOSED");
    assertThat(circuit("state", "&tag=state:closed")).isEqualTo(1.0);
    assertThat(circuit("state", "&tag=state:open")).isEqualTo(0.0);
  }

  /** A circuit breaker meter of the manager, as {@code /actuator/metrics} reports it. */
  private double circuit(String meter, String tags) throws IOException, InterruptedException {
    JsonNode found = get("/actuator/metrics/cairn.cache.circuit." + meter + "?tag=cacheManager:cacheManager"
        + "&tag=store:redis" + tags);
    return found.path("measurements").get(0).path("value").asDouble();
  }

  @Test
  void storeCallsAreTimedPerOperationInTheMetricsEndpoint() throws Exception {
    Cache<Object, Object> books = jcache.getCache("books");
    books.put("timed", "a book");
    books.remove("timed");

    for (String operation : new String[] {"write", "remove"}) {
      JsonNode latency = get("/actuator/metrics/cairn.cache.store.latency?tag=cache:books&tag=operation:"
          + operation);
      assertThat(measurement(latency, "COUNT")).as(operation).isGreaterThanOrEqualTo(1.0);
      assertThat(measurement(latency, "TOTAL_TIME")).as(operation).isPositive();
      assertThat(latency.path("availableTags").toString())
          .contains("\"cacheManager\"", "\"store\"", "\"redis\"");
    }
  }

  @Test
  void nearCacheHitsAreCountedAndItsTrackingShownInHealth() throws Exception {
    Cache<Object, Object> books = jcache.getCache("books");
    books.put("near", "a book");
    // the local tier serves once the server confirms tracking, just after the connection is made
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    double hits;
    do {
      assertThat(books.get("near")).isEqualTo("a book");
      hits = measurement(get("/actuator/metrics/cairn.cache.near.gets?tag=cache:books&tag=result:hit"), "COUNT");
    } while (hits == 0 && System.nanoTime() < deadline);
    assertThat(hits).as("near cache hits").isGreaterThanOrEqualTo(1.0);
    assertThat(measurement(get("/actuator/metrics/cairn.cache.near.gets?tag=cache:books&tag=result:miss"), "COUNT"))
        .isGreaterThanOrEqualTo(1.0);

    books.put("near", "another book");
    assertThat(measurement(get("/actuator/metrics/cairn.cache.near.invalidations?tag=cache:books"), "COUNT"))
        .isGreaterThanOrEqualTo(1.0);
    JsonNode near = get("/actuator/health/cairn/cacheManager").path("details").path("nearCaches").path("books");
    assertThat(near.path("tracking").asBoolean(false)).isTrue();
    assertThat(near.has("size")).isTrue();
  }

  /** Every failed store call of the cache so far, whatever its operation and exception. */
  private double errors() throws IOException, InterruptedException {
    HttpResponse<String> response = send("/actuator/metrics/cairn.cache.store.errors?tag=cache:books");
    // no meter until the first failure
    return response.statusCode() == 404 ? 0 : measurement(JSON.readTree(response.body()), "COUNT");
  }

  private static double measurement(JsonNode meter, String statistic) {
    for (JsonNode measurement : meter.path("measurements")) {
      if (measurement.path("statistic").asText().equals(statistic)) {
        return measurement.path("value").asDouble();
      }
    }
    throw new AssertionError("no " + statistic + " in " + meter);
  }

  @Test
  void anUnreadableEntryIsCountedInTheMetricsEndpoint() throws Exception {
    try (RedisClient client = RedisClient.create(REDIS.uri("").toString());
        StatefulRedisConnection<String, String> raw = client.connect()) {
      raw.sync().set("boot:books:broken", "not a serialized object");
    }
    assertThat(jcache.getCache("books").get("broken")).isNull();

    JsonNode unreadable = get("/actuator/metrics/cairn.cache.unreadable?tag=cache:books");
    assertThat(unreadable.path("measurements").get(0).path("value").asDouble()).isEqualTo(1.0);
    assertThat(unreadable.path("availableTags").toString())
        .contains("\"cache.manager\"", "\"cacheManager\"", "\"store\"", "\"redis\"")
        .doesNotContain("127.0.0.1");
    // Boot's cache meters work on a manager URI with a query, which Micrometer's JCacheMetrics cannot name in JMX
    JsonNode misses = get("/actuator/metrics/cache.gets?tag=cache:books&tag=result:miss&tag=store:redis");
    assertThat(misses.path("measurements").get(0).path("value").asDouble()).isGreaterThanOrEqualTo(1.0);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = send(path);
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isIn(200, 503);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> send(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
