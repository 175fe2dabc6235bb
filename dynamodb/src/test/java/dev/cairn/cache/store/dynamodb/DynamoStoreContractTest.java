package dev.cairn.cache.store.dynamodb;

import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreContractTest;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on a private dynalite; each test gets a prefix of its own in one table. */
class DynamoStoreContractTest extends StoreContractTest {

  private static final AtomicInteger PREFIXES = new AtomicInteger();
  @RegisterExtension
  static final DynaliteServerExtension server = new DynaliteServerExtension();

  @Override
  protected StoreBackend openBackend() {
    return new DynamoStoreProvider().open(server.uri("prefix=contract" + PREFIXES.incrementAndGet()),
        new Properties(), getClass().getClassLoader());
  }
}
