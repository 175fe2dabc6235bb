package dev.cairn.cache.extensions;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * Runs operations for callers that will wait only so long ({@link ExtendedCache#withTimeout}), and the
 * asynchronous view's operations, on a shared pool of daemon threads. An operation that times out is interrupted
 * but may still complete: a timeout tells the caller it does not know the outcome. Thread-safe.
 */
final class TimeLimit {

  /** The threads that run operations for waiting or asynchronous callers; idle ones end after a minute. */
  static final ExecutorService POOL = Executors.newCachedThreadPool(new ThreadFactory() {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "cairn-extensions-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  });

  private TimeLimit() {
  }

  /**
   * Runs {@code body} and waits at most {@code timeout} for it.
   *
   * @throws CacheException with a {@link TimeoutException} cause if it took longer; the body's own exception if it
   *     failed
   */
  static <T> T run(String what, Duration timeout, Supplier<T> body) {
    Future<T> future = POOL.submit(body::get);
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new CacheException(what + " did not complete within " + timeout + "; it may still take effect", e);
    } catch (ExecutionException e) {
      throw unchecked(what, e.getCause());
    } catch (CancellationException e) {
      throw new CacheException(what + " was cancelled", e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new CacheException("interrupted while waiting for " + what, e);
    }
  }

  /**
   * What another thread's failure becomes for the waiting caller: its own unchecked exception as it was, anything
   * else wrapped.
   */
  static RuntimeException unchecked(String what, @Nullable Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new CacheException(what + " failed", cause);
  }
}
