package dev.cairn.cache.instrument;

import dev.cairn.cache.store.ChangeFeed;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Snapshot;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.WriteResult;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * A store whose calls are reported to its cache's {@link StoreCalls}; everything else (capabilities, unreadable
 * entries, the change feed, closing) goes straight to the store it wraps. Each method checks whether anyone
 * listens before it reads the clock, so an unobserved store pays one volatile read per call. Thread-safe if the
 * wrapped store is.
 */
final class InstrumentedStore<K, V> implements Store<K, V> {

  private final Store<K, V> store;
  private final StoreCalls calls;

  InstrumentedStore(Store<K, V> store, StoreCalls calls) {
    this.store = store;
    this.calls = calls;
  }

  @Override
  public V get(K key, long touchTtl) {
    return calls.observed() ? calls.time(StoreOperation.GET, () -> store.get(key, touchTtl))
        : store.get(key, touchTtl);
  }

  @Override
  public Snapshot<V> read(K key) {
    return calls.observed() ? calls.time(StoreOperation.READ, () -> store.read(key)) : store.read(key);
  }

  @Override
  public boolean containsKey(K key) {
    return calls.observed() ? calls.time(StoreOperation.CONTAINS_KEY, () -> store.containsKey(key))
        : store.containsKey(key);
  }

  @Override
  public WriteResult<V> write(K key, V value, Condition condition, long ttlIfAbsent, long ttlIfPresent,
      boolean wantPrevious) {
    return calls.observed()
        ? calls.time(StoreOperation.WRITE,
            () -> store.write(key, value, condition, ttlIfAbsent, ttlIfPresent, wantPrevious))
        : store.write(key, value, condition, ttlIfAbsent, ttlIfPresent, wantPrevious);
  }

  @Override
  public WriteResult<V> remove(K key, Condition condition, boolean wantPrevious) {
    return calls.observed() ? calls.time(StoreOperation.REMOVE, () -> store.remove(key, condition, wantPrevious))
        : store.remove(key, condition, wantPrevious);
  }

  @Override
  public boolean expire(K key, long ttl) {
    return calls.observed() ? calls.time(StoreOperation.EXPIRE, () -> store.expire(key, ttl))
        : store.expire(key, ttl);
  }

  @Override
  public Iterator<K> keys() {
    return calls.observed() ? calls.time(StoreOperation.KEYS, store::keys) : store.keys();
  }

  @Override
  public void clear() {
    if (calls.observed()) {
      calls.run(StoreOperation.CLEAR, store::clear);
    } else {
      store.clear();
    }
  }

  @Override
  public Map<K, V> getAll(Collection<? extends K> keys) {
    return calls.observed() ? calls.time(StoreOperation.GET_ALL, () -> store.getAll(keys)) : store.getAll(keys);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries, long ttlIfAbsent, long ttlIfPresent) {
    if (calls.observed()) {
      calls.run(StoreOperation.PUT_ALL, () -> store.putAll(entries, ttlIfAbsent, ttlIfPresent));
    } else {
      store.putAll(entries, ttlIfAbsent, ttlIfPresent);
    }
  }

  @Override
  public void removeAll(Collection<? extends K> keys) {
    if (calls.observed()) {
      calls.run(StoreOperation.REMOVE_ALL, () -> store.removeAll(keys));
    } else {
      store.removeAll(keys);
    }
  }

  @Override
  public <T> T capability(Class<T> type) {
    return store.capability(type);
  }

  @Override
  public long unreadableEntries() {
    return store.unreadableEntries();
  }

  @Override
  public ChangeFeed<K, V> changeFeed() {
    return store.changeFeed();
  }

  @Override
  public void close() {
    store.close();
  }
}
