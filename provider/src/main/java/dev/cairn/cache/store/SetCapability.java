package dev.cairn.cache.store;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * An optional {@link Store} capability: sets of the cache's values kept under its keys, apart from its entries (Redis:
 * a native set per key, {@code SADD}, {@code SREM}, {@code SMEMBERS}, {@code SISMEMBER}, {@code SCARD}).
 *
 * <p><b>Members are values, encoded with the store's value codec on every store</b>, the memory store included, and
 * two members are the same member when their encoded bytes are equal. That is what Redis compares, so one rule holds
 * on every store, and it is the rule {@link Condition.ValueEquals} already states for stores that keep bytes. Members
 * are not handed over as bytes because the store owns its codecs: the extensions never see them, and each store
 * encodes the set's key exactly as it encodes the entry key of the same name. A member the codec cannot encode fails
 * with the codec's exception, and nothing changes.
 *
 * <p><b>A set is not an entry.</b> {@code get}, {@code containsKey}, {@code getAll}, iteration, expiry and
 * {@code removeAll} of entries never see sets, and the set and the entry with the same key live side by side. A set
 * exists while it has members: removing the last member removes it, and an absent set reads as empty. Sets have no
 * time to live. {@link Store#clear()} and {@link StoreBackend#destroy} remove a cache's sets with its entries.
 *
 * <p>Each method is one atomic step, across every process sharing the store. The {@code ...Async} methods mean the
 * same; their defaults run the blocking method on the calling thread and return a completed stage (right for a store
 * without I/O), and a store whose client is asynchronous (one that offers {@link AsyncCapability}) overrides them so
 * that no thread waits. Thread-safe.
 *
 * @param <K> key type
 * @param <V> value (member) type
 */
public interface SetCapability<K, V> {

  /**
   * Adds {@code members} to the set under {@code key}, creating it if needed.
   *
   * @return how many were not members before
   */
  long add(K key, Collection<? extends V> members);

  /**
   * Removes {@code members} from the set under {@code key}; the set goes with its last member.
   *
   * @return how many were members
   */
  long remove(K key, Collection<? extends V> members);

  /** The members of the set under {@code key}, decoded, in no particular order; empty if there is no set. */
  Set<V> members(K key);

  /** Whether {@code member} is in the set under {@code key}. */
  boolean contains(K key, V member);

  /** How many members the set under {@code key} has. */
  long size(K key);

  /** See {@link #add}. */
  default CompletionStage<Long> addAsync(K key, Collection<? extends V> members) {
    return CompletedStages.of(() -> add(key, members));
  }

  /** See {@link #remove}. */
  default CompletionStage<Long> removeAsync(K key, Collection<? extends V> members) {
    return CompletedStages.of(() -> remove(key, members));
  }

  /** See {@link #members}. */
  default CompletionStage<Set<V>> membersAsync(K key) {
    return CompletedStages.of(() -> members(key));
  }

  /** See {@link #contains}. */
  default CompletionStage<Boolean> containsAsync(K key, V member) {
    return CompletedStages.of(() -> contains(key, member));
  }

  /** See {@link #size}. */
  default CompletionStage<Long> sizeAsync(K key) {
    return CompletedStages.of(() -> size(key));
  }
}
