package dev.cairn.cache.store;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An optional capability of a store shared by several processes ({@link Store#changeFeed()}): it carries the
 * changes one process makes to the processes that listen to the same cache, and reports entries the server
 * expired on its own.
 *
 * <p>The engine announces each change it made, after the store applied it, while {@link #othersListen()} is true;
 * and it starts the feed with {@link #listen} once a listener is registered in this process. Delivery is at most
 * once and in the order the changes were announced by one process; a feed may lose changes while disconnected.
 *
 * <p>Implementations are thread-safe. The consumer is called on one thread at a time, never on the caller's.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface ChangeFeed<K, V> {

  /** What happened to an entry. The order is part of Redis change messages (they carry the ordinal): add at the end. */
  enum Kind { CREATED, UPDATED, REMOVED, EXPIRED }

  /**
   * One change.
   *
   * @param value the new value (created, updated), or the last value (removed); {@code null} when unknown, as
   *     for an entry the server expired
   * @param oldValue the value before an update or removal, or {@code null}
   */
  record Change<K, V>(Kind kind, K key, @Nullable V value, @Nullable V oldValue) { }

  /** Whether another process listens to this cache, so that this one must announce its changes. */
  boolean othersListen();

  /** Sends a change this process made to the other processes; never blocks on the network. */
  void announce(Change<K, V> change);

  /**
   * Starts delivering other processes' changes (and, if {@code expired}, entries the server expired) to
   * {@code consumer}; {@code null} stops. Replaces the previous consumer.
   */
  void listen(@Nullable Consumer<Change<K, V>> consumer, boolean expired);
}
