package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.StoreException;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * How the caches of one Redis-backed manager exchange entry events with other processes: Redis pub/sub.
 *
 * <p>Why pub/sub and not keyspace notifications alone: a notification says only that a key changed, not whether
 * it was created or updated, nor its old value, nor who changed it; so each writing manager publishes its own
 * changes, with their values, on the cache's channel, and only while some other process listens to it (a
 * writer checks {@code PUBSUB NUMSUB} about once a second, so nobody pays for events nobody reads). Expiries are
 * the exception: only the server knows when it expires a key, so a manager with EXPIRED listeners subscribes to
 * Redis's own {@code __keyevent@db__:expired} notifications, turning them on ({@code CONFIG SET
 * notify-keyspace-events}) if the server allows it. A restarted server or a promoted replica starts with that
 * setting off, so it is applied again after every reconnection and checked every {@link #CHECK_TICKS} seconds; on a
 * cluster each check also refreshes the topology and subscribes to the expiries of masters that joined since.
 *
 * <p>Delivery guarantees: at most once, in the order one manager published; messages sent while a subscriber is
 * disconnected are lost (Lettuce re-subscribes when it reconnects); a listener registered in one process sees other
 * processes' changes from at most about a second later; an expired entry's value is unknown (the server deleted
 * it); expiries the server decided while notifications were off (just after a restart, until the next check) are
 * not reported. Changes from other processes reach synchronous listeners too, but on the delivering thread, not
 * before the other process's call returned. Each cache's messages wait in its own bounded inbox, delivered in order
 * by one task (see {@link RedisChangeFeed}), so a slow listener of one cache never delays another cache's events.
 *
 * <p>The subscription connection is created when the first listener is registered. Thread-safe.
 */
final class RedisEvents implements AutoCloseable {

  static final int ORIGIN_BYTES = 16;
  private static final System.Logger LOG = System.getLogger(RedisEvents.class.getName());
  private static final long REFRESH_MILLIS = 1_000;
  /** How many refreshes pass between checks that the server still reports expiries. */
  static final int CHECK_TICKS = 10;

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
  private @Nullable StatefulRedisPubSubConnection<byte[], byte[]> pubSub;
  private boolean expiredSubscribed;
  /** False after a (re)connection: the server may have forgotten to report expiries. */
  private volatile boolean expiriesChecked = true;
  private int ticksSinceCheck;

  RedisEvents(RedisConnection connection) {
    this.connection = connection;
    UUID id = UUID.randomUUID();
    this.origin = ByteBuffer.allocate(ORIGIN_BYTES)
        .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    this.expiredChannel = ("__keyevent@" + connection.database() + "__:expired").getBytes(StandardCharsets.UTF_8);
    // the callback comes on an I/O thread, which must not wait for Redis: the timer does the check
    connection.onConnected(() -> expiriesChecked = false);
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
    feed.close();
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
      // a subscribed feed went through pubSub(), which made the connection
      StatefulRedisPubSubConnection<byte[], byte[]> connected = Objects.requireNonNull(pubSub, "pubSub");
      connection.call(() -> connected.async().unsubscribe(feed.channel()));
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
    subscribeExpiredChannel(wanted);
    expiredSubscribed = wanted;
  }

  /** (Un)subscribes to expiries; on a cluster on every master the connection knows of now. */
  private void subscribeExpiredChannel(boolean wanted) {
    StatefulRedisPubSubConnection<byte[], byte[]> connected = pubSub();
    if (connected instanceof StatefulRedisClusterPubSubConnection<byte[], byte[]> cluster) {
      // keyspace notifications stay on the node where the key lives: listen on every master
      if (wanted) {
        connection.call(() -> cluster.async().upstream().commands().subscribe(expiredChannel));
      } else {
        connection.call(() -> cluster.async().upstream().commands().unsubscribe(expiredChannel));
      }
    } else if (wanted) {
      connection.call(() -> connected.async().subscribe(expiredChannel));
    } else {
      connection.call(() -> connected.async().unsubscribe(expiredChannel));
    }
  }

  /**
   * On the timer, while EXPIRED listeners exist: after a reconnection, and every {@link #CHECK_TICKS} refreshes,
   * makes sure the server (every master of a cluster, including new ones) reports expiries to this manager. A
   * failed check is tried again at the next refresh.
   */
  private synchronized void checkExpiries() {
    if (!expiredSubscribed || (expiriesChecked && ++ticksSinceCheck < CHECK_TICKS)) {
      return;
    }
    expiriesChecked = true;
    ticksSinceCheck = 0;
    try {
      if (pubSub instanceof StatefulRedisClusterPubSubConnection<byte[], byte[]>) {
        connection.refreshTopology();
        subscribeExpiredChannel(true);
      }
      connection.enableExpiredNotifications();
    } catch (RuntimeException e) {
      // not only StoreException: anything escaping would cancel the timer's refreshes for every manager
      expiriesChecked = false;
      LOG.log(System.Logger.Level.DEBUG, "cannot check that Redis at " + connection.description()
          + " reports expired keys: " + e.getMessage());
    }
  }

  private StatefulRedisPubSubConnection<byte[], byte[]> pubSub() {
    if (pubSub == null) {
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

  /** On Lettuce's I/O thread: hands the message to its cache's inbox, whose delivery may block in listeners. */
  private void route(byte[] channel, byte[] message) {
    if (Arrays.equals(channel, expiredChannel)) {
      for (RedisChangeFeed<?, ?> feed : expiring) {
        feed.receiveExpiredLater(message);
      }
      return;
    }
    RedisChangeFeed<?, ?> feed = subscribed.get(ByteBuffer.wrap(channel));
    if (feed != null && !feed.isOwn(message)) {
      feed.receiveLater(message);
    }
  }

  private void refreshQuietly() {
    try {
      refresh(feeds);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot check who listens: " + e.getMessage());
    }
    checkExpiries();
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
    }
  }
}
