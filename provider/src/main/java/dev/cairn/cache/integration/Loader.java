package dev.cairn.cache.integration;

import java.util.Collections;
import java.util.Map;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.jspecify.annotations.Nullable;

/**
 * Read-through as the engine sees it: a {@link CacheLoader} whose failures all arrive as
 * {@link CacheLoaderException}, or {@link #none()} when the cache does not load, so that callers need no null
 * checks. Thread-safe if the wrapped loader is.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Loader<K, V> {

  private static final Loader<?, ?> NONE = new Loader<>(null);

  private final @Nullable CacheLoader<K, V> delegate;

  private Loader(@Nullable CacheLoader<K, V> delegate) {
    this.delegate = delegate;
  }

  /** A loader that calls {@code delegate}. */
  public static <K, V> Loader<K, V> of(@Nullable CacheLoader<K, V> delegate) {
    return delegate == null ? none() : new Loader<>(delegate);
  }

  /** The loader of a cache that does not read through: it finds nothing. */
  @SuppressWarnings("unchecked")
  public static <K, V> Loader<K, V> none() {
    return (Loader<K, V>) NONE;
  }

  /** Whether a real loader stands behind this one. */
  public boolean isEnabled() {
    return delegate != null;
  }

  /** The loaded value, or {@code null} if the loader has none. */
  public @Nullable V load(K key) {
    if (delegate == null) {
      return null;
    }
    try {
      return delegate.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException("loader failed for key " + key + ": " + e, e);
    }
  }

  /** The loaded entries; keys the loader has no value for are absent or map to {@code null}. */
  public Map<K, V> loadAll(Iterable<? extends K> keys) {
    if (delegate == null) {
      return Collections.emptyMap();
    }
    try {
      Map<K, V> loaded = delegate.loadAll(keys);
      return loaded == null ? Collections.emptyMap() : loaded;
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException("loader failed: " + e, e);
    }
  }
}
