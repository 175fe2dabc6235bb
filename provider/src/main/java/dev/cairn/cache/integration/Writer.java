package dev.cairn.cache.integration;

import dev.cairn.cache.CairnEntry;
import java.util.Collection;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import org.jspecify.annotations.Nullable;

/**
 * Write-through as the engine sees it: a {@link CacheWriter} whose failures all arrive as
 * {@link CacheWriterException}, or {@link #none()} when the cache does not write through.
 *
 * <p>For the batch calls the spec's partial-failure contract holds: the writer removes from the collection what
 * it wrote, so after a failure the collection holds exactly the entries (keys) that were not written.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Writer<K, V> {

  private static final Writer<?, ?> NONE = new Writer<>(null);

  private final @Nullable CacheWriter<K, V> delegate;

  private Writer(@Nullable CacheWriter<K, V> delegate) {
    this.delegate = delegate;
  }

  /** A writer that calls {@code delegate}. */
  @SuppressWarnings("unchecked")
  public static <K, V> Writer<K, V> of(@Nullable CacheWriter<? super K, ? super V> delegate) {
    // a writer of supertypes accepts our entries; the cast only narrows what the compiler knows
    return delegate == null ? none() : new Writer<>((CacheWriter<K, V>) delegate);
  }

  /** The writer of a cache that does not write through: it does nothing. */
  @SuppressWarnings("unchecked")
  public static <K, V> Writer<K, V> none() {
    return (Writer<K, V>) NONE;
  }

  public boolean isEnabled() {
    return delegate != null;
  }

  /** Writes one entry; without a writer it returns at once and allocates nothing. */
  public void write(K key, V value) {
    if (delegate != null) {
      try {
        delegate.write(new CairnEntry<>(key, value));
      } catch (CacheWriterException e) {
        throw e;
      } catch (Exception e) {
        throw new CacheWriterException("writer failed for key " + key + ": " + e, e);
      }
    }
  }

  /** Writes the entries; on failure {@code entries} keeps those not written. */
  public void writeAll(Collection<Cache.Entry<? extends K, ? extends V>> entries) {
    if (delegate != null && !entries.isEmpty()) {
      try {
        delegate.writeAll(entries);
      } catch (CacheWriterException e) {
        throw e;
      } catch (Exception e) {
        throw new CacheWriterException("writer failed: " + e, e);
      }
    }
  }

  public void delete(K key) {
    if (delegate != null) {
      try {
        delegate.delete(key);
      } catch (CacheWriterException e) {
        throw e;
      } catch (Exception e) {
        throw new CacheWriterException("writer failed to delete key " + key + ": " + e, e);
      }
    }
  }

  /** Deletes the keys; on failure {@code keys} keeps those not deleted. */
  public void deleteAll(Collection<?> keys) {
    if (delegate != null && !keys.isEmpty()) {
      try {
        delegate.deleteAll(keys);
      } catch (CacheWriterException e) {
        throw e;
      } catch (Exception e) {
        throw new CacheWriterException("writer failed: " + e, e);
      }
    }
  }
}
