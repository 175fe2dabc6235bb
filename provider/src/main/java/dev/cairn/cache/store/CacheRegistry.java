package dev.cairn.cache.store;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An optional capability of a {@link StoreBackend} whose caches outlive a manager: the list of caches and their
 * settings, so that a cache created by one JVM is found by {@code getCache} in another (Redis) or after a restart
 * (disk), and a destroyed one disappears for all.
 *
 * <p>Descriptors are plain text written by Cairn ({@code dev.cairn.cache.config.CacheDescriptor}); a backend
 * stores them as given. Thread-safe.
 */
public interface CacheRegistry {

  /** Records a cache unless one of that name is already recorded; returns the descriptor now recorded. */
  String register(String cacheName, String descriptor);

  /** The recorded descriptor, or {@code null}. */
  @Nullable String lookup(String cacheName);

  /** The names of every recorded cache. */
  Set<String> names();

  /** Forgets a cache. */
  void unregister(String cacheName);

  /**
   * Whether this registry keeps {@link #recordDestroyed}, so that a cache missing from it can be told apart: ended
   * by {@code destroyCache}, or lost with the store's data (a restart without persistence, a flush). A registry that
   * does not keep it (the default) has every missing cache read as destroyed.
   */
  default boolean keepsDestroyed() {
    return false;
  }

  /** Records that the life {@code epoch} of a cache was ended by {@code destroyCache}; by default nothing. */
  default void recordDestroyed(String cacheName, String epoch) {
  }

  /** The epoch last given to {@link #recordDestroyed} for the cache, or {@code null}. */
  default @Nullable String destroyedEpoch(String cacheName) {
    return null;
  }
}
