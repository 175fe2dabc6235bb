package dev.cairn.examples.spring;

import dev.cairn.cache.store.redis.RedisServerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Spring's caching on a private Redis server: the memory document with its {@code store} pointing there. */
class SpringRedisTest extends SpringCacheTest {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  static Path directory;

  @Override
  URI document() {
    try (InputStream in = getClass().getResourceAsStream("cairn-spring.yaml")) {
      String memory = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Path document = directory.resolve("cairn-spring-redis.yaml");
      Files.writeString(document, memory.replace("store: memory:spring", "store: " + redis.uri("prefix=spring")));
      return document.toUri();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
