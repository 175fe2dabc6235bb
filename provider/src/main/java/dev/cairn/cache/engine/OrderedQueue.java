package dev.cairn.cache.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A bounded first-in first-out queue whose items one task at a time hands to a consumer on the {@link Background}
 * pool: items are consumed in the order they were offered, never two at once, and a queue with nothing to do holds
 * no thread. Cairn delivers listener events, expiries and other processes' changes through one queue per listener
 * or cache, so a slow consumer delays only its own queue and never adds threads.
 *
 * <p>At the bound, {@link #offer} waits up to its queue's {@code maxWait} for room (backpressure on the producer),
 * and then drops the item: drops are counted ({@link #dropped()}) and logged at WARNING, the first one and then
 * every thousandth. A queue whose {@code maxWait} is zero drops at once; that is for producers that must never
 * wait, such as a network I/O thread. The consumer's own thread never waits for room in its own queue (it would
 * wait for itself): what it offers is queued past the bound.
 *
 * <p>After {@link #close()} the queue accepts nothing, forgets what it held, and consumes nothing more (an item
 * being consumed at that moment finishes). A consumer's exception is logged at WARNING, since no caller can see
 * it, and the next item follows. Thread-safe.
 *
 * @param <T> the item type
 */
public final class OrderedQueue<T> implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(OrderedQueue.class.getName());
  private static final long LOG_EVERY = 1_000;

  private final String name;
  private final int capacity;
  private final long maxWaitNanos;
  private final Consumer<? super T> consumer;
  private final ArrayDeque<T> items = new ArrayDeque<>();
  private @Nullable Thread consuming;
  private boolean scheduled;
  private boolean closed;
  private long dropped;

  /**
   * @param name what the queue feeds, for log messages ("listener X of cache Y")
   * @param capacity how many items may wait; at least 1
   * @param maxWait how long {@link #offer} waits for room before it drops; {@link Duration#ZERO} never waits
   * @param consumer called with each item, on a pool thread, one item at a time
   * @throws IllegalArgumentException if {@code capacity} is below 1 or {@code maxWait} is negative
   */
  public OrderedQueue(String name, int capacity, Duration maxWait, Consumer<? super T> consumer) {
    if (capacity < 1) {
      throw new IllegalArgumentException("queue capacity must be at least 1, not " + capacity);
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("queue wait must not be negative: " + maxWait);
    }
    this.name = name;
    this.capacity = capacity;
    this.maxWaitNanos = maxWait.toNanos();
    this.consumer = consumer;
  }

  /**
   * Queues {@code item}, waiting for room at the bound as the class comment says.
   *
   * @return whether it was queued: false if dropped or the queue is closed
   */
  public boolean offer(T item) {
    synchronized (this) {
      if (closed || !awaitRoom()) {
        return false;
      }
      items.add(item);
      if (scheduled) {
        return true;
      }
      scheduled = true;
    }
    Background.pool().execute(this::consume);
    return true;
  }

  /** Waits while the queue is full; false (the item is dropped) if it stayed full or closed meanwhile. */
  private boolean awaitRoom() {
    if (items.size() < capacity || Thread.currentThread() == consuming) {
      return true;
    }
    long deadline = System.nanoTime() + maxWaitNanos;
    try {
      while (items.size() >= capacity && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          drop();
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      drop();
      return false;
    }
    return !closed;
  }

  private void drop() {
    dropped++;
    if (dropped % LOG_EVERY == 1) {
      LOG.log(System.Logger.Level.WARNING, "{0}: its queue stayed full ({1} waiting) and dropped an item, "
          + "{2} so far; its consumer does not keep up", name, capacity, dropped);
    }
  }

  private void consume() {
    synchronized (this) {
      consuming = Thread.currentThread();
    }
    while (true) {
      T next;
      synchronized (this) {
        next = closed ? null : items.poll();
        if (next == null) {
          consuming = null;
          scheduled = false;
          return;
        }
        notifyAll();
      }
      try {
        consumer.accept(next);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, name + " failed on " + next, e);
      }
    }
  }

  /** How many items waited, not counting one being consumed. */
  public synchronized int size() {
    return items.size();
  }

  /** How many items were dropped at the bound since the queue was created. */
  public synchronized long dropped() {
    return dropped;
  }

  /** Stops consuming and forgets waiting items; producers waiting for room return at once. */
  @Override
  public synchronized void close() {
    closed = true;
    items.clear();
    notifyAll();
  }
}
