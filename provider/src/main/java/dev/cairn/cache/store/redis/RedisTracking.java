package dev.cairn.cache.store.redis;

import dev.cairn.cache.store.StoreException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Redis's client-side caching for the near caches of one manager: {@code CLIENT TRACKING ON BCAST PREFIX
 * prefix:cache:} on every connection {@link RedisConnection#trackingTargets} names (the connection that serves the
 * reads on a standalone server; one per master on a cluster), one prefix per near-cached cache, and the RESP3
 * {@code invalidate} push messages those connections receive, handed to the cache whose namespace the key is in.
 *
 * <p>BCAST, because one multiplexed connection serves every cache and thread: the server then tells every change
 * under a prefix, whatever this connection read, so a read never needs to be marked as tracked, and the server keeps
 * no table of the keys each client read.
 *
 * <p>A namespace is <em>on</em> while every tracking connection tracks it; only then is its {@link Receiver} told
 * {@code resumed}. Each receiver is told {@code lost} at once (and everything is on again only after a new
 * confirmation) when:
 * <ul>
 *   <li>a tracking connection drops (on the I/O thread that saw it go);</li>
 *   <li>the health check fails: every {@link #HEALTH_INTERVAL_MS} ms each tracking connection is asked
 *       {@code CLIENT TRACKINGINFO}, which must answer within the command timeout that tracking is on, in BCAST
 *       mode, for every prefix. The answer comes on the connection the invalidations come on, after them: it also
 *       proves that the connection still delivers (a half-open connection, a frozen node or a proxy that stopped
 *       forwarding is otherwise unnoticed while the cache is only read);</li>
 *   <li>the cluster's topology changed (a failover, a new master, slots that moved): a change may have gone
 *       untold while it happened. Noticed from Lettuce's topology event and from the check every
 *       {@link #CHECK_INTERVAL_MS} ms, which also turns tracking on wherever an attempt failed (a server that was
 *       down, a new master, a fail-open manager that has not connected yet).</li>
 * </ul>
 * Tracking is not turned off for a cache that closes: its invalidations are ignored.
 *
 * <p>Thread-safe.
 */
final class RedisTracking implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(RedisTracking.class.getName());

  /** How often a failed attempt to turn tracking on is retried, and a cluster's topology compared. */
  static final long CHECK_INTERVAL_MS = 500;

  /** How often each tracking connection's state is checked with {@code CLIENT TRACKINGINFO}. */
  static final long HEALTH_INTERVAL_MS = 1_000;

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

  /** What one tracking connection tracks. Guarded by {@link #state}. */
  private static final class Link {
    /** The namespaces the server confirmed for this connection; emptied when it is lost. */
    final Set<String> prefixes = new HashSet<>();
    /** Counts the losses, so that an attempt or a check that raced one does not count. */
    long losses;
    /** Whether the server may track what this side forgot: {@code CLIENT TRACKING off} before turning it on. */
    boolean reset;
    /** Whether a health check is in flight. */
    boolean checking;
  }

  /** One attempt to turn tracking on for some namespaces of one link. */
  private record Attempt(StatefulRedisConnection<byte[], byte[]> redis, Link link, long losses, boolean reset,
      List<String> prefixes) {
  }

  private final RedisConnection connection;
  /** Receivers by the bytes of their namespace, {@code prefix:segment:}. */
  private final Map<ByteBuffer, Set<Receiver>> receivers = new ConcurrentHashMap<>();
  private final Object state = new Object();
  /** The tracking connections. Guarded by {@link #state}. */
  private final IdentityHashMap<StatefulRedisConnection<byte[], byte[]>, Link> links = new IdentityHashMap<>();
  /** The namespaces every link tracks. Guarded by {@link #state}. */
  private final Set<String> on = new HashSet<>();
  /** The cluster topology the links were chosen for ({@code null} before the first). Guarded by {@link #state}. */
  private @Nullable Map<String, BitSet> topology;
  /** The connections that have an {@link Invalidations} listener. Guarded by {@code this}. */
  private final Set<StatefulRedisConnection<byte[], byte[]>> listenedTo =
      Collections.newSetFromMap(new WeakHashMap<>());
  private @Nullable ScheduledFuture<?> check;
  private @Nullable ScheduledFuture<?> health;
  private @Nullable AutoCloseable topologyEvents;
  private volatile boolean closed;

  RedisTracking(RedisConnection connection) {
    this.connection = connection;
    connection.addStateListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> channel) {
        dropped(channel);
      }

      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> channel, SocketAddress address) {
        boolean link;
        synchronized (state) {
          link = links.containsKey(channel);
        }
        if (link && !closed) {
          // not here: this is an I/O thread, and turning tracking on waits for Redis
          CHECKS.execute(RedisTracking.this::enable);
        }
      }
    });
  }

  /**
   * Starts telling {@code receiver} about the keys of {@code namespace}; tells it {@code resumed} once the servers
   * track them (at once if they do, else from the background check).
   *
   * @return stops telling it
   */
  AutoCloseable track(KeyNamespace namespace, Receiver receiver) {
    ByteBuffer start = ByteBuffer.wrap(namespace.toString().getBytes(StandardCharsets.UTF_8));
    receivers.computeIfAbsent(start, any -> ConcurrentHashMap.newKeySet()).add(receiver);
    synchronized (state) {
      if (on.contains(namespace.toString())) {
        receiver.resumed();
      }
    }
    synchronized (this) {
      if (check == null && !closed) {
        check = CHECKS.scheduleWithFixedDelay(this::enable, CHECK_INTERVAL_MS, CHECK_INTERVAL_MS,
            TimeUnit.MILLISECONDS);
        health = CHECKS.scheduleWithFixedDelay(this::checkHealth, HEALTH_INTERVAL_MS, HEALTH_INTERVAL_MS,
            TimeUnit.MILLISECONDS);
        topologyEvents = connection.onTopologyChange(() -> CHECKS.execute(this::enable));
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
   * Brings the links up to date with the current tracking connections and namespaces: drops those no longer
   * wanted, turns tracking on where a namespace is missing, and tells {@code resumed} for each namespace that every
   * link now tracks. A failure is logged and retried by the check.
   */
  private synchronized void enable() {
    if (closed) {
      return;
    }
    List<String> namespaces = namespaces();
    if (namespaces.isEmpty()) {
      return;
    }
    RedisConnection.TrackingTargets targets;
    try {
      targets = connection.trackingTargets();
    } catch (StoreException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot turn on client tracking at {0} yet: {1}",
          connection.description(), e.getMessage());
      return;
    }
    for (StatefulRedisConnection<byte[], byte[]> redis : targets.connections().values()) {
      if (listenedTo.add(redis)) {
        redis.addListener(new Invalidations());
      }
    }
    List<Attempt> attempts = plan(targets, namespaces);
    for (Attempt attempt : attempts) {
      if (!turnOn(attempt)) {
        return;
      }
    }
    synchronized (state) {
      for (String namespace : namespaces) {
        if (!on.contains(namespace) && !links.isEmpty()
            && links.values().stream().allMatch(link -> link.prefixes.contains(namespace))) {
          on.add(namespace);
          receiversOf(ByteBuffer.wrap(namespace.getBytes(StandardCharsets.UTF_8))).forEach(Receiver::resumed);
        }
      }
    }
  }

  /** The namespaces with receivers. */
  private List<String> namespaces() {
    List<String> namespaces = new ArrayList<>();
    receivers.forEach((start, set) -> {
      if (!set.isEmpty()) {
        namespaces.add(StandardCharsets.UTF_8.decode(start.duplicate()).toString());
      }
    });
    return namespaces;
  }

  /** Adopts {@code targets} as the links, and says what each must still be told. */
  private List<Attempt> plan(RedisConnection.TrackingTargets targets, List<String> namespaces) {
    List<Attempt> attempts = new ArrayList<>();
    synchronized (state) {
      if (topology != null && !topology.equals(targets.topology())) {
        // a failover, a new master, slots that moved: changes may have gone untold meanwhile
        LOG.log(System.Logger.Level.DEBUG, "the topology of {0} changed: near caches emptied",
            connection.description());
        lose();
      }
      topology = targets.topology();
      Set<StatefulRedisConnection<byte[], byte[]>> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
      wanted.addAll(targets.connections().values());
      links.keySet().retainAll(wanted);
      for (StatefulRedisConnection<byte[], byte[]> redis : wanted) {
        Link link = links.computeIfAbsent(redis, any -> new Link());
        List<String> missing = link.reset ? namespaces
            : namespaces.stream().filter(namespace -> !link.prefixes.contains(namespace)).toList();
        if (!missing.isEmpty()) {
          attempts.add(new Attempt(redis, link, link.losses, link.reset, missing));
        }
      }
    }
    return attempts;
  }

  /**
   * Sends {@code CLIENT TRACKING ON BCAST PREFIX ...} (after {@code OFF} if the link is reset), and records the
   * prefixes unless the link was lost meanwhile. A failure leaves the server's state unknown: the link is reset,
   * and every namespace lost.
   *
   * @return whether it succeeded
   */
  private boolean turnOn(Attempt attempt) {
    StatefulRedisConnection<byte[], byte[]> redis = attempt.redis();
    try {
      if (attempt.reset()) {
        connection.call(() -> redis.async().clientTracking(TrackingArgs.Builder.enabled(false)));
      }
      connection.call(() -> redis.async().clientTracking(
          TrackingArgs.Builder.enabled().bcast().prefixes(attempt.prefixes().toArray(String[]::new))));
    } catch (StoreException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot turn on client tracking at {0} yet: {1}",
          connection.description(), e.getMessage());
      synchronized (state) {
        lose(attempt.link(), attempt.losses(), true);
      }
      return false;
    }
    synchronized (state) {
      Link link = attempt.link();
      if (links.get(redis) == link && link.losses == attempt.losses()) {
        if (attempt.reset()) {
          link.prefixes.clear();
          link.reset = false;
        }
        link.prefixes.addAll(attempt.prefixes());
      }
    }
    LOG.log(System.Logger.Level.DEBUG, "client tracking on at {0} for {1}", connection.description(),
        attempt.prefixes());
    return true;
  }

  /**
   * Asks each link that tracks something {@code CLIENT TRACKINGINFO}, without waiting; a link whose answer is
   * late, failed, or does not show tracking on in BCAST mode for each of its prefixes is lost and reset.
   */
  private void checkHealth() {
    if (closed) {
      return;
    }
    List<Attempt> checks = new ArrayList<>();
    synchronized (state) {
      links.forEach((redis, link) -> {
        if (!link.prefixes.isEmpty() && !link.checking) {
          link.checking = true;
          checks.add(new Attempt(redis, link, link.losses, false, List.copyOf(link.prefixes)));
        }
      });
    }
    for (Attempt check : checks) {
      connection.send(() -> trackingInfo(check.redis())).whenComplete((info, failure) -> {
        boolean healthy = failure == null && info.getOrDefault("flags", List.of()).containsAll(List.of("on", "bcast"))
            && info.getOrDefault("prefixes", List.of()).containsAll(check.prefixes());
        boolean lost;
        synchronized (state) {
          check.link().checking = false;
          lost = !healthy && links.get(check.redis()) == check.link() && lose(check.link(), check.losses(), true);
        }
        if (lost) {
          LOG.log(System.Logger.Level.WARNING, "client tracking at {0} failed its check ({1}): near caches "
              + "emptied until it is on again", connection.description(),
              failure != null ? failure.getMessage() : info);
          CHECKS.execute(this::enable);
        }
      });
    }
  }

  /**
   * {@code CLIENT TRACKINGINFO}: each field ({@code flags}, {@code redirect}, {@code prefixes}) with its values as
   * text. Sent as a plain command: Lettuce's own parser of this reply fails on a connection with a byte-array codec.
   */
  private static CompletionStage<Map<String, List<String>>> trackingInfo(
      StatefulRedisConnection<byte[], byte[]> redis) {
    CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE).add("TRACKINGINFO");
    return redis.async().dispatch(CommandType.CLIENT, new ArrayOutput<>(ByteArrayCodec.INSTANCE), args)
        .thenApply(reply -> {
          Map<String, List<String>> fields = new HashMap<>();
          for (int i = 0; i + 1 < reply.size(); i += 2) {
            List<String> values = new ArrayList<>();
            Object value = reply.get(i + 1);
            for (Object one : value instanceof List<?> list ? list : List.of(value)) {
              values.add(text(one));
            }
            fields.put(text(reply.get(i)), values);
          }
          return fields;
        });
  }

  private static String text(Object value) {
    return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
  }

  /** A connection dropped: if it was a link, nothing is tracked on it any more until {@link #enable} ran again. */
  private void dropped(RedisChannelHandler<?, ?> channel) {
    synchronized (state) {
      Link link = links.get(channel);
      if (link != null) {
        // a new connection tracks nothing: no OFF needed
        lose(link, link.losses, false);
      }
    }
  }

  /**
   * Forgets what {@code link} tracks, and loses every namespace, unless it was lost already since {@code losses}.
   * Called with {@link #state} held.
   *
   * @return whether it was lost now
   */
  private boolean lose(Link link, long losses, boolean reset) {
    if (link.losses != losses) {
      return false;
    }
    link.losses++;
    link.prefixes.clear();
    link.reset = reset;
    lose();
    return true;
  }

  /** Every namespace is off until every link tracks it again. Called with {@link #state} held. */
  private void lose() {
    on.clear();
    receivers.values().forEach(set -> set.forEach(Receiver::lost));
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
    if (health != null) {
      health.cancel(false);
    }
    if (topologyEvents != null) {
      try {
        topologyEvents.close();
      } catch (Exception e) {
        throw new StoreException("cannot stop listening to topology changes: " + e.getMessage(), e);
      }
    }
  }
}
