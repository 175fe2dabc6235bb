package dev.cairn.cache.resilience;

import dev.cairn.cache.store.CacheRegistry;
import dev.cairn.cache.store.PingCapability;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.ForwardingBackend;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.StoreUnavailableException;
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

  /**
   * {@code backend} behind a new breaker for {@code target}, after a first round trip ({@code check}) so that a wrong
   * address fails when the manager is created rather than on first use. With {@code failOpen} an unreachable server
   * is not an error: the breaker starts open, and closes when a probe gets through. {@code backend} is closed if
   * this throws.
   *
   * @throws StoreUnavailableException if the server did not answer and {@code failOpen} is false
   */
  public static ResilientBackend afterFirstContact(StoreBackend backend, String target, PingCapability probe,
      boolean failOpen, Runnable check) {
    StoreUnavailableException unreachable = null;
    try {
      check.run();
    } catch (StoreUnavailableException e) {
      if (!failOpen) {
        backend.close();
        throw e;
      }
      unreachable = e;
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
    CircuitBreaker breaker = new CircuitBreaker(target, probe);
    if (unreachable != null) {
      breaker.open(unreachable);
    }
    return new ResilientBackend(backend, breaker, failOpen ? FailureMode.OPEN : FailureMode.CLOSED);
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
