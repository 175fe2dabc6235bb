package dev.cairn.cache.store;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.Codecs;
import java.util.List;

/**
 * One place where stores live, opened once per {@code CacheManager}: a map of memory, a Redis connection, a
 * directory. It opens each cache's {@link Store} and owns what those stores share.
 *
 * <p>Implementations are thread-safe.
 */
public interface StoreBackend extends AutoCloseable {

  /** Opens (creating if needed) the store of one cache. */
  <K, V> Store<K, V> open(StoreSettings<K, V> settings);

  /**
   * The codec for keys or values of {@code type} in this backend's stores; by default {@link Codecs#forType}. A
   * backend whose URI picks another format (Redis's {@code codec=json}) overrides this.
   *
   * @param extraAllowed more classes that Java serialization may decode, as filter patterns
   */
  default <T> Codec<T> codec(Class<T> type, ClassLoader classLoader, List<String> extraAllowed) {
    return Codecs.forType(type, classLoader, extraAllowed);
  }

  /** Deletes all data of the named cache, whether or not a store for it is open. */
  void destroy(String cacheName);

  /**
   * Whether values come back from this backend as fresh objects (because it keeps bytes), so that the engine
   * need not copy them itself to honour store-by-value.
   */
  boolean copiesValues();

  /** Whether this backend can keep references to the caller's objects, as store-by-reference asks. */
  default boolean supportsStoreByReference() {
    return !copiesValues();
  }

  /**
   * The registry of caches that outlive this manager: shared with other processes (Redis) or kept across restarts
   * (disk); {@code null} for a backend whose caches live only as long as the manager (memory).
   */
  default CacheRegistry registry() {
    return null;
  }

  /** Releases connections and files; the data stays. */
  @Override
  void close();
}
