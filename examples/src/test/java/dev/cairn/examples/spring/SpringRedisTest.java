package dev.cairn.examples.spring;

import dev.cairn.cache.store.redis.RedisServerExtension;
import dev.cairn.examples.StoreOnlyDocument;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Spring's caching on a private Redis server, with a document that names only the store. */
class SpringRedisTest extends SpringCacheTest {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  static Path directory;

  @Override
  URI document() {
    return StoreOnlyDocument.write(directory, redis.uri("prefix=spring").toString());
  }
}
