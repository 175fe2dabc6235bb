package dev.cairn.cache.store.memory;

import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreProvider;
import dev.cairn.cache.store.StoreSettings;
import java.net.URI;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code memory:} scheme: entries on the JVM heap, on Caffeine. The default store. A cache's data lives as
 * long as the cache is open; nothing is shared between managers.
 */
public final class MemoryStoreProvider implements StoreProvider {

  /** The default URI: the embedded memory store. */
  public static final URI DEFAULT_URI = URI.create("memory:default");

  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public StoreBackend open(URI uri, Properties properties, ClassLoader classLoader) {
    return new StoreBackend() {
      @Override
      public <K, V> Store<K, V> open(StoreSettings<K, V> settings) {
        return new MemoryStore<>(settings);
      }

      @Override
      public void destroy(String cacheName) {
        // the data lives in the open store and goes when the engine closes it
      }

      @Override
      public boolean copiesValues() {
        return false;
      }

      @Override
      public void close() {
      }
    };
  }
}
