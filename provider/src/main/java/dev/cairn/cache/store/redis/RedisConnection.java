package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.StoreException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.protocol.ConnectionIntent;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One multiplexed Lettuce connection to a standalone server, a sentinel-managed master or a cluster, shared by all
 * stores of one manager; and the one place where Lettuce's failures become {@link StoreException}s.
 *
 * <p>Commands go through {@link RedisClusterAsyncCommands}, the common supertype of the standalone and the cluster
 * API, so {@link RedisStore} has one code path for both; on a cluster, Lettuce routes each command by key slot and
 * splits multi-key commands ({@code MGET}, {@code UNLINK}) and {@code SCAN} across nodes.
 *
 * <p>While the server is unreachable, commands are rejected at once and the connection reconnects in the
 * background; a command never waits longer than the timeout. Thread-safe.
 */
final class RedisConnection implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(RedisConnection.class.getName());

  /** Slack over the command timeout, so that Lettuce's own timeout (with its clearer message) normally fires first. */
  private static final long GRACE_MILLIS = 250;

  private final AbstractRedisClient client;
  private final StatefulConnection<byte[], byte[]> connection;
  private final RedisClusterAsyncCommands<byte[], byte[]> commands;
  private final Duration timeout;
  private final String description;
  private final int database;
  private final List<RedisURI> nodes;

  private RedisConnection(AbstractRedisClient client, StatefulConnection<byte[], byte[]> connection,
      RedisClusterAsyncCommands<byte[], byte[]> commands, RedisLocation location) {
    this.client = client;
    this.connection = connection;
    this.commands = commands;
    this.timeout = location.timeout();
    this.description = location.description();
    this.database = location.cluster() ? 0 : location.nodes().get(0).getDatabase();
    this.nodes = location.nodes();
  }

  /**
   * Connects to {@code location}.
   *
   * @throws StoreException if the server cannot be reached within the connect timeout
   */
  static RedisConnection open(RedisLocation location) {
    SocketOptions socket = SocketOptions.builder().connectTimeout(location.connectTimeout()).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(location.timeout());
    AbstractRedisClient client = null;
    try {
      RedisConnection opened;
      if (location.cluster()) {
        RedisClusterClient clusterClient = RedisClusterClient.create(SharedResources.INSTANCE, location.nodes());
        client = clusterClient;
        ClusterClientOptions.Builder options = ClusterClientOptions.builder();
        if (location.ssl() != null) {
          options.sslOptions(location.ssl());
        }
        clusterClient.setOptions(options
            .socketOptions(socket).timeoutOptions(timeouts).autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
        StatefulRedisClusterConnection<byte[], byte[]> connection = clusterClient.connect(ByteArrayCodec.INSTANCE);
        connectToMasters(connection);
        opened = new RedisConnection(client, connection, connection.async(), location);
      } else {
        RedisClient redisClient = RedisClient.create(SharedResources.INSTANCE);
        client = redisClient;
        ClientOptions.Builder options = ClientOptions.builder();
        if (location.ssl() != null) {
          options.sslOptions(location.ssl());
        }
        redisClient.setOptions(options
            .socketOptions(socket).timeoutOptions(timeouts).autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
        StatefulRedisConnection<byte[], byte[]> connection =
            redisClient.connect(ByteArrayCodec.INSTANCE, location.nodes().get(0));
        opened = new RedisConnection(client, connection, connection.async(), location);
      }
      opened.connection.setTimeout(location.timeout());
      LOG.log(System.Logger.Level.DEBUG, "connected to {0}", location.description());
      return opened;
    } catch (RuntimeException e) {
      if (client != null) {
        client.shutdownAsync(0, location.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
      throw new StoreException("cannot connect to Redis at " + location.description() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Connects to every master now, not on the first command for one of its slots: with
   * {@link ClientOptions.DisconnectedBehavior#REJECT_COMMANDS}, Lettuce 7 rejects a command whose node connection is
   * still being made ("Currently not connected"), so the first commands of a new manager would fail.
   */
  private static void connectToMasters(StatefulRedisClusterConnection<byte[], byte[]> connection) {
    for (RedisClusterNode node : connection.getPartitions()) {
      if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
        connection.getConnection(node.getUri().getHost(), node.getUri().getPort(), ConnectionIntent.WRITE);
      }
    }
  }

  /** The commands; every call returns at once, and its result goes through {@link #call}. */
  RedisClusterAsyncCommands<byte[], byte[]> commands() {
    return commands;
  }

  String description() {
    return description;
  }

  /** Whether this is a connection to a Redis Cluster, where one script may only touch keys of one hash slot. */
  boolean isCluster() {
    return connection instanceof StatefulRedisClusterConnection<byte[], byte[]>;
  }

  /** The database number of this connection's keys (always 0 on a cluster). */
  int database() {
    return database;
  }

  /**
   * A new connection for subscriptions, to the same server or cluster. On a cluster, messages that nodes send on
   * their own (keyspace notifications) reach the connection's listeners too.
   */
  StatefulRedisPubSubConnection<byte[], byte[]> openPubSub() {
    try {
      if (client instanceof RedisClusterClient cluster) {
        StatefulRedisClusterPubSubConnection<byte[], byte[]> pubSub = cluster.connectPubSub(ByteArrayCodec.INSTANCE);
        pubSub.setNodeMessagePropagation(true);
        return pubSub;
      }
      return ((RedisClient) client).connectPubSub(ByteArrayCodec.INSTANCE, nodes.get(0));
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }

  /** How many subscriptions each channel has, over all nodes of a cluster: {@code PUBSUB NUMSUB}. */
  Map<ByteBuffer, Long> subscriberCounts(byte[][] channels) {
    Map<ByteBuffer, Long> counts = new HashMap<>();
    if (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
      // a subscription lives on the one node it was made on: ask them all
      List<Map<byte[], Long>> perNode = call(() -> cluster.async().all().commands().pubsubNumsub(channels));
      perNode.forEach(node -> node.forEach(
          (channel, count) -> counts.merge(ByteBuffer.wrap(channel), count, Long::sum)));
    } else {
      call(() -> commands.pubsubNumsub(channels))
          .forEach((channel, count) -> counts.merge(ByteBuffer.wrap(channel), count, Long::sum));
    }
    return counts;
  }

  /**
   * Makes every master report expired keys ({@code notify-keyspace-events} gains {@code E} and {@code x}), keeping
   * the flags it had.
   *
   * @throws StoreException if the server refuses {@code CONFIG} (managed services often do)
   */
  void enableExpiredNotifications() {
    if (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
      for (String flags : call(() -> cluster.async().masters().commands().configGet("notify-keyspace-events"))
          .stream().map(map -> map.getOrDefault("notify-keyspace-events", "")).toList()) {
        String wanted = withExpiredEvents(flags);
        if (!wanted.equals(flags)) {
          call(() -> cluster.async().masters().commands().configSet("notify-keyspace-events", wanted));
          return;
        }
      }
    } else {
      String flags = call(() -> commands.configGet("notify-keyspace-events"))
          .getOrDefault("notify-keyspace-events", "");
      String wanted = withExpiredEvents(flags);
      if (!wanted.equals(flags)) {
        call(() -> commands.configSet("notify-keyspace-events", wanted));
      }
    }
  }

  private static String withExpiredEvents(String flags) {
    String wanted = flags;
    if (wanted.indexOf('E') < 0) {
      wanted += "E";
    }
    if (wanted.indexOf('x') < 0 && wanted.indexOf('A') < 0) {
      wanted += "x";
    }
    return wanted;
  }

  /**
   * Sends what {@code command} sends and waits for its result.
   *
   * @throws StoreException if Redis is unreachable, fails the command, or does not answer within the timeout
   */
  <T> T call(Supplier<? extends CompletionStage<T>> command) {
    CompletionStage<T> stage;
    try {
      stage = command.get();
    } catch (RuntimeException e) {
      throw failure(e);
    }
    try {
      return stage.toCompletableFuture().get(timeout.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failure(e.getCause() == null ? e : e.getCause());
    } catch (java.util.concurrent.CancellationException e) {
      // Lettuce cancels commands when the connection resets or closes; not the cache's IllegalStateException
      throw new StoreException("Redis at " + description + " dropped the command: " + e.getMessage(), e);
    } catch (TimeoutException e) {
      stage.toCompletableFuture().cancel(false);
      throw new StoreException("Redis at " + description + " did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for Redis at " + description, e);
    }
  }

  /**
   * Sends what {@code command} sends without waiting: the stage completes on Lettuce's I/O thread, exceptionally
   * with a {@link StoreException} when {@link #call} would have thrown one (Lettuce times commands out itself).
   */
  <T> CompletionStage<T> send(Supplier<? extends CompletionStage<T>> command) {
    CompletionStage<T> stage;
    try {
      stage = command.get();
    } catch (RuntimeException e) {
      return java.util.concurrent.CompletableFuture.failedStage(failure(e));
    }
    return stage.handle((result, thrown) -> {
      if (thrown == null) {
        return java.util.concurrent.CompletableFuture.completedStage(result);
      }
      Throwable cause = thrown instanceof java.util.concurrent.CompletionException && thrown.getCause() != null
          ? thrown.getCause() : thrown;
      return java.util.concurrent.CompletableFuture.<T>failedStage(failure(cause));
    }).thenCompose(next -> next);
  }

  /**
   * Lettuce's computation threads, shared by every connection of this JVM: where a chain of commands sends its next
   * command when Lettuce may wait inside the sending call. A cluster {@code SCAN} does, for a connection to the next
   * node, and doing that on an I/O thread would wait forever for the very thread that waits.
   */
  Executor computations() {
    return SharedResources.INSTANCE.eventExecutorGroup();
  }

  private StoreException failure(Throwable cause) {
    if (cause instanceof StoreException already) {
      return already;
    }
    return new StoreException("Redis command failed at " + description + ": " + cause.getMessage(), cause);
  }

  /** Closes the connection; the data stays on the server. */
  @Override
  public void close() {
    try {
      connection.close();
    } finally {
      client.shutdown(Duration.ZERO, timeout);
      LOG.log(System.Logger.Level.DEBUG, "closed connection to {0}", description);
    }
  }

  /**
   * The event loops and timers all Redis connections of this JVM share (Lettuce's advice: they are costly, and a
   * manager per test or per tenant must not create its own). Their threads are daemons. Reconnection backs off
   * exponentially up to one second, not Lettuce's default of thirty: a cache should recover soon after its server
   * does.
   */
  private static final class SharedResources {
    static final ClientResources INSTANCE = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
  }
}
