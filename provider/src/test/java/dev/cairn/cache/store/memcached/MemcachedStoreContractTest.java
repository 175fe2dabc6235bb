package dev.cairn.cache.store.memcached;

import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreContractTest;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on a private memcached; each test gets a prefix of its own. */
class MemcachedStoreContractTest extends StoreContractTest {

  private static final AtomicInteger PREFIXES = new AtomicInteger();
  @RegisterExtension
  static final MemcachedServerExtension server = new MemcachedServerExtension();

  @Override
  protected StoreBackend openBackend() {
    return new MemcachedStoreProvider().open(server.uri("prefix=contract" + PREFIXES.incrementAndGet()),
        new Properties(), getClass().getClassLoader());
  }
}
