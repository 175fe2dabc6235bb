package dev.cairn.cache.extensions;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The asynchronous view of a {@link CacheSet}, with its rules: each operation returns a {@link CompletionStage} with
 * the result or the exception the synchronous one would have given. On Redis each is one command sent through
 * Lettuce's asynchronous API, and no thread waits for it (sets have no writer or listener to involve); elsewhere as
 * {@link AsyncExtendedCache} says. Thread-safe.
 *
 * @param <E> member type
 */
public final class AsyncCacheSet<E> {

  private final AsyncExtendedCache<Object, Object> cache;
  private final CacheSet<E> sync;
  private final Object key;

  @SuppressWarnings("unchecked")
  <K, V> AsyncCacheSet(AsyncExtendedCache<K, V> cache, CacheSet<E> sync, K key) {
    this.cache = (AsyncExtendedCache<Object, Object>) cache;
    this.sync = sync;
    this.key = key;
  }

  /** The synchronous view. */
  public CacheSet<E> sync() {
    return sync;
  }

  /** See {@link CacheSet#add}. */
  public CompletionStage<Boolean> add(E member) {
    return cache.onSets("sadd", key, () -> sync.add(member),
        sets -> sets.addAsync(key, List.of(sync.checked(member))).thenApply(added -> added == 1));
  }

  /** See {@link CacheSet#addAll}. */
  public CompletionStage<Integer> addAll(Collection<? extends E> members) {
    return cache.onSets("sadd", key, () -> sync.addAll(members),
        sets -> sets.addAsync(key, sync.checkedAll(members)).thenApply(Long::intValue));
  }

  /** See {@link CacheSet#remove}. */
  public CompletionStage<Boolean> remove(E member) {
    return cache.onSets("srem", key, () -> sync.remove(member),
        sets -> sets.removeAsync(key, List.of(sync.checked(member))).thenApply(removed -> removed == 1));
  }

  /** See {@link CacheSet#members}. */
  @SuppressWarnings("unchecked")
  public CompletionStage<Set<E>> members() {
    return cache.onSets("smembers", key, sync::members,
        sets -> sets.membersAsync(key).thenApply(members -> Collections.unmodifiableSet((Set<E>) members)));
  }

  /** See {@link CacheSet#contains}. */
  public CompletionStage<Boolean> contains(E member) {
    return cache.onSets("sismember", key, () -> sync.contains(member),
        sets -> sets.containsAsync(key, sync.checked(member)));
  }

  /** See {@link CacheSet#size}. */
  public CompletionStage<Integer> size() {
    return cache.onSets("scard", key, sync::size, sets -> sets.sizeAsync(key).thenApply(Long::intValue));
  }
}
