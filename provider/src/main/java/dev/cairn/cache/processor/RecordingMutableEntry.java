package dev.cairn.cache.processor;

import dev.cairn.cache.integration.Loader;
import java.util.Objects;
import javax.cache.processor.MutableEntry;
import org.jspecify.annotations.Nullable;

/**
 * The {@link MutableEntry} an entry processor works on. It changes nothing itself: it records what the processor
 * did as one dominant {@link Action} and the resulting value, which the engine applies afterwards in one atomic
 * step. Not thread-safe: it belongs to one {@code invoke} call.
 */
public final class RecordingMutableEntry<K, V> implements MutableEntry<K, V> {

  private final K key;
  private final @Nullable V original;
  private final Loader<K, V> loader;
  private @Nullable V value;
  private Action action = Action.NONE;

  /**
   * @param original the value when the processor started, {@code null} if absent
   * @param loader loads a missing value on {@link #getValue()} when the cache reads through, else none
   */
  public RecordingMutableEntry(K key, @Nullable V original, Loader<K, V> loader) {
    this.key = key;
    this.original = original;
    this.value = original;
    this.loader = loader;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public @Nullable V getValue() {
    switch (action) {
      case NONE, READ -> {
        if (original != null) {
          action = Action.READ;
          return original;
        }
        V loaded = loader.load(key);
        if (loaded != null) {
          action = Action.LOADED;
          value = loaded;
        }
        return loaded;
      }
      default -> {
        return value;
      }
    }
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  @Override
  public void remove() {
    // removing what the processor itself created or loaded leaves the store as it was
    action = (action == Action.CREATED || action == Action.LOADED) && original == null ? Action.NONE
        : Action.DELETED;
    value = null;
  }

  @Override
  public void setValue(V newValue) {
    Objects.requireNonNull(newValue, "an entry processor may not set a null value; use remove()");
    action = original == null ? Action.CREATED : Action.UPDATED;
    value = newValue;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap a mutable entry to " + clazz.getName());
  }

  /** What the processor's work amounts to. */
  public Action action() {
    return action;
  }

  /** The value to store for LOADED, CREATED and UPDATED. */
  public @Nullable V value() {
    return value;
  }
}
