package dev.cairn.cache.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The one pool Cairn runs background work on: {@code loadAll}, and the {@link OrderedQueue}s that deliver
 * asynchronous listeners' events, expiries found outside a cache call and other processes' changes. Its threads are
 * daemons, so a forgotten cache never keeps a JVM alive, and are created on demand; each queue uses at most one at a
 * time, so the number of threads follows the number of busy queues, not the number of events.
 */
public final class Background {

  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "cairn-background-" + COUNT.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  });

  private Background() {
  }

  public static ExecutorService pool() {
    return POOL;
  }

  /** Closes {@code resource} if it is {@link AutoCloseable}; a failure is logged, since no caller can act on it. */
  public static void closeIfCloseable(@Nullable Object resource) {
    if (resource instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        System.getLogger(Background.class.getName())
            .log(System.Logger.Level.WARNING, "cannot close " + resource, e);
      }
    }
  }
}
