package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreContractTest;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on a private redis-server; each test gets a prefix of its own. */
class RedisStoreContractTest extends StoreContractTest {

  private static final AtomicInteger PREFIXES = new AtomicInteger();
  @RegisterExtension
  static final RedisServerExtension server = new RedisServerExtension();

  @Override
  protected StoreBackend openBackend() {
    return new RedisStoreProvider().open(server.uri("prefix=contract" + PREFIXES.incrementAndGet()),
        new Properties(), getClass().getClassLoader());
  }
}
