package dev.cairn.cache.resilience;

import dev.cairn.cache.store.Store;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The keys of one store whose write or removal failed, was skipped or timed out, so the server may hold an old
 * value for them: they are deleted from the store ({@link #invalidate}) before it serves reads again. At most
 * {@link #BOUND} keys are kept; past that, or after a {@code clear} that did not happen, the whole cache is cleared
 * instead.
 *
 * <p>Thread-safe. A key remembered again while an invalidation runs stays remembered (each remembering has its own
 * generation, and the invalidation forgets only the generations it deleted), so a write that fails during recovery
 * is not lost.
 */
final class RememberedKeys<K> {

  /** How many keys one cache remembers before it falls back to clearing. */
  static final int BOUND = 10_000;

  private final int bound;
  private final Map<K, Long> keys = new ConcurrentHashMap<>();
  private final AtomicLong generations = new AtomicLong();
  private volatile long clearGeneration;
  private volatile boolean any;

  RememberedKeys(int bound) {
    this.bound = bound;
  }

  /** Whether anything awaits invalidation: one volatile read on the hot path. */
  boolean any() {
    return any;
  }

  /** How many keys await invalidation (the whole cache counts as one). */
  int size() {
    return keys.size() + (clearGeneration != 0 ? 1 : 0);
  }

  void remember(K key) {
    if (clearGeneration == 0 && keys.size() < bound) {
      keys.put(key, generations.incrementAndGet());
    } else {
      rememberAll();
    }
    flag();
  }

  void remember(Collection<? extends K> many) {
    many.forEach(this::remember);
  }

  /** The whole cache must be cleared. */
  void rememberAll() {
    clearGeneration = generations.incrementAndGet();
    flag();
  }

  private synchronized void flag() {
    any = true;
  }

  /**
   * Deletes what is remembered from {@code store} ({@code UNLINK} on Redis, or a clear), then forgets it.
   *
   * @throws RuntimeException from the store; then nothing is forgotten
   */
  void invalidate(Store<K, ?> store) {
    if (!any) {
      return;
    }
    long clearing = clearGeneration;
    Map<K, Long> snapshot = Map.copyOf(keys);
    if (clearing != 0) {
      store.clear();
    } else if (!snapshot.isEmpty()) {
      List<K> batch = new ArrayList<>(snapshot.keySet());
      store.removeAll(batch);
    }
    // forget only what was remembered before the deletion: a key remembered meanwhile keeps its newer generation
    snapshot.forEach((key, generation) -> keys.remove(key, generation));
    synchronized (this) {
      if (clearing != 0 && clearGeneration == clearing) {
        clearGeneration = 0;
      }
      // reads stay held back until the deletion is done: "any" is cleared last, and only if nothing came in
      if (keys.isEmpty() && clearGeneration == 0) {
        any = false;
      }
    }
  }
}
