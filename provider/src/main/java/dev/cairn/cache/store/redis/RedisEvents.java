package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.StoreException;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * How the caches of one Redis-backed manager exchange entry events with other processes: Redis pub/sub.
 *
 * <p>Why pub/sub and not keyspace notifications alone: a notification says only that a key changed, not whether
 * it was created or updated, nor its old value, nor who changed it; so each writing manager publishes its own
 * changes, with their values, on the cache's channel, and only while some other process listens to it (a
 * writer checks {@code PUBSUB NUMSUB} about once a second, so nobody pays for events nobody reads). Expiries are
 * the exception: only the server knows when it expires a key, so a manager with EXPIRED listeners subscribes to
 * Redis's own {@code __keyevent@db__:expired} notifications, turning them on ({@code CONFIG SET
 * notify-keyspace-events}) if the server allows it.
 *
 * <p>Delivery guarantees: at most once, in the order one manager published; messages sent while a subscriber is
 * disconnected are lost (Lettuce re-subscribes when it reconnects); a listener registered in one process sees other
 * processes' changes from at most about a second later; an expired entry's value is unknown (the server deleted
 * it). Changes from other processes reach synchronous listeners too, but on this manager's delivery thread, not
 * before the other process's call returned.
 *
 * <p>The subscription connection and the delivery thread are created when the first listener is registered.
 * Thread-safe.
 */
final class RedisEvents implements AutoCloseable {

  static final int ORIGIN_BYTES = 16;
  private static final System.Logger LOG = System.getLogger(RedisEvents.class.getName());
  private static final long REFRESH_MILLIS = 1_000;

  /** Shared by all managers: the once-a-second check of who listens is a few microseconds of work each. */
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "cairn-redis-listeners");
    thread.setDaemon(true);
    return thread;
  });

  private final RedisConnection connection;
  private final byte[] origin;
  private final byte[] expiredChannel;
  private final Set<RedisChangeFeed<?, ?>> feeds = ConcurrentHashMap.newKeySet();
  private final Map<ByteBuffer, RedisChangeFeed<?, ?>> subscribed = new ConcurrentHashMap<>();
  private final Set<RedisChangeFeed<?, ?>> expiring = ConcurrentHashMap.newKeySet();
  private final ScheduledFuture<?> refresh;
  private StatefulRedisPubSubConnection<byte[], byte[]> pubSub;
  private ExecutorService delivery;
  private boolean expiredSubscribed;

  RedisEvents(RedisConnection connection) {
    this.connection = connection;
    UUID id = UUID.randomUUID();
    this.origin = ByteBuffer.allocate(ORIGIN_BYTES)
        .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    this.expiredChannel = ("__keyevent@" + connection.database() + "__:expired").getBytes(StandardCharsets.UTF_8);
    this.refresh = TIMER.scheduleWithFixedDelay(this::refreshQuietly, REFRESH_MILLIS, REFRESH_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /** This manager's id in the messages it publishes. */
  byte[] origin() {
    return origin;
  }

  /** Starts tracking whether other processes listen to {@code feed}'s cache, checking once now. */
  void add(RedisChangeFeed<?, ?> feed) {
    feeds.add(feed);
    try {
      refresh(Set.of(feed));
    } catch (StoreException e) {
      // Redis is down as the cache opens: the periodic check catches up once it returns
      LOG.log(System.Logger.Level.DEBUG, "cannot check listeners of " + feed + ": " + e.getMessage());
    }
  }

  /** Stops tracking and delivering to {@code feed}. */
  void remove(RedisChangeFeed<?, ?> feed) {
    feeds.remove(feed);
    try {
      listen(feed, false, false);
    } catch (StoreException e) {
      // closing while Redis is down: the subscription dies with the connection anyway
      LOG.log(System.Logger.Level.DEBUG, "cannot unsubscribe " + feed + ": " + e.getMessage());
    }
  }

  /** Publishes without waiting: the write it describes has already happened, and delivery is at most once. */
  void publish(byte[] channel, byte[] message) {
    try {
      connection.commands().publish(channel, message).exceptionally(failure -> {
        LOG.log(System.Logger.Level.DEBUG, "an entry event was not published: " + failure);
        return 0L;
      });
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "an entry event was not published: " + e);
    }
  }

  /** Subscribes {@code feed} to its channel, and to expiries if {@code expired}, or unsubscribes it. */
  synchronized void listen(RedisChangeFeed<?, ?> feed, boolean changes, boolean expired) {
    ByteBuffer channel = ByteBuffer.wrap(feed.channel());
    if (changes && !subscribed.containsKey(channel)) {
      StatefulRedisPubSubConnection<byte[], byte[]> connected = pubSub();
      connection.call(() -> connected.async().subscribe(feed.channel()));
      subscribed.put(channel, feed);
    } else if (!changes && subscribed.remove(channel) != null) {
      connection.call(() -> pubSub.async().unsubscribe(feed.channel()));
    }
    if (expired) {
      expiring.add(feed);
    } else {
      expiring.remove(feed);
    }
    subscribeToExpiries(!expiring.isEmpty());
  }

  private void subscribeToExpiries(boolean wanted) {
    if (wanted == expiredSubscribed) {
      return;
    }
    if (wanted) {
      try {
        connection.enableExpiredNotifications();
      } catch (StoreException e) {
        LOG.log(System.Logger.Level.WARNING, "Redis at " + connection.description() + " refused to report expired "
            + "keys (CONFIG SET notify-keyspace-events Ex): EXPIRED listeners only hear of expiries if the server "
            + "is configured so by its operator; " + e.getMessage());
      }
    }
    StatefulRedisPubSubConnection<byte[], byte[]> connected = pubSub();
    if (connected instanceof StatefulRedisClusterPubSubConnection<byte[], byte[]> cluster) {
      // keyspace notifications stay on the node where the key lives: listen on every master
      if (wanted) {
        connection.call(() -> cluster.async().masters().commands().subscribe(expiredChannel));
      } else {
        connection.call(() -> cluster.async().masters().commands().unsubscribe(expiredChannel));
      }
    } else if (wanted) {
      connection.call(() -> connected.async().subscribe(expiredChannel));
    } else {
      connection.call(() -> connected.async().unsubscribe(expiredChannel));
    }
    expiredSubscribed = wanted;
  }

  private StatefulRedisPubSubConnection<byte[], byte[]> pubSub() {
    if (pubSub == null) {
      delivery = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cairn-redis-events");
        thread.setDaemon(true);
        return thread;
      });
      pubSub = connection.openPubSub();
      pubSub.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(byte[] channel, byte[] message) {
          route(channel, message);
        }
      });
    }
    return pubSub;
  }

  /** On Lettuce's I/O thread: hands the message to the delivery thread, which may block in listeners. */
  private void route(byte[] channel, byte[] message) {
    if (Arrays.equals(channel, expiredChannel)) {
      for (RedisChangeFeed<?, ?> feed : expiring) {
        delivery.execute(() -> feed.receiveExpired(message));
      }
      return;
    }
    RedisChangeFeed<?, ?> feed = subscribed.get(ByteBuffer.wrap(channel));
    if (feed != null && !feed.isOwn(message)) {
      delivery.execute(() -> feed.receive(message));
    }
  }

  private void refreshQuietly() {
    try {
      refresh(feeds);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot check who listens: " + e.getMessage());
    }
  }

  /** Asks Redis how many subscribers each feed's channel has, not counting this manager's own. */
  private void refresh(Set<RedisChangeFeed<?, ?>> toCheck) {
    if (toCheck.isEmpty()) {
      return;
    }
    RedisChangeFeed<?, ?>[] checked = toCheck.toArray(RedisChangeFeed<?, ?>[]::new);
    byte[][] channels = Arrays.stream(checked).map(RedisChangeFeed::channel).toArray(byte[][]::new);
    Map<ByteBuffer, Long> counts = connection.subscriberCounts(channels);
    for (RedisChangeFeed<?, ?> feed : checked) {
      ByteBuffer channel = ByteBuffer.wrap(feed.channel());
      long others = counts.getOrDefault(channel, 0L) - (subscribed.containsKey(channel) ? 1 : 0);
      feed.othersListen(others > 0);
    }
  }

  @Override
  public synchronized void close() {
    refresh.cancel(false);
    if (pubSub != null) {
      pubSub.close();
      delivery.shutdown();
    }
  }
}
