package dev.cairn.cache.event;

import dev.cairn.cache.store.ChangeFeed;
import dev.cairn.cache.store.ChangeFeed.Change;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * Delivers entry events to a cache's registered listeners.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Synchronous listeners run on the caller's thread before the cache operation returns; if one throws, the
 *       others still run and the caller then gets a {@link CacheEntryListenerException} (the change stays made).
 *   <li>Asynchronous listeners run on a shared daemon pool. Each registration receives its events one at a time,
 *       in the order the changes were published, so events for one key arrive in order. A failure is logged at
 *       WARNING, since no caller can see it. Each has a bounded queue: when a listener falls that far behind, the
 *       publishing call waits for room (briefly, see {@code ListenerRegistration}), then drops the event with a
 *       counted WARNING. A deregistered listener receives nothing more, not even events already queued for it.
 *   <li>Filters run before each delivery, on the delivering thread.
 *   <li>For a cache shared by several processes (its store has a {@link ChangeFeed}), changes are also announced
 *       to the other processes while any of them listens, and their changes reach the listeners here, on the feed's
 *       delivery thread (a synchronous listener is then synchronous with that thread, not with the other process's
 *       call). See the feed's guarantees; Redis's are in {@code RedisEvents}.
 * </ul>
 * Thread-safe: registrations may change while events are published.
 */
public final class EventDispatcher<K, V> implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());
  private static final EventType[] TYPES = EventType.values();

  private final List<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();
  private final Cache<K, V> source;
  private final @Nullable ChangeFeed<K, V> feed;
  private volatile int interest;
  private volatile boolean oldValuesWanted;

  /**
   * A dispatcher that also exchanges changes through {@code feed}, if it is not {@code null}.
   *
   * @param source the cache that events from other processes name as their source
   */
  public EventDispatcher(Cache<K, V> source, @Nullable ChangeFeed<K, V> feed) {
    this.source = source;
    this.feed = feed;
  }

  /**
   * Creates the listener and filter of {@code configuration} and starts delivering to them.
   *
   * @throws IllegalArgumentException if an equal configuration is already registered (the spec's rule)
   * @throws javax.cache.CacheException if the cache is shared and the subscription to other processes' changes
   *     fails; nothing is registered then
   */
  public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        throw new IllegalArgumentException("listener configuration already registered: " + configuration);
      }
    }
    ListenerRegistration<K, V> added = new ListenerRegistration<>(configuration, source.getName());
    registrations.add(added);
    recompute();
    try {
      listenToOthers();
    } catch (RuntimeException e) {
      registrations.remove(added);
      recompute();
      added.close();
      throw e;
    }
  }

  /** Stops delivering to the listener of {@code configuration} and closes it; false if it was not registered. */
  public synchronized boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        registrations.remove(registration);
        recompute();
        registration.close();
        listenToOthersQuietly();
        return true;
      }
    }
    return false;
  }

  /**
   * Whether any listener, here or in another process, would receive events of {@code type}: when not, the engine
   * builds no event. (Other processes hear of expiries from the shared store itself.)
   */
  public boolean isInterested(EventType type) {
    return (interest & (1 << type.ordinal())) != 0 || (type != EventType.EXPIRED && othersListen());
  }

  /** Whether any listener receives events at all. */
  public boolean hasListeners() {
    return interest != 0 || othersListen();
  }

  /**
   * Whether events need old values: some listener here asked for them or listens to removals, or listeners in
   * other processes might.
   */
  public boolean wantsOldValues() {
    return oldValuesWanted || othersListen();
  }

  private boolean othersListen() {
    return feed != null && feed.othersListen();
  }

  /** Delivers one event here, and announces it to other processes; see the class comment for the guarantees. */
  public void publish(CairnEntryEvent<K, V> event) {
    EventType type = event.getEventType();
    if (type != EventType.EXPIRED && feed != null && feed.othersListen()) {
      feed.announce(new Change<>(ChangeFeed.Kind.valueOf(type.name()), event.getKey(), event.getValue(),
          event.getOldValue()));
    }
    deliver(event);
  }

  /** A change from another process: delivered here only, with failures logged since no caller can see them. */
  private void receive(Change<K, V> change) {
    try {
      deliver(new CairnEntryEvent<>(source, EventType.valueOf(change.kind().name()), change.key(), change.value(),
          change.oldValue()));
    } catch (CacheEntryListenerException e) {
      LOG.log(System.Logger.Level.WARNING, "a listener failed on a change from another process", e);
    }
  }

  private void deliver(CairnEntryEvent<K, V> event) {
    if ((interest & (1 << event.getEventType().ordinal())) == 0) {
      return;
    }
    @Nullable CacheEntryListenerException failure = null;
    for (ListenerRegistration<K, V> registration : registrations) {
      if (!registration.accepts(event.getEventType())) {
        continue;
      }
      if (registration.isSynchronous()) {
        try {
          registration.deliver(event);
        } catch (RuntimeException e) {
          failure = addFailure(failure, e);
        }
      } else {
        registration.deliverLater(event);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Deregisters everything and closes every listener and filter that is {@link Closeable}. */
  @Override
  public synchronized void close() {
    List<ListenerRegistration<K, V>> all = new ArrayList<>(registrations);
    registrations.clear();
    recompute();
    all.forEach(ListenerRegistration::close);
    listenToOthersQuietly();
  }

  private void recompute() {
    int mask = 0;
    boolean old = false;
    for (ListenerRegistration<K, V> registration : registrations) {
      for (EventType type : TYPES) {
        if (registration.accepts(type)) {
          mask |= 1 << type.ordinal();
        }
      }
      old |= registration.configuration().isOldValueRequired()
          || registration.accepts(EventType.REMOVED) || registration.accepts(EventType.EXPIRED);
    }
    interest = mask;
    oldValuesWanted = old;
  }

  /** Subscribes to other processes' changes while a listener is registered here. */
  private void listenToOthers() {
    if (feed != null) {
      int mask = interest;
      feed.listen(mask == 0 ? null : this::receive, (mask & (1 << EventType.EXPIRED.ordinal())) != 0);
    }
  }

  /** Unsubscribing when the store is unreachable must not fail a deregistration or a close. */
  private void listenToOthersQuietly() {
    try {
      listenToOthers();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not stop listening to other processes' changes", e);
    }
  }

  private static CacheEntryListenerException addFailure(@Nullable CacheEntryListenerException failure,
      RuntimeException e) {
    CacheEntryListenerException wrapped = e instanceof CacheEntryListenerException c ? c
        : new CacheEntryListenerException("listener failed: " + e, e);
    if (failure == null) {
      return wrapped;
    }
    failure.addSuppressed(wrapped);
    return failure;
  }
}
