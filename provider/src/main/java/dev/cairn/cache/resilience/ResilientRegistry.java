package dev.cairn.cache.resilience;

import dev.cairn.cache.store.CacheRegistry;
import dev.cairn.cache.store.StoreUnavailableException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A shared cache registry behind the backend's {@link CircuitBreaker}. In {@link FailureMode#CLOSED} its calls fail
 * at once while the breaker is open. In {@link FailureMode#OPEN} a manager can start and create caches while the
 * server is away: {@link #register} records the cache here and registers it on the server at the first
 * {@link #lookup} that reaches it; {@link #lookup} answers what this registry last saw (nothing for a cache it never
 * saw); {@link #names} the names it saw. {@link #unregister} needs the server in both modes.
 *
 * <p>After an outage, before the breaker closes, the caches this registry saw are registered again where they are
 * missing ({@code HSETNX}: an entry present is kept), so that a server restarted empty does not make every open
 * cache look destroyed by another process. The price: a cache another process destroyed during the outage comes
 * back.
 *
 * <p>Thread-safe.
 */
final class ResilientRegistry implements CacheRegistry, CircuitBreaker.Recovery {

  private final CacheRegistry registry;
  private final CircuitBreaker breaker;
  private final FailureMode mode;
  private final Map<String, String> seen = new ConcurrentHashMap<>();
  private final Map<String, String> deferred = new ConcurrentHashMap<>();

  ResilientRegistry(CacheRegistry registry, CircuitBreaker breaker, FailureMode mode) {
    this.registry = registry;
    this.breaker = breaker;
    this.mode = mode;
    breaker.register(this);
  }

  @Override
  public void recover() {
    seen.forEach((name, descriptor) -> {
      String registered = registry.register(name, descriptor);
      deferred.remove(name, descriptor);
      seen.put(name, registered);
    });
  }

  @Override
  public String register(String cacheName, String descriptor) {
    String registered = call(() -> registry.register(cacheName, descriptor), () -> {
      deferred.put(cacheName, descriptor);
      return descriptor;
    });
    seen.put(cacheName, registered);
    return registered;
  }

  @Override
  public String lookup(String cacheName) {
    String found = call(() -> {
      String waiting = deferred.get(cacheName);
      if (waiting == null) {
        return registry.lookup(cacheName);
      }
      String registered = registry.register(cacheName, waiting);
      deferred.remove(cacheName, waiting);
      return registered;
    }, () -> seen.get(cacheName));
    if (found == null) {
      seen.remove(cacheName);
    } else {
      seen.put(cacheName, found);
    }
    return found;
  }

  @Override
  public Set<String> names() {
    return call(registry::names, () -> new LinkedHashSet<>(seen.keySet()));
  }

  @Override
  public void unregister(String cacheName) {
    if (!breaker.allows()) {
      throw breaker.notSentFailure();
    }
    registry.unregister(cacheName);
    seen.remove(cacheName);
    deferred.remove(cacheName);
  }

  @Override
  public boolean keepsDestroyed() {
    return registry.keepsDestroyed();
  }

  /** Needs the server in both modes, as {@link #unregister}. */
  @Override
  public void recordDestroyed(String cacheName, String epoch) {
    if (!breaker.allows()) {
      throw breaker.notSentFailure();
    }
    registry.recordDestroyed(cacheName, epoch);
  }

  @Override
  public String destroyedEpoch(String cacheName) {
    return call(() -> registry.destroyedEpoch(cacheName), () -> null);
  }

  private <T> T call(Supplier<T> step, Supplier<T> fallback) {
    if (!breaker.allows()) {
      breaker.countNotSent();
      if (mode == FailureMode.OPEN) {
        return fallback.get();
      }
      throw breaker.notSentFailure();
    }
    try {
      T result = step.get();
      breaker.recordSuccess();
      return result;
    } catch (StoreUnavailableException e) {
      breaker.recordFailure(e);
      if (mode == FailureMode.OPEN) {
        return fallback.get();
      }
      throw e;
    }
  }
}
