package dev.cairn.cache.model;

import dev.cairn.cache.model.ReferenceModel.Event;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * A listener for every event type that records each event with the thread that delivered it, so that the model
 * test can tell the events a call published synchronously (on the caller's thread, before it returned) from those
 * that came later or from elsewhere. One per cache under test; registered through a singleton factory, so the
 * cache calls this very instance. Thread-safe.
 */
final class EventRecorder implements CacheEntryCreatedListener<String, Object>,
    CacheEntryUpdatedListener<String, Object>, CacheEntryRemovedListener<String, Object>,
    CacheEntryExpiredListener<String, Object>, Serializable {

  private static final long serialVersionUID = 1L;

  /** An event as received, and whether it came on the thread that took the events ({@link #take}). */
  record Received(Event event, Thread thread) {
  }

  private final transient Queue<Received> received = new ConcurrentLinkedQueue<>();

  /** The events received since the last call, oldest first. */
  List<Received> take() {
    List<Received> taken = new ArrayList<>();
    for (Received next = received.poll(); next != null; next = received.poll()) {
      taken.add(next);
    }
    return taken;
  }

  private void record(Iterable<CacheEntryEvent<? extends String, ?>> events) {
    for (CacheEntryEvent<? extends String, ?> event : events) {
      Object old = event.isOldValueAvailable() ? event.getOldValue() : null;
      received.add(new Received(new Event(event.getEventType(), event.getKey(), event.getValue(), old),
          Thread.currentThread()));
    }
  }

  @Override
  public void onCreated(Iterable<CacheEntryEvent<? extends String, ?>> events) {
    record(events);
  }

  @Override
  public void onUpdated(Iterable<CacheEntryEvent<? extends String, ?>> events) {
    record(events);
  }

  @Override
  public void onRemoved(Iterable<CacheEntryEvent<? extends String, ?>> events) {
    record(events);
  }

  @Override
  public void onExpired(Iterable<CacheEntryEvent<? extends String, ?>> events) {
    record(events);
  }
}
