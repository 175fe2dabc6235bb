package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreContractTest;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on a private redis-server; each test gets a prefix of its own. */
class RedisStoreContractTest extends StoreContractTest {

  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static RedisServer server;

  @BeforeAll
  static void startServer() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected StoreBackend openBackend() {
    return new RedisStoreProvider().open(server.uri("prefix=contract" + PREFIXES.incrementAndGet()),
        new Properties(), getClass().getClassLoader());
  }
}
