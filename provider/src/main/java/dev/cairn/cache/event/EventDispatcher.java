package dev.cairn.cache.event;

import dev.cairn.cache.engine.Background;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;

/**
 * Delivers entry events to a cache's registered listeners.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Synchronous listeners run on the caller's thread before the cache operation returns; if one throws, the
 *       others still run and the caller then gets a {@link CacheEntryListenerException} (the change stays made).
 *   <li>Asynchronous listeners run on a shared daemon pool. Each registration receives its events one at a time,
 *       in the order the changes were published, so events for one key arrive in order. A failure is logged at
 *       WARNING, since no caller can see it.
 *   <li>Filters run before each delivery, on the delivering thread.
 * </ul>
 * Thread-safe: registrations may change while events are published.
 */
public final class EventDispatcher<K, V> implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

  private final List<ListenerRegistration<K, V>> registrations = new CopyOnWriteArrayList<>();
  private volatile int interest;
  private volatile boolean oldValuesWanted;

  /**
   * Creates the listener and filter of {@code configuration} and starts delivering to them.
   *
   * @throws IllegalArgumentException if an equal configuration is already registered (the spec's rule)
   */
  public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        throw new IllegalArgumentException("listener configuration already registered: " + configuration);
      }
    }
    registrations.add(new ListenerRegistration<>(configuration, Background.pool()));
    recompute();
  }

  /** Stops delivering to the listener of {@code configuration} and closes it; false if it was not registered. */
  public synchronized boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        registrations.remove(registration);
        recompute();
        registration.close();
        return true;
      }
    }
    return false;
  }

  /** Whether any listener would receive events of {@code type}: when not, the engine builds no event. */
  public boolean isInterested(EventType type) {
    return (interest & (1 << type.ordinal())) != 0;
  }

  /** Whether any listener receives events at all. */
  public boolean hasListeners() {
    return interest != 0;
  }

  /** Whether events need old values: some listener asked for them, or listens to removals. */
  public boolean wantsOldValues() {
    return oldValuesWanted;
  }

  /** Delivers one event; see the class comment for the guarantees. */
  public void publish(CairnEntryEvent<K, V> event) {
    if (!isInterested(event.getEventType())) {
      return;
    }
    CacheEntryListenerException failure = null;
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
        registration.deliverLater(event, LOG);
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
  }

  private void recompute() {
    int mask = 0;
    boolean old = false;
    for (ListenerRegistration<K, V> registration : registrations) {
      for (EventType type : EventType.values()) {
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

  private static CacheEntryListenerException addFailure(CacheEntryListenerException failure, RuntimeException e) {
    CacheEntryListenerException wrapped = e instanceof CacheEntryListenerException c ? c
        : new CacheEntryListenerException("listener failed: " + e, e);
    if (failure == null) {
      return wrapped;
    }
    failure.addSuppressed(wrapped);
    return failure;
  }
}
