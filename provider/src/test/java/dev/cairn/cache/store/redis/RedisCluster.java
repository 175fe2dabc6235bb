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
 * does, done with plain commands so that it needs no {@code redis-cli}.
 */
public final class RedisCluster implements AutoCloseable {

  private static final int SLOTS = 16_384;
  private static final long FORM_TIMEOUT_MILLIS = 20_000;

  private final List<RedisServer> masters = new ArrayList<>();

  private RedisCluster() {
  }

  /** Starts three masters and waits until every one reports {@code cluster_state:ok}. */
  public static RedisCluster start() {
    RedisCluster cluster = new RedisCluster();
    try {
      for (int i = 0; i < 3; i++) {
        cluster.masters.add(RedisServer.start(List.of("--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000")));
      }
      cluster.form();
      return cluster;
    } catch (RuntimeException | InterruptedException e) {
      cluster.close();
      throw new IllegalStateException("cannot form a three-master cluster: " + e.getMessage(), e);
    }
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
    long deadline = System.currentTimeMillis() + FORM_TIMEOUT_MILLIS;
    for (int i = 0; i < masters.size(); i++) {
      while (!isReady(i)) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the cluster did not become ready");
        }
        Thread.sleep(50);
      }
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

  /** {@code redis-cluster://} with every master as a seed, and {@code ?query} if not empty. */
  public URI uri(String query) {
    String seeds = masters.stream().map(server -> "127.0.0.1:" + server.port()).collect(Collectors.joining(","));
    return URI.create("redis-cluster://" + seeds + (query.isEmpty() ? "" : "?" + query));
  }

  @Override
  public void close() {
    masters.forEach(RedisServer::close);
  }
}
