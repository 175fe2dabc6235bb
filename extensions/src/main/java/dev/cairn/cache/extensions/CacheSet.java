package dev.cairn.cache.extensions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A set stored under one cache key, changed atomically member by member: each change is a compare-and-set of the
 * entry (atomic across JVMs on a shared store), seen by the writer and the listeners as an update. A missing entry
 * is an empty set; removing the last member leaves an empty set stored.
 *
 * <p>The entry's value is a {@code List} of distinct members in the order they were added, not a {@code HashSet}:
 * stores that keep bytes compare values by their encoded form, and a serialized {@code HashSet} records its
 * capacity, which differs between a set and its deserialized copy, so its bytes would never compare equal.
 *
 * <p>Members must be serializable by the cache's value codec (on Redis and on disk: the JDK's types or types on
 * the serialization allow-list). Thread-safe; each call reads or writes the store.
 *
 * @param <E> member type
 */
public final class CacheSet<E> {

  private final ExtendedCache<?, ?> cache;
  private final Object key;

  <K, V> CacheSet(ExtendedCache<K, V> cache, K key) {
    if (!cache.valueType().isAssignableFrom(ArrayList.class)) {
      throw new ClassCastException("cache " + cache.cache().getName() + " holds " + cache.valueType().getName()
          + " values, which cannot hold a set's list of members");
    }
    this.cache = cache;
    this.key = key;
  }

  /** @return whether {@code member} was not there before */
  public boolean add(E member) {
    Objects.requireNonNull(member, "member");
    return addAll(Set.of(member)) == 1;
  }

  /** @return how many of {@code members} were not there before */
  public int addAll(Collection<? extends E> members) {
    Objects.requireNonNull(members, "members");
    members.forEach(member -> Objects.requireNonNull(member, "member"));
    AtomicInteger added = new AtomicInteger();
    change("sadd", current -> {
      int before = current.size();
      current.addAll(members);
      added.set(current.size() - before);
    });
    return added.get();
  }

  /** @return whether {@code member} was there */
  public boolean remove(E member) {
    Objects.requireNonNull(member, "member");
    AtomicInteger removed = new AtomicInteger();
    change("srem", current -> removed.set(current.remove(member) ? 1 : 0));
    return removed.get() == 1;
  }

  /** The members now; an unmodifiable copy. */
  public Set<E> members() {
    return Collections.unmodifiableSet(read("smembers"));
  }

  public boolean contains(E member) {
    Objects.requireNonNull(member, "member");
    return read("sismember").contains(member);
  }

  public int size() {
    return read("scard").size();
  }

  private Set<E> read(String operation) {
    return members(peek(cache, operation));
  }

  private void change(String operation, java.util.function.Consumer<Set<E>> change) {
    update(cache, operation, current -> {
      Set<E> next = members(current);
      change.accept(next);
      return new ArrayList<>(next);
    });
  }

  @SuppressWarnings("unchecked")
  private Set<E> members(Object value) {
    if (value == null) {
      return new LinkedHashSet<>();
    }
    if (!(value instanceof List<?> list)) {
      throw new ClassCastException("the value of key " + key + " is a " + value.getClass().getName()
          + ", not a set's list of members; nothing changed");
    }
    return new LinkedHashSet<>((List<E>) list);
  }

  @SuppressWarnings("unchecked")
  private <K, V> Object peek(ExtendedCache<K, V> typed, String operation) {
    return typed.peek(operation, (K) key);
  }

  @SuppressWarnings("unchecked")
  private <K, V> void update(ExtendedCache<K, V> typed, String operation,
      java.util.function.UnaryOperator<Object> function) {
    typed.update(operation, (K) key, current -> (V) function.apply(current));
  }
}
