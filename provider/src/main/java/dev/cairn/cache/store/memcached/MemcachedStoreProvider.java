package dev.cairn.cache.store.memcached;

import dev.cairn.cache.resilience.ResilientBackend;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreProvider;
import java.net.URI;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code memcached://host:port[,host:port...]} scheme, with the parameters {@link MemcachedLocation} lists.
 * Entries live on the servers, spread by consistent hashing, shared by every manager and JVM with the same servers
 * and prefix, and outlive the manager; {@code destroyCache} deletes them. Needs memcached 1.6 or later (the meta
 * protocol). See {@code docs/memcached.md} for the design.
 */
public final class MemcachedStoreProvider implements StoreProvider {

  @Override
  public Set<String> schemes() {
    return Set.of(MemcachedLocation.SCHEME);
  }

  /**
   * Pings every server at once, so that a wrong address fails when the manager is created rather than on first use;
   * with {@code failOpen=true} an unreachable server is not an error: the manager starts with its circuit breaker
   * open, and connects when a probe gets through. The backend's stores sit behind one circuit breaker (see
   * {@link ResilientBackend}) in both failure modes, as on Redis.
   */
  @Override
  public StoreBackend open(URI uri, Properties properties, ClassLoader classLoader) {
    MemcachedLocation location = MemcachedLocation.parse(uri);
    MetaClient client = new MetaClient(location);
    return ResilientBackend.afterFirstContact(new MemcachedBackend(client, location.prefix(), location.json()),
        location.description(), client::ping, location.failOpen(), client::ping);
  }
}
