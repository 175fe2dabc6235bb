package dev.cairn.cache.store.redis;

import java.io.Serializable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * Records every event it receives as {@code "TYPE key value oldValue"} in {@link #RECEIVED}, shared by all its
 * instances (JCache creates listeners from factories). Tests using it clear the queue after themselves.
 */
public final class RecordingListener implements CacheEntryCreatedListener<Object, Object>,
    CacheEntryUpdatedListener<Object, Object>, CacheEntryRemovedListener<Object, Object>,
    CacheEntryExpiredListener<Object, Object>, Serializable {

  private static final long serialVersionUID = 1L;

  /** Every event received, oldest first. */
  static final BlockingQueue<String> RECEIVED = new LinkedBlockingQueue<>();

  private static void record(Iterable<CacheEntryEvent<?, ?>> events) {
    for (CacheEntryEvent<?, ?> event : events) {
      Object old = event.isOldValueAvailable() ? event.getOldValue() : null;
      RECEIVED.add(event.getEventType() + " " + event.getKey() + " " + event.getValue() + " " + old);
    }
  }

  @Override
  public void onCreated(Iterable<CacheEntryEvent<?, ?>> events) {
    record(events);
  }

  @Override
  public void onUpdated(Iterable<CacheEntryEvent<?, ?>> events) {
    record(events);
  }

  @Override
  public void onRemoved(Iterable<CacheEntryEvent<?, ?>> events) {
    record(events);
  }

  @Override
  public void onExpired(Iterable<CacheEntryEvent<?, ?>> events) {
    record(events);
  }
}
