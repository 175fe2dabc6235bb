package dev.cairn.examples.hibernate;

import dev.cairn.cache.store.redis.RedisServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second-level cache on a private Redis server: the same document as on memory, with its {@code store}
 * pointing at the server, passed to Hibernate as a {@code file:} URL.
 */
class HibernateRedisTest extends HibernateSecondLevelCacheTest {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  static Path directory;

  @Override
  String cacheUri() {
    try {
      String memory = Files.readString(Path.of(resource("cairn-hibernate.yaml")), StandardCharsets.UTF_8);
      Path document = directory.resolve("cairn-hibernate-redis.yaml");
      Files.writeString(document, memory.replace("store: memory:hibernate", "store: " + redis.uri("prefix=orm")));
      return document.toUri().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
