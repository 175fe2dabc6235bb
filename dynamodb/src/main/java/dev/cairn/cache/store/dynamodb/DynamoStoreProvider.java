package dev.cairn.cache.store.dynamodb;

import dev.cairn.cache.resilience.ResilientBackend;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreProvider;
import java.net.URI;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code dynamodb://table} scheme, with the parameters {@link DynamoLocation} lists. Entries live in the table,
 * shared by every manager and JVM with the same table and prefix, and outlive the manager; {@code destroyCache}
 * deletes them. See {@code docs/dynamodb.md} for the design. Found by {@link java.util.ServiceLoader} when
 * {@code cairn-dynamodb} is on the class path.
 */
public final class DynamoStoreProvider implements StoreProvider {

  @Override
  public Set<String> schemes() {
    return Set.of(DynamoLocation.SCHEME);
  }

  /**
   * Checks (and if allowed creates) the table, so that a wrong name or endpoint fails when the manager is created;
   * with {@code failOpen=true} an unreachable endpoint is not an error: the manager starts with its circuit breaker
   * open, and the table is checked by the first probe that gets through. The backend's stores sit behind one
   * circuit breaker (see {@link ResilientBackend}) in both failure modes, as on Redis and memcached.
   */
  @Override
  public StoreBackend open(URI uri, Properties properties, ClassLoader classLoader) {
    DynamoLocation location = DynamoLocation.parse(uri);
    DynamoClient client = new DynamoClient(location);
    DynamoBackend backend = new DynamoBackend(client, location.prefix(), location.json());
    return ResilientBackend.afterFirstContact(backend, location.description(), backend::ping, location.failOpen(),
        () -> DynamoTable.ensure(client, location.createTable()));
  }
}
