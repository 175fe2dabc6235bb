package dev.cairn.cache;

import dev.cairn.cache.config.ConfigDocument;
import dev.cairn.cache.config.ConfigDocuments;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreProviders;
import dev.cairn.cache.store.memory.MemoryStoreProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;
import org.jspecify.annotations.Nullable;

/**
 * Cairn's one {@link CachingProvider}. A {@code CacheManager} URI names either a store, whose scheme picks it
 * ({@code memory:}, {@code redis://}...; see docs/stores.md for the list), or a configuration document
 * ({@code classpath:cairn.yaml}, {@code file:...}, {@code jar:...}; see {@link ConfigDocuments}) that names the
 * store and configures the caches.
 *
 * <p>The default URI is, in this order: the system property {@value #URI_PROPERTY} (a store or a document); the
 * document the system property {@value ConfigDocuments#CONFIG_PROPERTY} names; a {@code cairn.yaml} at the root of
 * the class path; the embedded memory store. That lets an application (or a test suite) switch every
 * {@code getCacheManager()} call to Redis without code changes. Managers are kept per class loader and URI, as
 * the spec requires. Thread-safe.
 */
public final class CairnCachingProvider implements CachingProvider {

  /** System property naming the default store URI. */
  public static final String URI_PROPERTY = "cairn.uri";

  private final Map<ClassLoader, Map<URI, CairnCacheManager>> managers = new WeakHashMap<>();

  @Override
  public synchronized CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Map<URI, CairnCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
    CairnCacheManager manager = byUri.get(managerUri);
    if (manager == null) {
      Properties managerProperties = new Properties();
      if (properties != null) {
        managerProperties.putAll(properties);
      }
      ConfigDocument document = ConfigDocuments.isDocument(managerUri)
          ? ConfigDocuments.read(managerUri, loader) : null;
      StoreBackend backend = openStore(document == null ? managerUri : document.storeUri(), document,
          managerProperties, loader);
      manager = new CairnCacheManager(this, managerUri, loader, managerProperties, backend, document);
      byUri.put(managerUri, manager);
    }
    return manager;
  }

  private static StoreBackend openStore(URI storeUri, @Nullable ConfigDocument document, Properties properties,
      ClassLoader loader) {
    try {
      return StoreProviders.open(storeUri, properties, loader);
    } catch (CacheException e) {
      if (document == null) {
        throw e;
      }
      throw new CacheException(document.source() + ", key 'store': " + e.getMessage(), e);
    }
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    return getClass().getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    String configured = System.getProperty(URI_PROPERTY);
    if (configured == null || configured.isBlank()) {
      URI document = ConfigDocuments.defaultLocation(getDefaultClassLoader());
      return document != null ? document : MemoryStoreProvider.DEFAULT_URI;
    }
    try {
      return URI.create(configured.trim());
    } catch (IllegalArgumentException e) {
      // neither the text nor the parser's message (which quotes it) may show a password in user info
      String reason = e.getCause() instanceof java.net.URISyntaxException syntax
          ? syntax.getReason() + " at index " + syntax.getIndex() : "not a URI";
      throw new CacheException("system property " + URI_PROPERTY + " is not a valid URI: "
          + configured.trim().replaceAll("//[^/?#]*@", "//") + " (" + reason + ")");
    }
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    for (CairnCacheManager manager : snapshot(null, null)) {
      manager.close();
    }
  }

  @Override
  public void close(ClassLoader classLoader) {
    for (CairnCacheManager manager : snapshot(classLoader == null ? getDefaultClassLoader() : classLoader, null)) {
      manager.close();
    }
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    for (CairnCacheManager manager : snapshot(classLoader == null ? getDefaultClassLoader() : classLoader,
        managerUri)) {
      manager.close();
    }
  }

  /**
   * Store-by-reference is supported by the memory store; stores that keep bytes refuse it when a cache asks for
   * it. The answer is for the default URI's store (the store its document names, if it names a document).
   */
  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    if (optionalFeature == OptionalFeature.STORE_BY_REFERENCE) {
      URI uri = getDefaultURI();
      URI store = ConfigDocuments.isDocument(uri) ? ConfigDocuments.read(uri, getDefaultClassLoader()).storeUri()
          : uri;
      return "memory".equalsIgnoreCase(store.getScheme());
    }
    return false;
  }

  /** Forgets a manager that closed, so that the next request creates a new one. */
  synchronized void release(CairnCacheManager manager) {
    Map<URI, CairnCacheManager> byUri = managers.get(manager.getClassLoader());
    if (byUri != null) {
      byUri.remove(manager.getURI(), manager);
    }
  }

  private synchronized List<CairnCacheManager> snapshot(@Nullable ClassLoader classLoader, @Nullable URI uri) {
    List<CairnCacheManager> found = new ArrayList<>();
    managers.forEach((loader, byUri) -> {
      if (classLoader == null || classLoader == loader) {
        byUri.forEach((managerUri, manager) -> {
          if (uri == null || uri.equals(managerUri)) {
            found.add(manager);
          }
        });
      }
    });
    return found;
  }
}
