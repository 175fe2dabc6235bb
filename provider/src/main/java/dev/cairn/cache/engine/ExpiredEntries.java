package dev.cairn.cache.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.cache.event.CacheEntryListenerException;
import org.jspecify.annotations.Nullable;

/**
 * The entries one cache's store reported expired, on their way to EXPIRED events.
 *
 * <p>JCache wants a synchronous listener to have run before the call that observed a change returns, expiries
 * included; but a store may report an expiry from inside its own locks (Caffeine calls its eviction listener inside
 * its per-entry lock), where a listener that calls back into the cache could deadlock. So:
 * <ul>
 *   <li>each cache call runs inside {@link #call}: expiries the store reports on that thread during the call are
 *       kept aside and published on the same thread once the call's work is done, in the order reported, before
 *       the call returns (synchronous listeners run then; asynchronous ones get them queued);
 *   <li>expiries reported anywhere else (a store's own maintenance thread, a background {@code loadAll}) go to
 *       the cache's one ordered queue ({@link OrderedQueue}), published one at a time by one background task: at
 *       most one thread per cache, whatever the number of expiries, and in the order reported. That queue holds
 *       {@link #QUEUE_CAPACITY} events; past it, expiries are dropped with a counted WARNING, since the store may
 *       report from inside its locks, where waiting for a listener could deadlock.
 * </ul>
 * Expiries are only collected while some listener of this process listens to them.
 *
 * <p>Thread-safe. Calls may nest (a listener calling the cache): each publishes what it observed itself.
 */
public final class ExpiredEntries<K, V> implements AutoCloseable {

  /** How many expiries observed outside a cache call may wait for the background task. */
  static final int QUEUE_CAPACITY = 100_000;

  private record Expired<K, V>(K key, @Nullable V value) {
  }

  /** What the calls of one thread observed; {@code depth} counts the calls running on it. */
  private static final class Batch<K, V> {
    final List<Expired<K, V>> pending = new ArrayList<>();
    int depth;

    /** Removes and returns what was reported since {@code mark}. */
    List<Expired<K, V>> takeFrom(int mark) {
      if (pending.size() == mark) {
        return List.of();
      }
      List<Expired<K, V>> taken = List.copyOf(pending.subList(mark, pending.size()));
      pending.subList(mark, pending.size()).clear();
      return taken;
    }
  }

  @SuppressWarnings("ThreadLocalUsage") // one batch per thread and per cache: each cache has its own
  private final ThreadLocal<Batch<K, V>> batches = new ThreadLocal<>();
  private final OrderedQueue<Expired<K, V>> later;
  private volatile BiConsumer<K, V> publisher = (key, value) -> { };
  private volatile BooleanSupplier wanted = () -> false;

  public ExpiredEntries(String cacheName) {
    this.later = new OrderedQueue<>("expiry events of cache " + cacheName, QUEUE_CAPACITY, Duration.ZERO,
        expired -> publisher.accept(expired.key(), expired.value()));
  }

  /**
   * Where expiries go: {@code publisher} publishes one (and may throw a listener's failure); {@code wanted} says
   * whether anyone listens to expiries at all.
   */
  public void publishTo(BiConsumer<K, V> publisher, BooleanSupplier wanted) {
    this.publisher = publisher;
    this.wanted = wanted;
  }

  /** From the store, on any thread, possibly inside its locks: keeps the expiry for publication. */
  public void report(K key, @Nullable V value) {
    if (!wanted.getAsBoolean()) {
      return;
    }
    Batch<K, V> batch = batches.get();
    if (batch != null && batch.depth > 0) {
      batch.pending.add(new Expired<>(key, value));
    } else {
      later.offer(new Expired<>(key, value));
    }
  }

  /**
   * Runs one cache call, then publishes on this thread the expiries the store reported during it.
   *
   * @throws CacheEntryListenerException if a synchronous listener failed on one of them (after all were published)
   */
  public <T> T call(Supplier<T> work) {
    if (!wanted.getAsBoolean()) {
      return work.get();
    }
    Batch<K, V> batch = batches.get();
    if (batch == null) {
      batch = new Batch<>();
      batches.set(batch);
    }
    int mark = batch.pending.size();
    batch.depth++;
    T result;
    try {
      result = work.get();
    } catch (RuntimeException | Error e) {
      batch.depth--;
      RuntimeException failure = publish(batch.takeFrom(mark));
      if (failure != null) {
        e.addSuppressed(failure);
      }
      throw e;
    }
    batch.depth--;
    RuntimeException failure = publish(batch.takeFrom(mark));
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  /** {@link #call} for work without a result. */
  public void run(Runnable work) {
    call(() -> {
      work.run();
      return null;
    });
  }

  /**
   * The iterator {@code opening} returns, opened as a {@link #call} and with each of its steps run as one:
   * iterating observes expiries too.
   */
  public <E> Iterator<E> iterate(Supplier<Iterator<E>> opening) {
    Iterator<E> iterator = call(opening);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return call(iterator::hasNext);
      }

      @Override
      public E next() {
        return call(iterator::next);
      }

      @Override
      public void remove() {
        run(iterator::remove);
      }
    };
  }

  /** Publishes each expiry; returns the first listener failure, with the later ones suppressed in it. */
  private @Nullable RuntimeException publish(List<Expired<K, V>> expired) {
    RuntimeException failure = null;
    for (Expired<K, V> entry : expired) {
      try {
        publisher.accept(entry.key(), entry.value());
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    return failure;
  }

  /** Stops the background publication; what was still queued is not published. */
  @Override
  public void close() {
    later.close();
  }
}
