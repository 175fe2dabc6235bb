package dev.cairn.cache.resilience;

import dev.cairn.cache.store.PingCapability;
import dev.cairn.cache.store.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Whether one backend's server is known to be unreachable, so that calls need not each wait for it.
 *
 * <p>{@link State#CLOSED}: calls go to the server. {@link #FAILURE_THRESHOLD} consecutive {@link
 * StoreUnavailableException}s (never other failures: bad input, codec errors and error replies say nothing about
 * reachability) open it. {@link State#OPEN}: calls are not sent, and a background probe pings the server every
 * {@link #PROBE_INTERVAL}. When a ping answers, the breaker is {@link State#HALF_OPEN}: each registered {@link
 * Recovery} runs (the stores invalidate the keys whose writes they could not make), and only when all succeeded is
 * it closed again, so no cache serves reads from the server before its stale keys are gone.
 *
 * <p>Each state change is logged once (WARNING when opening, INFO when closing) and told to the listeners added
 * with {@link #onStateChange}; a near cache, which cannot receive invalidations while its server is away, flushes
 * its local tier there. Thread-safe; the probe runs on one daemon thread shared by all breakers.
 */
public final class CircuitBreaker implements AutoCloseable {

  /** How many unreachable failures in a row open the breaker: one lost packet is not an outage. */
  public static final int FAILURE_THRESHOLD = 3;

  /** How often an open breaker pings the server. */
  public static final Duration PROBE_INTERVAL = Duration.ofMillis(100);

  private static final System.Logger LOG = System.getLogger(CircuitBreaker.class.getName());

  private static final ScheduledExecutorService PROBES = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "cairn-circuit-probe");
    thread.setDaemon(true);
    return thread;
  });

  /** The breaker's states. */
  public enum State {
    /** The server is reachable: calls go to it. */
    CLOSED,
    /** The server is known to be unreachable: calls are not sent; a probe pings it. */
    OPEN,
    /** The server answered a ping; stores invalidate what they could not write, then the breaker closes. */
    HALF_OPEN
  }

  /** Work that must succeed before the breaker closes again. */
  public interface Recovery {
    /**
     * Runs once the server answers again, before calls go to it.
     *
     * @throws RuntimeException if it could not finish; the breaker then stays open and tries again later
     */
    void recover();
  }

  private final String target;
  private final PingCapability probe;
  private final AtomicReference<State> state = new AtomicReference<>(State.CLOSED);
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final List<Recovery> recoveries = new CopyOnWriteArrayList<>();
  private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
  private final LongAdder opened = new LongAdder();
  private final LongAdder notSent = new LongAdder();
  private volatile @Nullable Throwable cause;
  private volatile boolean closed;

  /**
   * @param target the server, for log lines (no credentials)
   * @param probe pings the server; may also connect when no connection was made yet
   */
  public CircuitBreaker(String target, PingCapability probe) {
    this.target = target;
    this.probe = probe;
  }

  @SuppressWarnings("NullAway") // the reference starts CLOSED and is only ever set to a State, never to null
  public State state() {
    return state.get();
  }

  /** Whether calls may go to the server now. One volatile read. */
  public boolean allows() {
    return state.get() == State.CLOSED;
  }

  /** How many times the breaker opened. */
  public long timesOpened() {
    return opened.sum();
  }

  /** How many calls were not sent because the breaker was open. */
  public long callsNotSent() {
    return notSent.sum();
  }

  /** Why the breaker last opened; {@code null} if it never did. */
  public @Nullable Throwable lastFailure() {
    return cause;
  }

  /** Counts a call that was not sent because the breaker was open. */
  void countNotSent() {
    notSent.increment();
  }

  /** Records a call that reached the server. */
  public void recordSuccess() {
    if (consecutiveFailures.get() != 0) {
      consecutiveFailures.set(0);
    }
  }

  /** Records a call that could not reach the server; the {@link #FAILURE_THRESHOLD}th in a row opens the breaker. */
  public void recordFailure(StoreUnavailableException failure) {
    if (consecutiveFailures.incrementAndGet() >= FAILURE_THRESHOLD) {
      open(failure);
    }
  }

  /**
   * Opens the breaker now, as when the first connection could not be made.
   *
   * @param failure why; the cause of the failures of the calls not sent meanwhile
   */
  public void open(Throwable failure) {
    if (state.compareAndSet(State.CLOSED, State.OPEN)) {
      cause = failure;
      opened.increment();
      LOG.log(System.Logger.Level.WARNING, "circuit to {0} opened: {1}; calls are not sent until it answers again",
          target, failure.getMessage());
      changed(State.OPEN);
      scheduleProbe();
    }
  }

  /** Adds work that must succeed before the breaker closes after an outage. */
  public void register(Recovery recovery) {
    recoveries.add(recovery);
  }

  public void unregister(Recovery recovery) {
    recoveries.remove(recovery);
  }

  /** Tells {@code listener} each new state, on the thread that changed it. */
  public void onStateChange(Consumer<State> listener) {
    listeners.add(listener);
  }

  /** A failure for a call that was not sent, naming the server. */
  StoreUnavailableException notSentFailure() {
    return new StoreUnavailableException("the store at " + target + " is unreachable (circuit open); the "
        + "call was not sent", cause);
  }

  @SuppressWarnings("FutureReturnValueIgnored") // probe() handles its own failures and schedules the next one
  private void scheduleProbe() {
    if (!closed) {
      PROBES.schedule(this::probe, PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void probe() {
    if (closed) {
      return;
    }
    try {
      probe.ping();
    } catch (RuntimeException stillDown) {
      scheduleProbe();
      return;
    }
    state.set(State.HALF_OPEN);
    changed(State.HALF_OPEN);
    try {
      for (Recovery recovery : recoveries) {
        recovery.recover();
      }
    } catch (RuntimeException e) {
      state.set(State.OPEN);
      changed(State.OPEN);
      scheduleProbe();
      return;
    }
    consecutiveFailures.set(0);
    state.set(State.CLOSED);
    LOG.log(System.Logger.Level.INFO, "circuit to {0} closed: it answers again", target);
    changed(State.CLOSED);
  }

  private void changed(State now) {
    for (Consumer<State> listener : listeners) {
      listener.accept(now);
    }
  }

  /** Stops probing. */
  @Override
  public void close() {
    closed = true;
  }
}
