package dev.cairn.cache.resilience;

import dev.cairn.cache.store.CacheRegistry;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.ForwardingBackend;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreSettings;
import org.jspecify.annotations.Nullable;

/**
 * A remote backend whose stores sit behind one {@link CircuitBreaker} and a {@link FailureMode}: each store it
 * opens is a {@link ResilientStore}, and its registry a {@link ResilientRegistry}. A store provider for a server
 * (Redis; memcached or DynamoDB alike) wraps its backend in this, so every such store handles failures the same way.
 *
 * <p>Thread-safe.
 */
public final class ResilientBackend extends ForwardingBackend {

  private final CircuitBreaker breaker;
  private final FailureMode mode;
  private final @Nullable ResilientRegistry registry;

  /**
   * @param breaker the breaker of {@code backend}'s server; closed with this backend
   */
  public ResilientBackend(StoreBackend backend, CircuitBreaker breaker, FailureMode mode) {
    super(backend);
    this.breaker = breaker;
    this.mode = mode;
    this.registry = backend.registry() == null ? null : new ResilientRegistry(backend.registry(), breaker, mode);
  }

  public CircuitBreaker breaker() {
    return breaker;
  }

  public FailureMode mode() {
    return mode;
  }

  @Override
  public <K, V> Store<K, V> open(StoreSettings<K, V> settings) {
    return new ResilientStore<>(backend.open(settings), breaker, mode);
  }

  /** Needs the server in both modes: destroying is not a cache operation that can be skipped. */
  @Override
  public void destroy(String cacheName) {
    if (!breaker.allows()) {
      throw breaker.notSentFailure();
    }
    backend.destroy(cacheName);
  }

  @Override
  public @Nullable CacheRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    try {
      breaker.close();
    } finally {
      backend.close();
    }
  }
}
