package dev.cairn.cache.near;

import dev.cairn.cache.config.NearCacheSettings;
import dev.cairn.cache.resilience.CircuitBreaker;
import dev.cairn.cache.store.ForwardingBackend;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.TrackingCapability;
import java.util.Set;
import javax.cache.CacheException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A remote backend whose stores get a near cache ({@link NearStore}) where their settings ask for one, or else the
 * backend's default (a Redis URI's {@code near}). A store without {@link TrackingCapability} cannot have one (without
 * the server's invalidations a local copy could be stale): asking for it fails.
 *
 * <p>Sits beneath the backend's failure handling ({@code ResilientBackend}): while the circuit is open no call
 * reaches a near store, so none serves a copy the server could not invalidate; and each opening and closing of the
 * circuit empties every local tier, since invalidations may have been lost while the server was away. Thread-safe.
 */
public final class NearBackend extends ForwardingBackend {

  private final NearCacheSettings defaults;
  private final Set<NearStore<?, ?>> open = ConcurrentHashMap.newKeySet();

  /**
   * @param defaults the near cache of stores whose settings say nothing
   * @param breaker the breaker of {@code backend}'s server
   */
  public NearBackend(StoreBackend backend, NearCacheSettings defaults, CircuitBreaker breaker) {
    super(backend);
    this.defaults = defaults;
    breaker.onStateChange(state -> {
      if (state != CircuitBreaker.State.HALF_OPEN) {
        open.forEach(NearStore::flush);
      }
    });
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Store<K, V> open(StoreSettings<K, V> settings) {
    Store<K, V> store = backend.open(settings);
    NearCacheSettings near = settings.near() != null ? settings.near() : defaults;
    if (!near.enabled()) {
      return store;
    }
    TrackingCapability<K, V> tracking = store.capability(TrackingCapability.class);
    if (tracking == null) {
      store.close();
      throw new CacheException("cache " + settings.cacheName() + ": its store cannot tell which entries change, "
          + "so it cannot have a near cache; turn near off for it");
    }
    NearStore<K, V> nearStore = new NearStore<>(store, tracking, settings.valueCodec(), near);
    open.add(nearStore);
    nearStore.whenClosed(() -> open.remove(nearStore));
    return nearStore;
  }
}
