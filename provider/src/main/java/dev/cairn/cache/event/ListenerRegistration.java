package dev.cairn.cache.event;

import dev.cairn.cache.engine.Background;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/**
 * One registered listener with its filter, created from the configuration's factories. Asynchronous delivery goes
 * through a private queue drained by one task at a time, which keeps this registration's events in order.
 */
final class ListenerRegistration<K, V> {

  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;
  private final Executor pool;
  private final ArrayDeque<CairnEntryEvent<K, V>> queue = new ArrayDeque<>();
  private boolean draining;

  ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration, Executor pool) {
    this.configuration = configuration;
    this.listener = configuration.getCacheEntryListenerFactory().create();
    Factory<javax.cache.event.CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = filterFactory == null ? null : filterFactory.create();
    this.pool = pool;
  }

  CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  boolean isSynchronous() {
    return configuration.isSynchronous();
  }

  boolean accepts(EventType type) {
    return switch (type) {
      case CREATED -> listener instanceof CacheEntryCreatedListener;
      case UPDATED -> listener instanceof CacheEntryUpdatedListener;
      case REMOVED -> listener instanceof CacheEntryRemovedListener;
      case EXPIRED -> listener instanceof CacheEntryExpiredListener;
    };
  }

  /** Filters and delivers on the calling thread. */
  @SuppressWarnings("unchecked")
  void deliver(CairnEntryEvent<K, V> event) {
    CairnEntryEvent<K, V> visible = configuration.isOldValueRequired() ? event : event.withoutOldValue();
    if (filter != null && !filter.evaluate(visible)) {
      return;
    }
    Iterable<javax.cache.event.CacheEntryEvent<? extends K, ? extends V>> events = List.of(visible);
    switch (visible.getEventType()) {
      case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(events);
      case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(events);
      case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(events);
      case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(events);
      default -> throw new IllegalStateException("unknown event type " + visible.getEventType());
    }
  }

  /** Queues the event; a single drain task delivers this registration's queue in order. */
  void deliverLater(CairnEntryEvent<K, V> event, System.Logger log) {
    synchronized (queue) {
      queue.add(event);
      if (draining) {
        return;
      }
      draining = true;
    }
    pool.execute(() -> drain(log));
  }

  private void drain(System.Logger log) {
    while (true) {
      CairnEntryEvent<K, V> next;
      synchronized (queue) {
        next = queue.poll();
        if (next == null) {
          draining = false;
          return;
        }
      }
      try {
        deliver(next);
      } catch (RuntimeException e) {
        log.log(System.Logger.Level.WARNING, "asynchronous cache entry listener failed on " + next, e);
      }
    }
  }

  void close() {
    Background.closeIfCloseable(listener);
    Background.closeIfCloseable(filter);
  }
}
