package dev.cairn.cache.extensions;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;

/** The extensions' contract on the memory store. */
class MemoryExtendedCacheTest extends ExtendedCacheContractTest {

  private static final AtomicInteger MANAGERS = new AtomicInteger();

  @Override
  protected CacheManager openManager() {
    return Caching.getCachingProvider().getCacheManager(URI.create("memory:ext-" + MANAGERS.incrementAndGet()),
        getClass().getClassLoader());
  }
}
