package dev.cairn.cache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.cache.CairnCacheManager;
import dev.cairn.cache.store.redis.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * A Boot application on a private Redis chosen by {@code cairn.uri} alone, read over HTTP as an operator would:
 * {@code /actuator/health} follows the server down and back up, and {@code /actuator/metrics} counts an unreadable
 * entry.
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
    properties.add("cairn.uri", () -> REDIS.uri("prefix=boot&timeout=2s").toString());
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
  void healthIsDownWhileRedisIsStoppedAndUpWhenItReturns() throws Exception {
    JsonNode up = get("/actuator/health/cairn/cacheManager");
    assertThat(up.path("status").asText()).isEqualTo("UP");
    assertThat(up.path("details").path("store").asText()).isEqualTo("redis");
    assertThat(up.path("details").path("caches").asInt()).isEqualTo(1);
    assertThat(Duration.parse(up.path("details").path("ping").asText())).isPositive();

    REDIS.stop();
    try {
      JsonNode down = get("/actuator/health");
      assertThat(down.path("status").asText()).isEqualTo("DOWN");
      JsonNode manager = down.path("components").path("cairn").path("components").path("cacheManager");
      assertThat(manager.path("status").asText()).isEqualTo("DOWN");
      assertThat(manager.path("details").path("error").asText()).contains("Redis");
    } finally {
      REDIS.restart();
    }

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String status;
    do {
      Thread.sleep(100);
      status = get("/actuator/health/cairn/cacheManager").path("status").asText();
    } while (!status.equals("UP") && System.nanoTime() < deadline);
    assertThat(status).as("health after Redis returned").isEqualTo("UP");
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
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isIn(200, 503);
    return JSON.readTree(response.body());
  }
}
