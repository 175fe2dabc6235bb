package dev.cairn.cache.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A local Redis Cluster of three masters, each a {@link RedisServer} with {@code --cluster-enabled yes}, joined
 * with {@code CLUSTER MEET} and given a third of the 16,384 slots each: what {@code redis-cli --cluster create}
 * does, done with plain commands so that it needs no {@code redis-cli}. {@link #addMasterTakingSlotsOf} grows it;
 * {@link #addReplicaOf} gives a master a replica, for failovers.
 */
public final class RedisCluster implements AutoCloseable {

  private static final int SLOTS = 16_384;
  private static final long FORM_TIMEOUT_MILLIS = 20_000;

  private final List<RedisServer> masters = new ArrayList<>();
  private final List<RedisServer> replicas = new ArrayList<>();
  private final int nodeTimeoutMillis;

  private RedisCluster(int nodeTimeoutMillis) {
    this.nodeTimeoutMillis = nodeTimeoutMillis;
  }

  /** Starts three masters and waits until every one reports {@code cluster_state:ok}. */
  public static RedisCluster start() {
    return start(5_000);
  }

  /**
   * As {@link #start()}, with {@code cluster-node-timeout} set to {@code nodeTimeoutMillis}: how long a node must be
   * unreachable before the others take it for failed and its replica takes over.
   */
  public static RedisCluster start(int nodeTimeoutMillis) {
    RedisCluster cluster = new RedisCluster(nodeTimeoutMillis);
    try {
      for (int i = 0; i < 3; i++) {
        cluster.masters.add(cluster.startNode());
      }
      cluster.form();
      return cluster;
    } catch (RuntimeException | InterruptedException e) {
      cluster.close();
      throw new IllegalStateException("cannot form a three-master cluster: " + e.getMessage(), e);
    }
  }

  private RedisServer startNode() {
    return RedisServer.start(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
        "--cluster-node-timeout", Integer.toString(nodeTimeoutMillis)));
  }

  /**
   * Adds a replica of master {@code index}, and returns once it has joined, replicates that master, and its link
   * to it is up: killing the master then promotes it.
   */
  public void addReplicaOf(int index) throws InterruptedException {
    RedisServer replica = startNode();
    String masterId = nodeId(index);
    try (RedisClient client = RedisClient.create(replica.uri("").toString());
        StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().clusterMeet("127.0.0.1", masters.get(0).port());
      long deadline = System.currentTimeMillis() + FORM_TIMEOUT_MILLIS;
      await(deadline, () -> connection.sync().clusterNodes().contains(masterId));
      connection.sync().clusterReplicate(masterId);
      await(deadline, () -> connection.sync().info("replication").contains("master_link_status:up")
          && connection.sync().clusterInfo().contains("cluster_state:ok"));
    }
    replicas.add(replica);
  }

  /** Kills master {@code index} ({@code SIGKILL}, as a crash), keeping its place in the list. */
  public void killMaster(int index) {
    masters.get(index).stop();
  }

  /** Waits until replica {@code index} has taken over as a master and sees the cluster whole again. */
  public void awaitPromotionOf(int replicaIndex, long timeoutMillis) throws InterruptedException {
    try (RedisClient client = RedisClient.create(replicas.get(replicaIndex).uri("").toString());
        StatefulRedisConnection<String, String> connection = client.connect()) {
      await(System.currentTimeMillis() + timeoutMillis, () -> connection.sync().info("replication")
          .contains("role:master") && connection.sync().clusterInfo().contains("cluster_state:ok"));
    }
  }

  /**
   * Grows the cluster by one master that takes over every slot of master {@code index}, as an operator adding a
   * node would; the slots move without migrating keys, so they must hold none. The new master claims them with
   * the highest config epoch, so every node accepts the claim (the old owner, left without slots, becomes its
   * replica). Returns once every node agrees.
   */
  public void addMasterTakingSlotsOf(int index) throws InterruptedException {
    int from = SLOTS * index / masters.size();
    int to = SLOTS * (index + 1) / masters.size();
    masters.add(startNode());
    int added = masters.size() - 1;
    withNode(added, node -> node.clusterMeet("127.0.0.1", masters.get(0).port()));
    long deadline = System.currentTimeMillis() + FORM_TIMEOUT_MILLIS;
    await(deadline, () -> nodes(added).lines().filter(line -> line.contains("master")).count() == added + 1
        && clusterOk(added));
    int[] slots = IntStream.range(from, to).toArray();
    withNode(added, node -> {
      node.clusterDelSlots(slots);
      node.clusterAddSlots(slots);
      node.clusterBumpepoch();
    });
    String id = nodeId(added);
    String range = " " + from + "-" + (to - 1);
    // the claim spreads by gossip: a deadline of its own, after the join's
    deadline = System.currentTimeMillis() + FORM_TIMEOUT_MILLIS;
    for (int i = 0; i < masters.size(); i++) {
      int checked = i;
      await(deadline, () -> clusterOk(checked) && nodes(checked).lines()
          .anyMatch(line -> line.startsWith(id) && line.endsWith(range)));
    }
  }

  private boolean clusterOk(int index) {
    boolean[] ok = new boolean[1];
    withNode(index, node -> ok[0] = node.clusterInfo().contains("cluster_state:ok"));
    return ok[0];
  }

  private static void await(long deadline, java.util.function.BooleanSupplier condition) throws InterruptedException {
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the cluster did not become ready");
      }
      Thread.sleep(50);
    }
  }

  private String nodeId(int index) {
    String[] id = new String[1];
    withNode(index, node -> id[0] = node.clusterMyId());
    return id[0];
  }

  private String nodes(int index) {
    String[] nodes = new String[1];
    withNode(index, node -> nodes[0] = node.clusterNodes());
    return nodes[0];
  }

  private void form() throws InterruptedException {
    for (int i = 0; i < masters.size(); i++) {
      int from = SLOTS * i / masters.size();
      int to = SLOTS * (i + 1) / masters.size();
      int index = i;
      withNode(i, node -> {
        node.clusterAddSlots(IntStream.range(from, to).toArray());
        if (index > 0) {
          node.clusterMeet("127.0.0.1", masters.get(0).port());
        }
      });
    }
    awaitReady();
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.currentTimeMillis() + FORM_TIMEOUT_MILLIS;
    for (int i = 0; i < masters.size(); i++) {
      int index = i;
      await(deadline, () -> isReady(index));
    }
  }


  private boolean isReady(int index) {
    boolean[] ready = new boolean[1];
    withNode(index, node -> ready[0] = node.clusterInfo().contains("cluster_state:ok")
        && node.clusterNodes().lines().filter(line -> line.contains("master")).count() == masters.size());
    return ready[0];
  }

  /** Runs {@code action} with a plain connection to master {@code index}. */
  public void withNode(int index, java.util.function.Consumer<RedisCommands<String, String>> action) {
    try (RedisClient client = RedisClient.create(masters.get(index).uri("").toString());
        StatefulRedisConnection<String, String> connection = client.connect()) {
      action.accept(connection.sync());
    }
  }

  public int size() {
    return masters.size();
  }

  /** The nodes still running, masters and replicas, as seeds for a plain cluster client. */
  public List<io.lettuce.core.RedisURI> liveNodes() {
    return java.util.stream.Stream.concat(masters.stream(), replicas.stream()).filter(RedisServer::isRunning)
        .map(server -> io.lettuce.core.RedisURI.create("127.0.0.1", server.port())).toList();
  }

  /** {@code redis-cluster://} with every master as a seed, and {@code ?query} if not empty. */
  public URI uri(String query) {
    String seeds = masters.stream().map(server -> "127.0.0.1:" + server.port()).collect(Collectors.joining(","));
    return URI.create("redis-cluster://" + seeds + (query.isEmpty() ? "" : "?" + query));
  }

  @Override
  public void close() {
    masters.forEach(RedisServer::close);
    replicas.forEach(RedisServer::close);
  }
}
