package dev.cairn.cache.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.cache.event.EventType;

/**
 * What a JCache cache must answer, kept as plainly as possible: a map from key to value and deadline, a clock that
 * moves only when told, and the entry events each call must publish. Its rules are the spec's, for a cache with
 * a {@code CreatedExpiryPolicy} (an entry lives {@code timeToLive} from its creation; updates and reads leave that
 * unchanged), a {@code ModifiedExpiryPolicy} (the same, but an update starts the time to live again) or, with
 * {@link #ETERNAL}, without expiry.
 *
 * <p>An entry whose deadline has come ({@code deadline <= now}, as the stores decide) is gone: the model drops it
 * when the clock moves, and remembers it in {@link #expired()} for the EXPIRED event check. Not thread-safe.
 */
final class ReferenceModel {

  /** A time to live meaning "never expires". */
  static final long ETERNAL = Long.MAX_VALUE;

  /** An event a call must publish; REMOVED and EXPIRED carry the old value as both values, as Cairn and the RI do. */
  record Event(EventType type, String key, Object value, Object oldValue) {
  }

  private record Entry(Object value, long deadline) {
  }

  private final long timeToLive;
  private final boolean updateRenews;
  private final Map<String, Entry> entries = new HashMap<>();
  private final List<Event> events = new ArrayList<>();
  private final List<Event> expired = new ArrayList<>();
  private long now;

  /**
   * @param timeToLive how long an entry lives, or {@link #ETERNAL}
   * @param updateRenews whether an update starts the time to live again
   */
  ReferenceModel(long timeToLive, boolean updateRenews) {
    this.timeToLive = timeToLive;
    this.updateRenews = updateRenews;
  }

  private long deadline() {
    return timeToLive == ETERNAL ? ETERNAL : now + timeToLive;
  }

  /** The value of {@code key}, or {@code null}; never changes the model. */
  Object peek(String key) {
    Entry entry = entries.get(key);
    return entry == null ? null : entry.value();
  }

  /** The events published since the last call, which it forgets. */
  List<Event> takeEvents() {
    List<Event> taken = List.copyOf(events);
    events.clear();
    return taken;
  }

  /**
   * Every expiry so far as an EXPIRED event (key and value) that nobody has matched yet; the caller removes those it
   * matches.
   */
  List<Event> expired() {
    return expired;
  }

  void advance(long millis) {
    now += millis;
    entries.entrySet().removeIf(entry -> {
      boolean gone = entry.getValue().deadline() <= now;
      if (gone) {
        Object value = entry.getValue().value();
        expired.add(new Event(EventType.EXPIRED, entry.getKey(), value, value));
      }
      return gone;
    });
  }

  Object get(String key) {
    return peek(key);
  }

  boolean containsKey(String key) {
    return entries.containsKey(key);
  }

  Object getAndPut(String key, Object value) {
    Entry old = entries.get(key);
    if (old == null) {
      entries.put(key, new Entry(value, deadline()));
      events.add(new Event(EventType.CREATED, key, value, null));
      return null;
    }
    entries.put(key, new Entry(value, updateRenews ? deadline() : old.deadline()));
    events.add(new Event(EventType.UPDATED, key, value, old.value()));
    return old.value();
  }

  boolean putIfAbsent(String key, Object value) {
    if (entries.containsKey(key)) {
      return false;
    }
    getAndPut(key, value);
    return true;
  }

  Object getAndRemove(String key) {
    Entry old = entries.remove(key);
    if (old == null) {
      return null;
    }
    events.add(new Event(EventType.REMOVED, key, old.value(), old.value()));
    return old.value();
  }

  boolean remove(String key, Object expected) {
    if (!entries.containsKey(key) || !Objects.equals(peek(key), expected)) {
      return false;
    }
    getAndRemove(key);
    return true;
  }

  Object getAndReplace(String key, Object value) {
    return entries.containsKey(key) ? getAndPut(key, value) : null;
  }

  boolean replace(String key, Object expected, Object value) {
    if (!entries.containsKey(key) || !Objects.equals(peek(key), expected)) {
      return false;
    }
    getAndPut(key, value);
    return true;
  }

  Object invoke(String key, ModelProcessor processor) {
    ModelProcessor.Outcome outcome = processor.outcome(peek(key));
    switch (outcome.action()) {
      case SET -> getAndPut(key, outcome.value());
      case REMOVE -> getAndRemove(key);
      case NONE -> { }
    }
    return outcome.result();
  }

  Map<String, Object> getAll(Collection<String> keys) {
    Map<String, Object> found = new HashMap<>();
    for (String key : keys) {
      if (entries.containsKey(key)) {
        found.put(key, peek(key));
      }
    }
    return found;
  }

  void putAll(Map<String, Object> values) {
    // sorted, so that the events come in one order whatever the map's; they are compared as a multiset anyway
    new TreeMap<>(values).forEach(this::getAndPut);
  }

  void removeAll(Collection<String> keys) {
    keys.forEach(this::getAndRemove);
  }

  /** Every live entry, as iteration must give them. */
  Map<String, Object> entries() {
    return getAll(List.copyOf(entries.keySet()));
  }

  void clear() {
    entries.clear();
  }
}
