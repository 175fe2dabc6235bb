package dev.cairn.cache.extensions;

import dev.cairn.cache.store.dynamodb.DynaliteServerExtension;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extensions' contract on a private dynalite; each test's manager has a prefix of its own in one table. */
class DynamoExtendedCacheTest extends ExtendedCacheContractTest {

  private static final AtomicInteger PREFIXES = new AtomicInteger();

  @RegisterExtension
  static final DynaliteServerExtension server = new DynaliteServerExtension();

  /** 8 x 1,000: dynalite takes about a millisecond per write, so 80,000 would take a minute and a half. */
  @Override
  protected int incrementsPerThread() {
    return 1_000;
  }

  @Override
  protected CacheManager openManager() {
    return Caching.getCachingProvider().getCacheManager(server.uri("prefix=ext" + PREFIXES.incrementAndGet()),
        getClass().getClassLoader());
  }
}
