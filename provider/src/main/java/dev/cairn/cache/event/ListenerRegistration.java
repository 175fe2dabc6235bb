package dev.cairn.cache.event;

import dev.cairn.cache.engine.Background;
import dev.cairn.cache.engine.OrderedQueue;
import java.time.Duration;
import java.util.List;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * One registered listener with its filter, created from the configuration's factories. Asynchronous delivery goes
 * through a private {@link OrderedQueue} of at most {@link #QUEUE_CAPACITY} events, consumed by one task at a time,
 * which keeps this registration's events in order. When it is full, the cache call that publishes waits for room
 * for up to {@link #QUEUE_WAIT}, then drops the event with a logged, counted warning (see {@link OrderedQueue}).
 * Once {@link #close closed}, nothing more reaches the listener, not even events already queued.
 */
final class ListenerRegistration<K, V> {

  /** How many events may wait for one asynchronous listener. */
  static final int QUEUE_CAPACITY = 10_000;
  /** How long a publisher waits for room in a full queue before it drops the event. */
  static final Duration QUEUE_WAIT = Duration.ofSeconds(10);

  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final @Nullable CacheEntryEventFilter<? super K, ? super V> filter;
  private final @Nullable OrderedQueue<CairnEntryEvent<K, V>> queue;
  private volatile boolean closed;

  ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration, String cacheName) {
    this.configuration = configuration;
    this.listener = configuration.getCacheEntryListenerFactory().create();
    Factory<javax.cache.event.CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = filterFactory == null ? null : filterFactory.create();
    this.queue = configuration.isSynchronous() ? null : new OrderedQueue<>("asynchronous listener " + listener
        + " of cache " + cacheName, QUEUE_CAPACITY, QUEUE_WAIT, this::deliver);
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

  /** Filters and delivers on the calling thread, unless the registration is closed. */
  @SuppressWarnings("unchecked")
  void deliver(CairnEntryEvent<K, V> event) {
    if (closed) {
      return;
    }
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

  /** Queues the event for the asynchronous listener, waiting for room at the bound (see the class comment). */
  void deliverLater(CairnEntryEvent<K, V> event) {
    if (queue == null) {
      throw new IllegalStateException("a synchronous listener's events are delivered at once, not queued");
    }
    queue.offer(event);
  }

  /** Stops delivery, drops queued events, and closes the listener and filter if they are {@code Closeable}. */
  void close() {
    closed = true;
    if (queue != null) {
      queue.close();
    }
    Background.closeIfCloseable(listener);
    Background.closeIfCloseable(filter);
  }
}
