package dev.cairn.cache.store;

import java.net.URI;
import java.util.Properties;
import java.util.Set;

/**
 * Opens a {@link StoreBackend} for the {@code CacheManager} URIs of its schemes ({@code memory}, {@code redis},
 * {@code disk}...). Found with {@link java.util.ServiceLoader}.
 *
 * <p>Implementations are thread-safe and cheap to construct.
 */
public interface StoreProvider {

  /** The URI schemes this provider serves, in lower case. */
  Set<String> schemes();

  /**
   * Opens the backend a manager with this URI uses.
   *
   * @param uri the manager's URI, with one of {@link #schemes()}
   * @param properties the manager's properties (never {@code null})
   * @param classLoader the manager's class loader, used to decode values
   * @throws javax.cache.CacheException if the URI is malformed or the backend cannot be reached
   */
  StoreBackend open(URI uri, Properties properties, ClassLoader classLoader);
}
