package dev.cairn.cache.event;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * One change to one entry, as listeners receive it. Immutable.
 *
 * <p>For REMOVED and EXPIRED events the value is the value that went away, and it is also the old value; when the
 * engine does not know it, both are {@code null} and {@link #isOldValueAvailable()} is false (the TCK asserts that a
 * removal never shows a value without an old value).
 */
public final class CairnEntryEvent<K, V> extends CacheEntryEvent<K, V> {

  private static final long serialVersionUID = 1L;

  private final K key;
  private final @Nullable V value;
  private final @Nullable V oldValue;

  public CairnEntryEvent(Cache<K, V> source, EventType type, K key, @Nullable V value, @Nullable V oldValue) {
    super(source, type);
    this.key = key;
    this.value = value;
    this.oldValue = oldValue;
  }

  /** The same change with the old value hidden, for listeners that did not ask for old values. */
  CairnEntryEvent<K, V> withoutOldValue() {
    if (oldValue == null || getEventType() == EventType.REMOVED || getEventType() == EventType.EXPIRED) {
      return this;
    }
    @SuppressWarnings("unchecked") // CacheEntryEvent.getSource() is raw; this event was made with a Cache<K, V>
    Cache<K, V> source = getSource();
    return new CairnEntryEvent<>(source, getEventType(), key, value, null);
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public @Nullable V getValue() {
    return value;
  }

  @Override
  public @Nullable V getOldValue() {
    return oldValue;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValue != null;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap a cache entry event to " + clazz.getName());
  }

  @Override
  public String toString() {
    return "CairnEntryEvent{" + getEventType() + ", key=" + key + ", value=" + value + ", oldValue=" + oldValue
        + "}";
  }
}
