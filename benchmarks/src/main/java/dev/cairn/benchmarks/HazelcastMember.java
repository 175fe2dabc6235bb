package dev.cairn.benchmarks;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.concurrent.CountDownLatch;

/**
 * The Hazelcast contender's server: one member, alone in its cluster, on a loopback port. {@link ServerProcess}
 * runs it in a JVM of its own, as it runs redis-server and memcached, so that the client under test pays a real
 * loopback round trip on a near-cache miss. The member lives until its process is killed.
 */
final class HazelcastMember {

  /** The cluster name both sides use, so that the client never joins a stray cluster on the same machine. */
  static final String CLUSTER_NAME = "cairn-bench";

  private HazelcastMember() {
  }

  /** Usage: {@code HazelcastMember <port>}. */
  public static void main(String[] arguments) throws InterruptedException {
    int port = Integer.parseInt(arguments[0]);
    Config config = new Config().setClusterName(CLUSTER_NAME);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "none");
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false).getInterfaces().setEnabled(true)
        .addInterface("127.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    Runtime.getRuntime().addShutdownHook(new Thread(member::shutdown));
    new CountDownLatch(1).await();
  }
}
