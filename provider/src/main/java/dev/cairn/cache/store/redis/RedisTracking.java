package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.StoreException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.push.PushMessage;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullUnmarked;

/**
 * Redis's client-side caching for the near caches of one manager: {@code CLIENT TRACKING ON BCAST PREFIX
 * prefix:cache:} on the connection that serves the reads, one prefix per near-cached cache, and the RESP3
 * {@code invalidate} push messages that connection receives, handed to the cache whose namespace the key is in.
 *
 * <p>BCAST, because one multiplexed connection serves every cache and thread: the server then tells every change
 * under a prefix, whatever this connection read, so a read never needs to be marked as tracked, and the server keeps
 * no table of the keys each client read. The invalidations arrive on the same connection as the replies, after the
 * reply of any read that the change followed.
 *
 * <p>Tracking lives with the connection: when it drops, each {@link Receiver} is told {@code lost} at once (on the
 * I/O thread that saw it go); after it reconnects, tracking is turned on again from a background thread, and each
 * receiver is told {@code resumed} once the server confirmed it. A background check every {@link #CHECK_INTERVAL_MS}
 * ms turns tracking on wherever an attempt failed (a server that was down, or a fail-open manager that has not
 * connected yet). Tracking is not turned off for a cache that closes: its invalidations are ignored.
 *
 * <p>Thread-safe.
 */
@NullUnmarked // not yet checked by NullAway: issue 15's remaining store work
final class RedisTracking implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(RedisTracking.class.getName());

  /** How often a failed attempt to turn tracking on is retried. */
  static final long CHECK_INTERVAL_MS = 500;

  private static final ScheduledExecutorService CHECKS = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "cairn-redis-tracking");
    thread.setDaemon(true);
    return thread;
  });

  /** Told about the keys of one namespace. Calls must be quick: they come on Lettuce's I/O threads. */
  interface Receiver {
    /** @param redisKey a key in the receiver's namespace that changed */
    void invalidated(byte[] redisKey);

    void invalidatedAll();

    void lost();

    void resumed();
  }

  private final RedisConnection connection;
  /** Receivers by the bytes of their namespace, {@code prefix:segment:}. */
  private final Map<ByteBuffer, Set<Receiver>> receivers = new ConcurrentHashMap<>();
  /** The namespaces tracked on the current connection; emptied when it drops. */
  private final Set<String> tracked = ConcurrentHashMap.newKeySet();
  /** Changes each time the connection drops, so that an attempt that raced a drop does not count. */
  private long generation;
  private StatefulRedisConnection<byte[], byte[]> listenedTo;
  private ScheduledFuture<?> check;
  private volatile boolean closed;

  RedisTracking(RedisConnection connection) {
    this.connection = connection;
    connection.addStateListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> channel) {
        if (connection.isCommandConnection(channel)) {
          dropped();
        }
      }

      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> channel, SocketAddress address) {
        if (connection.isCommandConnection(channel) && !closed) {
          // not here: this is an I/O thread, and turning tracking on waits for Redis
          CHECKS.execute(RedisTracking.this::enable);
        }
      }
    });
  }

  /**
   * Starts telling {@code receiver} about the keys of {@code namespace}; tells it {@code resumed} once the server
   * tracks them (at once if it can, else from the background check).
   *
   * @return stops telling it
   */
  AutoCloseable track(KeyNamespace namespace, Receiver receiver) {
    ByteBuffer start = ByteBuffer.wrap(namespace.toString().getBytes(StandardCharsets.UTF_8));
    receivers.computeIfAbsent(start, any -> ConcurrentHashMap.newKeySet()).add(receiver);
    synchronized (tracked) {
      if (tracked.contains(namespace.toString())) {
        receiver.resumed();
      }
    }
    synchronized (this) {
      if (check == null) {
        check = CHECKS.scheduleWithFixedDelay(this::enable, CHECK_INTERVAL_MS, CHECK_INTERVAL_MS,
            TimeUnit.MILLISECONDS);
      }
    }
    enable();
    return () -> {
      Set<Receiver> same = receivers.get(start);
      if (same != null) {
        same.remove(receiver);
      }
    };
  }

  /**
   * Turns tracking on for every namespace that has receivers and is not yet tracked on the current connection, and
   * tells their receivers {@code resumed}. A failure is logged once per attempt and retried by the check.
   */
  private synchronized void enable() {
    if (closed) {
      return;
    }
    long attempt;
    List<String> missing = new ArrayList<>();
    synchronized (tracked) {
      attempt = generation;
      receivers.forEach((start, set) -> {
        String prefix = StandardCharsets.UTF_8.decode(start.duplicate()).toString();
        if (!set.isEmpty() && !tracked.contains(prefix)) {
          missing.add(prefix);
        }
      });
    }
    if (missing.isEmpty()) {
      return;
    }
    try {
      StatefulRedisConnection<byte[], byte[]> redis = connection.standaloneConnection();
      if (redis != listenedTo) {
        redis.addListener(new Invalidations());
        listenedTo = redis;
      }
      connection.call(() -> redis.async().clientTracking(
          TrackingArgs.Builder.enabled().bcast().prefixes(missing.toArray(String[]::new))));
    } catch (StoreException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot turn on client tracking at {0} yet: {1}",
          connection.description(), e.getMessage());
      return;
    }
    synchronized (tracked) {
      if (attempt != generation) {
        // the connection dropped meanwhile: the next connection needs its own attempt
        return;
      }
      tracked.addAll(missing);
      for (String prefix : missing) {
        receiversOf(ByteBuffer.wrap(prefix.getBytes(StandardCharsets.UTF_8))).forEach(Receiver::resumed);
      }
    }
    LOG.log(System.Logger.Level.DEBUG, "client tracking on at {0} for {1}", connection.description(), missing);
  }

  /** The connection dropped: nothing is tracked any more until {@link #enable} ran on the next one. */
  private void dropped() {
    synchronized (tracked) {
      generation++;
      tracked.clear();
      receivers.values().forEach(set -> set.forEach(Receiver::lost));
    }
  }

  private Set<Receiver> receiversOf(ByteBuffer start) {
    Set<Receiver> set = receivers.get(start);
    return set == null ? Set.of() : set;
  }

  /** The {@code invalidate} push messages: a list of keys, or nothing for "everything" (a flush). */
  private final class Invalidations implements PushListener {
    @Override
    public void onPushMessage(PushMessage message) {
      if (!"invalidate".equals(message.getType())) {
        return;
      }
      List<Object> content = message.getContent(buffer -> {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
      });
      Object keys = content.size() > 1 ? content.get(1) : null;
      if (!(keys instanceof List<?> list)) {
        receivers.values().forEach(set -> set.forEach(Receiver::invalidatedAll));
        return;
      }
      for (Object key : list) {
        if (key instanceof byte[] redisKey) {
          receiversOf(namespaceOf(redisKey)).forEach(receiver -> receiver.invalidated(redisKey));
        }
      }
    }
  }

  /** {@code prefix:segment:} of a key: up to its second {@code ':'} (see {@link KeyNamespace}). */
  private static ByteBuffer namespaceOf(byte[] redisKey) {
    int colons = 0;
    for (int i = 0; i < redisKey.length; i++) {
      if (redisKey[i] == ':' && ++colons == 2) {
        return ByteBuffer.wrap(redisKey, 0, i + 1).slice();
      }
    }
    return ByteBuffer.wrap(new byte[0]);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (check != null) {
      check.cancel(false);
    }
  }
}
