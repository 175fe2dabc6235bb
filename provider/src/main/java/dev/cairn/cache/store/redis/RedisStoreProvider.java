package dev.cairn.cache.store.redis;

import dev.cairn.cache.near.NearBackend;
import dev.cairn.cache.resilience.CircuitBreaker;
import dev.cairn.cache.resilience.FailureMode;
import dev.cairn.cache.resilience.ResilientBackend;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreUnavailableException;
import dev.cairn.cache.store.StoreProvider;
import java.net.URI;
import java.util.Properties;
import java.util.Set;

/**
 * The Redis schemes: {@code redis://}, {@code rediss://} (TLS), {@code redis-sentinel://} and
 * {@code redis-cluster://}, with the parameters {@link RedisLocation} lists. Entries live on the server, shared by
 * every manager and JVM with the same URI and prefix, and outlive the manager; {@code destroyCache} deletes them.
 * Needs Redis 6.2 or later ({@code GETEX}, {@code GETDEL}, {@code SET ... GET}).
 */
public final class RedisStoreProvider implements StoreProvider {

  @Override
  public Set<String> schemes() {
    return RedisLocation.SCHEMES;
  }

  /**
   * Connects at once, so that a wrong address fails when the manager is created rather than on first use; with
   * {@code failOpen=true} an unreachable server is not an error: the manager starts, and connects when it can. The
   * backend's stores sit behind one {@link CircuitBreaker} (see {@link ResilientBackend}), in both failure modes;
   * beneath it, each store whose cache asks for a near cache gets one ({@link NearBackend}).
   */
  @Override
  public StoreBackend open(URI uri, Properties properties, ClassLoader classLoader) {
    RedisLocation location = RedisLocation.parse(uri);
    StoreUnavailableException unreachable = null;
    RedisConnection connection;
    try {
      connection = RedisConnection.open(location);
    } catch (StoreUnavailableException e) {
      if (!location.failOpen()) {
        throw e;
      }
      unreachable = e;
      connection = RedisConnection.connectingLater(location);
    }
    CircuitBreaker breaker = new CircuitBreaker(location.description(), connection::ping);
    if (unreachable != null) {
      breaker.open(unreachable);
    }
    RedisBackend backend = new RedisBackend(connection, location.prefix(), location.json(),
        new ValueSizeLimit(location.maxValueSize()));
    return new ResilientBackend(new NearBackend(backend, location.near(), breaker), breaker,
        location.failOpen() ? FailureMode.OPEN : FailureMode.CLOSED);
  }
}
