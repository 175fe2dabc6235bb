package dev.cairn.cache.extensions;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Called before and after each operation of an {@link ExtendedCache}, for logging, metrics and tracing. Register
 * one through the cache's configuration, {@code new CairnConfiguration<>().addExtension(() -> new MyInterceptor())},
 * or on a view with {@link ExtendedCache#withInterceptor}.
 *
 * <p><b>The failure rule.</b> An interceptor observes; it never changes what the cache does. If {@code before} or
 * {@code after} throws, the operation still runs (or has already run) and returns its result or throws its own
 * exception as if no interceptor were there; the interceptor's exception is logged at {@code WARNING} through
 * {@link System.Logger} (logger {@code dev.cairn.cache.extensions.Interceptor}) naming the interceptor, the
 * operation and the key, and the remaining interceptors still run. So a broken metrics hook can neither fail a
 * cache call nor go unnoticed.
 *
 * <p>{@code before} and {@code after} run on the calling thread (for the asynchronous view: the thread that starts
 * and the thread that completes the operation), in registration order before and in reverse order after.
 * Implementations must be thread-safe.
 */
public interface Interceptor {

  /** Called before the operation does anything. */
  default void before(Invocation invocation) {
  }

  /** Called once the operation has completed or failed. */
  default void after(Invocation invocation, Outcome outcome) {
  }

  /**
   * One operation.
   *
   * @param cacheName the cache's name
   * @param operation the operation's name, such as {@code "incr"} or {@code "getOrSet"}
   * @param key the key, or for operations on many keys the pattern or the number of keys; never null
   */
  record Invocation(String cacheName, String operation, Object key) {
  }

  /**
   * How an operation ended.
   *
   * @param failure the exception it threw, or {@code null} if it succeeded
   * @param duration how long it took
   */
  record Outcome(@Nullable Throwable failure, Duration duration) {

    public boolean succeeded() {
      return failure == null;
    }
  }
}
