package dev.cairn.cache.store;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.Codecs;
import dev.cairn.cache.codec.LearnedClasses;
import dev.cairn.cache.codec.SerializationRules;
import org.jspecify.annotations.Nullable;

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
   * The codec for values of {@code type} in this backend's stores; by default {@link Codecs#forType}. A backend
   * whose URI picks another format (Redis's {@code codec=json}) overrides this and {@link #keyCodec}.
   *
   * @param rules what Java serialization may decode in the cache, and where it learns what it writes
   */
  default <T> Codec<T> valueCodec(Class<T> type, SerializationRules rules) {
    return Codecs.forType(type, rules);
  }

  /** The codec for keys of {@code type}; by default {@link Codecs#forKeys} (readable text in untyped caches). */
  default <T> Codec<T> keyCodec(Class<T> type, SerializationRules rules) {
    return Codecs.forKeys(type, rules);
  }

  /**
   * Where the named cache keeps the classes its application wrote (see {@link LearnedClasses}): by default in
   * this JVM only; a backend that survives restarts in a trusted place keeps them there.
   */
  default LearnedClasses learnedClasses(String cacheName) {
    return LearnedClasses.inMemory();
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
  default @Nullable CacheRegistry registry() {
    return null;
  }

  /** Releases connections and files; the data stays. */
  @Override
  void close();
}
