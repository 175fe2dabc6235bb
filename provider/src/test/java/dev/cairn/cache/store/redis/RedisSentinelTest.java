package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.CairnCachingProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code redis-sentinel://} against a live Sentinel watching a master with one replica: the cache finds the master
 * through the Sentinel, and when the master dies and the Sentinel promotes the replica, calls fail with
 * {@code CacheException} for a while and then work again on the new master, without a restart.
 */
class RedisSentinelTest {

  private RedisServer master;
  private RedisServer replica;
  private RedisServer sentinel;
  private final CairnCachingProvider provider = new CairnCachingProvider();

  @BeforeEach
  void start() throws InterruptedException {
    master = RedisServer.start();
    replica = RedisServer.start(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
    await("the replica is in sync", () -> query(replica, c -> c.info("replication"))
        .contains("master_link_status:up"));
    // started after the replica joined, so that the Sentinel's first look at the master already shows it
    sentinel = RedisServer.startSentinel("cache-master", master.port());
    await("the sentinel knows the replica", () -> query(sentinel,
        c -> String.valueOf(c.dispatch(CommandType.SENTINEL, new ArrayOutput<>(StringCodec.UTF8),
            new CommandArgs<>(StringCodec.UTF8).add("REPLICAS").add("cache-master"))))
        .contains(Integer.toString(replica.port())));
  }

  @AfterEach
  void stop() {
    provider.close();
    sentinel.close();
    replica.close();
    master.close();
  }

  @Test
  void findsTheMasterThroughTheSentinelAndFollowsAFailover() throws InterruptedException {
    URI uri = URI.create("redis-sentinel://127.0.0.1:" + sentinel.port() + "?prefix=s&timeout=1s#cache-master");
    Cache<String, String> cache = provider.getCacheManager(uri, getClass().getClassLoader())
        .createCache("watched", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("before", "failover");
    assertThat(query(master, c -> c.get("s:watched:before"))).isEqualTo("failover");
    await("the write reached the replica", () -> "failover".equals(query(replica, c -> c.get("s:watched:before"))));

    master.stop();
    assertThatThrownBy(() -> cache.put("during", "outage")).isInstanceOf(CacheException.class);

    await("the cache works again on the promoted replica", () -> {
      try {
        cache.put("after", "failover");
        return true;
      } catch (CacheException e) {
        return false;
      }
    });
    assertThat(query(replica, c -> c.info("replication"))).contains("role:master");
    assertThat(query(replica, c -> c.get("s:watched:after"))).isEqualTo("failover");
    assertThat(cache.get("before")).isEqualTo("failover");
  }

  private static String query(RedisServer server, Function<RedisCommands<String, String>, String> query) {
    try (RedisClient client = RedisClient.create(server.uri("").toString());
        StatefulRedisConnection<String, String> connection = client.connect()) {
      return query.apply(connection.sync());
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(100);
    }
  }
}
