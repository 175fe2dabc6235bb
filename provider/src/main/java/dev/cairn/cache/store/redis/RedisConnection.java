package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.StoreException;
import dev.cairn.cache.store.StoreUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.AsyncExecutions;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.protocol.ConnectionIntent;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
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
import org.jspecify.annotations.Nullable;

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

  private final RedisLocation location;
  private final AbstractRedisClient client;
  private final RedisClusterAsyncCommands<byte[], byte[]> commands;
  private final Duration timeout;
  private final String description;
  private final int database;
  private final List<RedisURI> nodes;
  private volatile @Nullable Link link;
  private volatile boolean closed;
  /** On a cluster, a second connection where the near caches' tracking lives; made on first use. */
  private @Nullable StatefulRedisClusterConnection<byte[], byte[]> tracker;

  /** What one successful connect made. */
  private record Link(AbstractRedisClient client, StatefulConnection<byte[], byte[]> connection,
      RedisClusterAsyncCommands<byte[], byte[]> commands) {
  }

  /** @param link the connection, or {@code null} to connect on first use */
  private RedisConnection(@Nullable Link link, RedisLocation location, AbstractRedisClient client) {
    this.location = location;
    this.client = client;
    this.link = link;
    this.commands = link != null ? link.commands() : lazyCommands();
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
  @SuppressWarnings("FutureReturnValueIgnored") // the client of a failed connect shuts down in the background
  static RedisConnection open(RedisLocation location) {
    AbstractRedisClient client = client(location);
    try {
      return new RedisConnection(connect(client, location), location, client);
    } catch (RuntimeException e) {
      client.shutdownAsync(0, location.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  /**
   * A connection that connects on first use, for fail-open managers, which must start while the server is down:
   * each command sent before a connect succeeds fails with a {@link StoreUnavailableException} after one connect
   * attempt.
   */
  static RedisConnection connectingLater(RedisLocation location) {
    return new RedisConnection(null, location, client(location));
  }

  /** The connection, connecting first if this one was opened lazily and has none yet. */
  private Link link() {
    Link current = link;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (link == null) {
        if (closed) {
          throw new StoreException("the connection to Redis at " + description + " is closed");
        }
        link = connect(client, location);
      }
      return link;
    }
  }

  /** The commands of a connection made on first use: each call connects if needed, then forwards. */
  @SuppressWarnings("unchecked")
  private RedisClusterAsyncCommands<byte[], byte[]> lazyCommands() {
    return (RedisClusterAsyncCommands<byte[], byte[]>) java.lang.reflect.Proxy.newProxyInstance(
        RedisClusterAsyncCommands.class.getClassLoader(), new Class<?>[] {RedisClusterAsyncCommands.class},
        (proxy, method, args) -> {
          try {
            return method.invoke(link().commands(), args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** A client for {@code location}, not yet connected, on the shared resources. */
  private static AbstractRedisClient client(RedisLocation location) {
    SocketOptions socket = SocketOptions.builder().connectTimeout(location.connectTimeout()).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(location.timeout());
    if (location.cluster()) {
      RedisClusterClient clusterClient = RedisClusterClient.create(SharedResources.INSTANCE, location.nodes());
      ClusterClientOptions.Builder options = ClusterClientOptions.builder();
      if (location.ssl() != null) {
        options.sslOptions(location.ssl());
      }
      // a failover or a resharding changes which node serves a slot: learn it from redirects and reconnect
      // failures at once (at most once a second), and every 10 s in any case. Lettuce 7 turns every adaptive
      // trigger on by default (and deprecates the calls that did)
      options.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
          .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
          .refreshTriggersReconnectAttempts(3)
          .enablePeriodicRefresh(Duration.ofSeconds(10))
          .build());
      clusterClient.setOptions(options
          .socketOptions(socket).timeoutOptions(timeouts).autoReconnect(true)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .build());
      return clusterClient;
    }
    RedisClient redisClient = RedisClient.create(SharedResources.INSTANCE);
    ClientOptions.Builder options = ClientOptions.builder();
    if (location.ssl() != null) {
      options.sslOptions(location.ssl());
    }
    redisClient.setOptions(options
        .socketOptions(socket).timeoutOptions(timeouts).autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .build());
    return redisClient;
  }

  /**
   * Connects {@code client} to {@code location}.
   *
   * @throws StoreUnavailableException if the server cannot be reached within the connect timeout
   */
  private static Link connect(AbstractRedisClient client, RedisLocation location) {
    try {
      Link opened;
      if (client instanceof RedisClusterClient clusterClient) {
        StatefulRedisClusterConnection<byte[], byte[]> connection = clusterClient.connect(ByteArrayCodec.INSTANCE);
        connectToMasters(connection);
        opened = new Link(client, connection, connection.async());
      } else {
        StatefulRedisConnection<byte[], byte[]> connection =
            ((RedisClient) client).connect(ByteArrayCodec.INSTANCE, location.nodes().get(0));
        opened = new Link(client, connection, connection.async());
      }
      opened.connection().setTimeout(location.timeout());
      LOG.log(System.Logger.Level.DEBUG, "connected to {0}", location.description());
      return opened;
    } catch (RuntimeException e) {
      throw new StoreUnavailableException("cannot connect to Redis at " + location.description() + ": "
          + e.getMessage(), e);
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
    return location.cluster();
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
      if (link().client() instanceof RedisClusterClient cluster) {
        StatefulRedisClusterPubSubConnection<byte[], byte[]> pubSub = cluster.connectPubSub(ByteArrayCodec.INSTANCE);
        pubSub.setNodeMessagePropagation(true);
        return pubSub;
      }
      return ((RedisClient) link().client()).connectPubSub(ByteArrayCodec.INSTANCE, nodes.get(0));
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }

  /** How many subscriptions each channel has, over all nodes of a cluster: {@code PUBSUB NUMSUB}. */
  Map<ByteBuffer, Long> subscriberCounts(byte[][] channels) {
    Map<ByteBuffer, Long> counts = new HashMap<>();
    if (link().connection() instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
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
   * the flags each had.
   *
   * @throws StoreException if the server refuses {@code CONFIG} (managed services often do)
   */
  void enableExpiredNotifications() {
    if (link().connection() instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
      AsyncExecutions<Map<String, String>> flags;
      try {
        flags = cluster.async().upstream().commands().configGet("notify-keyspace-events");
      } catch (RuntimeException e) {
        throw failure(e);
      }
      // each master on its own: a restarted or new one may differ from the others
      for (RedisClusterNode node : flags.nodes()) {
        String current = call(() -> flags.get(node)).getOrDefault("notify-keyspace-events", "");
        String wanted = withExpiredEvents(current);
        if (!wanted.equals(current)) {
          call(() -> cluster.getConnection(node.getNodeId()).async().configSet("notify-keyspace-events", wanted));
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

  /**
   * Runs {@code action} after each connection and reconnection of any of this manager's connections, on a Lettuce
   * I/O thread: it must return at once and must not wait for Redis.
   */
  void onConnected(Runnable action) {
    client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> channel, SocketAddress address) {
        action.run();
      }
    });
  }

  /**
   * Adds {@code listener} to the client of this manager's connections: it hears of every connection and
   * disconnection, on a Lettuce I/O thread, and must return at once; the channel it is given is the connection.
   */
  void addStateListener(RedisConnectionStateListener listener) {
    client.addListener(listener);
  }

  /**
   * Where client-side caching is tracked: the connections that receive the invalidations of every server holding
   * this manager's keys, by the server they are to, and the topology they were chosen for. Connects first if
   * needed.
   *
   * <ul>
   *   <li>Standalone or Sentinel-managed: the one connection {@link #commands} use, so that the invalidations
   *       arrive in order with the replies.</li>
   *   <li>Cluster: one connection per master that serves slots (reads go to masters: no {@code ReadFrom} is set),
   *       from a second cluster connection made for tracking alone. The connections reads use are Lettuce's pool
   *       (per slot, and per {@code host:port} for redirects), which Cairn cannot enumerate; with BCAST the server
   *       tells every change under a prefix to every tracking connection, whatever it read, so a separate one per
   *       master hears the same.</li>
   * </ul>
   *
   * @throws StoreException if a master cannot be connected to now
   */
  TrackingTargets trackingTargets() {
    Link current = link();
    if (current.connection() instanceof StatefulRedisConnection<byte[], byte[]> standalone) {
      return new TrackingTargets(Map.of(), Map.of("", standalone));
    }
    StatefulRedisClusterConnection<byte[], byte[]> tracker = tracker((RedisClusterClient) current.client());
    Map<String, java.util.BitSet> topology = new java.util.TreeMap<>();
    Map<String, StatefulRedisConnection<byte[], byte[]>> connections = new java.util.TreeMap<>();
    for (RedisClusterNode node : tracker.getPartitions()) {
      if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.hasNoSlots()) {
        String name = node.getNodeId() + "@" + node.getUri().getHost() + ":" + node.getUri().getPort();
        java.util.BitSet slots = new java.util.BitSet();
        node.forEachSlot(slots::set);
        topology.put(name, slots);
        try {
          connections.put(name, tracker.getConnection(node.getNodeId()));
        } catch (RuntimeException e) {
          throw failure(e);
        }
      }
    }
    return new TrackingTargets(topology, connections);
  }

  /**
   * What {@link #trackingTargets} found.
   *
   * @param topology on a cluster, the slots of each master by {@code nodeId@host:port}; empty otherwise
   * @param connections the connections to track on, by server
   */
  record TrackingTargets(Map<String, java.util.BitSet> topology,
      Map<String, StatefulRedisConnection<byte[], byte[]>> connections) {
  }

  /** The cluster connection made for tracking alone, connecting it on first use. */
  private synchronized StatefulRedisClusterConnection<byte[], byte[]> tracker(RedisClusterClient cluster) {
    if (tracker == null) {
      if (closed) {
        throw new StoreException("the connection to Redis at " + description + " is closed");
      }
      try {
        tracker = cluster.connect(ByteArrayCodec.INSTANCE);
      } catch (RuntimeException e) {
        throw failure(e);
      }
    }
    return tracker;
  }

  /**
   * Runs {@code action} whenever a cluster client of this JVM adopted a new topology (Lettuce's
   * {@link ClusterTopologyChangedEvent}; the event bus is shared, so it may be another manager's), on a Lettuce
   * thread: it must return at once.
   *
   * @return stops it
   */
  AutoCloseable onTopologyChange(Runnable action) {
    if (!(client instanceof RedisClusterClient)) {
      return () -> { };
    }
    reactor.core.Disposable subscription = client.getResources().eventBus().get()
        .filter(ClusterTopologyChangedEvent.class::isInstance)
        .subscribe(event -> action.run());
    return subscription::dispose;
  }

  /** On a cluster, asks the nodes for the current topology (masters that joined or were promoted); else nothing. */
  void refreshTopology() {
    if (client instanceof RedisClusterClient cluster) {
      try {
        cluster.refreshPartitions();
      } catch (RuntimeException e) {
        throw failure(e);
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
      throw new StoreUnavailableException("Redis at " + description + " dropped the command: " + e.getMessage(), e);
    } catch (TimeoutException e) {
      stage.toCompletableFuture().cancel(false);
      throw new StoreUnavailableException("Redis at " + description + " did not answer within " + timeout, e);
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
    String message = "Redis command failed at " + description + ": " + cause.getMessage();
    return unreachable(cause) ? new StoreUnavailableException(message, cause) : new StoreException(message, cause);
  }

  /** {@code PING} on this connection, connecting first if it has none yet: the circuit breaker's probe. */
  long ping() {
    long start = System.nanoTime();
    call(() -> commands.ping());
    return System.nanoTime() - start;
  }

  /**
   * Whether {@code cause} says the server could not be reached, dropped the command or was too slow, rather than
   * that it refused this command: Lettuce's connection-level exceptions (timeouts, "not connected", closed
   * connections, failed connects), I/O errors, and the replies of a server that cannot serve for now (loading its
   * data, busy with a script, or a cluster or replica that lost its master).
   */
  static boolean unreachable(Throwable cause) {
    for (Throwable next = cause; next != null; next = next.getCause()) {
      if (next instanceof RedisCommandExecutionException reply) {
        String text = reply.getMessage() == null ? "" : reply.getMessage();
        return UNAVAILABLE_REPLIES.stream().anyMatch(text::startsWith);
      }
      if (next instanceof RedisException || next instanceof java.io.IOException
          || next instanceof TimeoutException || next instanceof java.util.concurrent.CancellationException) {
        return true;
      }
    }
    return false;
  }

  /** Error replies that mean "not now" rather than "not this command". */
  private static final List<String> UNAVAILABLE_REPLIES =
      List.of("LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "READONLY");

  /** Closes the connection; the data stays on the server. */
  @Override
  public void close() {
    Link current;
    StatefulRedisClusterConnection<byte[], byte[]> trackerToClose;
    synchronized (this) {
      closed = true;
      current = link;
      trackerToClose = tracker;
    }
    try {
      if (trackerToClose != null) {
        trackerToClose.close();
      }
      if (current != null) {
        current.connection().close();
      }
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
