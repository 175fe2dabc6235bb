package dev.cairn.cache.extensions;

import dev.cairn.cache.store.memcached.MemcachedServerExtension;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extensions' contract on a private memcached; each test's manager has a key prefix of its own. */
class MemcachedExtendedCacheTest extends ExtendedCacheContractTest {

  private static final AtomicInteger PREFIXES = new AtomicInteger();

  @RegisterExtension
  static final MemcachedServerExtension server = new MemcachedServerExtension();

  @Override
  protected CacheManager openManager() {
    return Caching.getCachingProvider().getCacheManager(server.uri("prefix=ext" + PREFIXES.incrementAndGet()),
        getClass().getClassLoader());
  }
}
