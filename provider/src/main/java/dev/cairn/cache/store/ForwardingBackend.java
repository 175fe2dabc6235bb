package dev.cairn.cache.store;

import dev.cairn.cache.codec.Codec;
import dev.cairn.cache.codec.LearnedClasses;
import dev.cairn.cache.codec.SerializationRules;
import org.jspecify.annotations.Nullable;

/**
 * A {@link StoreBackend} that hands every call to another one: the base of decorators that change how stores are
 * opened (failure handling, near caches) and forward the rest. Thread-safe if the backend it forwards to is.
 */
public abstract class ForwardingBackend implements StoreBackend {

  /** The backend this one forwards to. */
  protected final StoreBackend backend;

  protected ForwardingBackend(StoreBackend backend) {
    this.backend = backend;
  }

  @Override
  public <K, V> Store<K, V> open(StoreSettings<K, V> settings) {
    return backend.open(settings);
  }

  @Override
  public <T> Codec<T> valueCodec(Class<T> type, SerializationRules rules) {
    return backend.valueCodec(type, rules);
  }

  @Override
  public <T> Codec<T> keyCodec(Class<T> type, SerializationRules rules) {
    return backend.keyCodec(type, rules);
  }

  @Override
  public LearnedClasses learnedClasses(String cacheName) {
    return backend.learnedClasses(cacheName);
  }

  @Override
  public void destroy(String cacheName) {
    backend.destroy(cacheName);
  }

  @Override
  public boolean copiesValues() {
    return backend.copiesValues();
  }

  @Override
  public boolean supportsStoreByReference() {
    return backend.supportsStoreByReference();
  }

  @Override
  public @Nullable CacheRegistry registry() {
    return backend.registry();
  }

  @Override
  public void close() {
    backend.close();
  }
}
