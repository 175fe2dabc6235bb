package dev.cairn.cache.extensions;

import dev.cairn.cache.extensions.Interceptor.Invocation;
import dev.cairn.cache.extensions.Interceptor.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs operations between the {@link Interceptor}s of one view, applying their failure rule: an interceptor's
 * exception is logged and never changes the operation's result. Immutable and thread-safe.
 */
final class Interception {

  private static final System.Logger LOG = System.getLogger(Interceptor.class.getName());

  static final Interception NONE = new Interception(List.of());

  private final List<Interceptor> interceptors;

  Interception(List<Interceptor> interceptors) {
    this.interceptors = List.copyOf(interceptors);
  }

  Interception with(Interceptor interceptor) {
    List<Interceptor> all = new java.util.ArrayList<>(interceptors);
    all.add(interceptor);
    return new Interception(all);
  }

  boolean isEmpty() {
    return interceptors.isEmpty();
  }

  /** Runs {@code operation} between the interceptors' {@code before} and {@code after}. */
  <T> T run(String cacheName, String operation, Object key, Supplier<T> body) {
    if (interceptors.isEmpty()) {
      return body.get();
    }
    Invocation invocation = before(cacheName, operation, key);
    long start = System.nanoTime();
    T result;
    try {
      result = body.get();
    } catch (RuntimeException | Error e) {
      after(invocation, e, start);
      throw e;
    }
    after(invocation, null, start);
    return result;
  }

  /** Tells every interceptor an operation starts. */
  Invocation before(String cacheName, String operation, Object key) {
    Invocation invocation = new Invocation(cacheName, operation, key);
    for (Interceptor interceptor : interceptors) {
      try {
        interceptor.before(invocation);
      } catch (RuntimeException e) {
        report(interceptor, "before", invocation, e);
      }
    }
    return invocation;
  }

  /** Tells every interceptor, in reverse order, how an operation that started at {@code startNanos} ended. */
  void after(Invocation invocation, @Nullable Throwable failure, long startNanos) {
    Outcome outcome = new Outcome(failure, Duration.ofNanos(System.nanoTime() - startNanos));
    for (int i = interceptors.size() - 1; i >= 0; i--) {
      Interceptor interceptor = interceptors.get(i);
      try {
        interceptor.after(invocation, outcome);
      } catch (RuntimeException e) {
        report(interceptor, "after", invocation, e);
      }
    }
  }

  private static void report(Interceptor interceptor, String phase, Invocation invocation, RuntimeException e) {
    // the documented rule: an interceptor observes and must not change the operation's outcome; never silent
    LOG.log(System.Logger.Level.WARNING, "interceptor " + interceptor.getClass().getName() + " failed in " + phase
        + " of " + invocation.operation() + " on cache " + invocation.cacheName() + ", key " + invocation.key()
        + "; the operation was not affected", e);
  }
}
