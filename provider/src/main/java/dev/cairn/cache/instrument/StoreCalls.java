package dev.cairn.cache.instrument;

import dev.cairn.cache.store.Store;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The store calls of one cache, and who listens to them: each store the cache opens (one per key version) is
 * wrapped in an {@link InstrumentedStore} that reports here. While no {@link StoreCallListener} listens, a call
 * costs one volatile read beyond the store's own work: no clock is read and nothing is allocated.
 *
 * <p>What is timed is the store as the engine sees it: for a remote store that includes its failure handling (a
 * call not sent while the circuit is open fails at once, or in fail-open mode answers for the server without an
 * error) and its near cache (a local hit is a fast {@code get}). Capabilities ({@code CounterCapability},
 * {@code AsyncCapability}...) are not timed, and {@code keys} times opening the iteration, not walking it.
 *
 * <p>Thread-safe: listeners may be added and removed while calls run.
 */
public final class StoreCalls {

  private static final StoreCallListener[] NONE = {};

  private volatile StoreCallListener[] listeners = NONE;

  /** {@code store}, reporting its calls here. */
  public <K, V> Store<K, V> instrument(Store<K, V> store) {
    return new InstrumentedStore<>(store, this);
  }

  /**
   * Tells {@code listener} of every store call from now on.
   *
   * @return closing it stops telling {@code listener}
   */
  public synchronized AutoCloseable listen(StoreCallListener listener) {
    StoreCallListener[] now = Arrays.copyOf(listeners, listeners.length + 1);
    now[now.length - 1] = listener;
    listeners = now;
    return () -> remove(listener);
  }

  private synchronized void remove(StoreCallListener listener) {
    listeners = Arrays.stream(listeners).filter(present -> present != listener).toArray(StoreCallListener[]::new);
  }

  /** Whether anyone listens: one volatile read. */
  boolean observed() {
    return listeners.length != 0;
  }

  /** Runs {@code call}, then tells the listeners how long it took and what it threw. */
  <T> T time(StoreOperation operation, Supplier<T> call) {
    long start = System.nanoTime();
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      report(operation, System.nanoTime() - start, e);
      throw e;
    }
    report(operation, System.nanoTime() - start, null);
    return result;
  }

  /** As {@link #time}, for a call that returns nothing. */
  void run(StoreOperation operation, Runnable call) {
    time(operation, () -> {
      call.run();
      return null;
    });
  }

  private void report(StoreOperation operation, long nanos, RuntimeException failure) {
    for (StoreCallListener listener : listeners) {
      listener.onCall(operation, nanos, failure);
    }
  }
}
