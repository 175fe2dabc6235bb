package dev.cairn.examples.hibernate;

import dev.cairn.cache.store.redis.RedisServerExtension;
import dev.cairn.examples.StoreOnlyDocument;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The second-level cache on a private Redis server, with a document that names only the store. */
class HibernateRedisTest extends HibernateSecondLevelCacheTest {

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  static Path directory;

  @Override
  String cacheUri() {
    return StoreOnlyDocument.write(directory, redis.uri("prefix=orm").toString()).toString();
  }
}
