package dev.cairn.cache.extensions;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A set of values stored under one cache key, a live view: every call reads or changes the store, in one atomic
 * step (across JVMs on Redis). On Redis it is a native set ({@code SADD}, {@code SREM}, {@code SMEMBERS},
 * {@code SISMEMBER}, {@code SCARD}, one command each) under {@code prefix:%set:<cache>:<key>}; the memory and disk
 * stores keep sets with the same rules (on disk as durably as entries, surviving a restart).
 *
 * <p><b>Rules, the same on every store.</b>
 * <ul>
 *   <li>A set is not an entry: it lives beside the entry with the same key, which {@code get}, {@code getAll},
 *       {@code containsKey}, iteration and the listeners keep seeing as before, and it never sees that entry.</li>
 *   <li>Members are values of the cache: of its value type, and encoded by its value codec (strings and numbers as
 *       text, other types by Java serialization with the allow-list, or JSON on Redis with {@code codec=json}). Two
 *       members are the same when their encoded bytes are, as Redis compares them.</li>
 *   <li>An absent set reads as empty; removing the last member removes the set. Sets have no time to live.</li>
 *   <li>{@code Cache.clear()} and {@code CacheManager.destroyCache} remove the cache's sets with its entries.
 *       {@code Cache.removeAll()} does not: it is defined as removing each entry (with the writer and REMOVED
 *       events), and a set is no entry.</li>
 *   <li>Changes to sets are not JCache writes: no writer call, no event, no statistics. Sets belong to the view's
 *       key version, as entries do.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link AsyncExtendedCache#set} gives the asynchronous form.
 *
 * @param <E> member type, the cache's value type or a subtype of it
 */
public final class CacheSet<E> {

  private final ExtendedCache<Object, Object> cache;
  private final Object key;

  @SuppressWarnings("unchecked")
  <K, V> CacheSet(ExtendedCache<K, V> cache, K key) {
    this.cache = (ExtendedCache<Object, Object>) cache;
    this.key = key;
  }

  /** @return whether {@code member} was not there before */
  public boolean add(E member) {
    List<Object> checked = List.of(checked(member));
    return cache.onSets("sadd", key, sets -> sets.add(key, checked)) == 1;
  }

  /** @return how many of {@code members} were not there before */
  public int addAll(Collection<? extends E> members) {
    List<Object> checked = checkedAll(members);
    return (int) (long) cache.onSets("sadd", key, sets -> sets.add(key, checked));
  }

  /** @return whether {@code member} was there */
  public boolean remove(E member) {
    List<Object> checked = List.of(checked(member));
    return cache.onSets("srem", key, sets -> sets.remove(key, checked)) == 1;
  }

  /** The members now; an unmodifiable copy, in no particular order. */
  @SuppressWarnings("unchecked")
  public Set<E> members() {
    return Collections.unmodifiableSet((Set<E>) cache.onSets("smembers", key, sets -> sets.members(key)));
  }

  public boolean contains(E member) {
    Object checked = checked(member);
    return cache.onSets("sismember", key, sets -> sets.contains(key, checked));
  }

  public int size() {
    return (int) (long) cache.onSets("scard", key, sets -> sets.size(key));
  }

  /** {@code member}, checked as a value of the cache. */
  Object checked(Object member) {
    Objects.requireNonNull(member, "member");
    return cache.point().requireValue(member);
  }

  /** {@code members}, each checked, before anything is sent. */
  List<Object> checkedAll(Collection<?> members) {
    Objects.requireNonNull(members, "members");
    return members.stream().map(this::checked).toList();
  }
}
