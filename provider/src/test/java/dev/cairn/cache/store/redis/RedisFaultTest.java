package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.CairnCachingProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault injection against a real {@code redis-server}, in both failure modes: four threads put, get and remove
 * while the server is killed and restarted, frozen ({@code SIGSTOP}), partitioned by a proxy that drops traffic
 * (then resets the connections), slowed by the proxy past the command timeout, or has its clients killed
 * ({@code CLIENT KILL}). Each run measures the exceptions thrown, the calls made while the circuit was open (p99 and
 * slowest), the time from healing until a value put is read back from Redis, and the keys holding a value older than
 * the last one written to them once recovered (stale).
 *
 * <p>Asserted in both modes: no stale key, calls while open answered at once, recovery within {@link #RECOVERY}.
 * In fail-open mode: no exception at all from get, put and remove. The numbers go to standard output.
 */
class RedisFaultTest {

  private static final Duration TIMEOUT = Duration.ofMillis(200);
  private static final Duration FAULT = Duration.ofMillis(1_500);
  private static final Duration RECOVERY = Duration.ofSeconds(2);
  private static final int THREADS = 4;
  private static final int KEYS_PER_THREAD = 50;

  private RedisServer server;
  private TcpProxy proxy;
  private CairnCachingProvider provider;

  @BeforeEach
  void start() {
    server = RedisServer.start();
    proxy = TcpProxy.to(server.port());
    provider = new CairnCachingProvider();
  }

  @AfterEach
  void stop() {
    provider.close();
    proxy.close();
    server.close();
  }

  @ParameterizedTest(name = "failOpen={0}")
  @ValueSource(booleans = {true, false})
  void killAndRestartUnderLoad(boolean failOpen) throws Exception {
    Outcome outcome = run(failOpen, server.uri(query(failOpen)), server::stop, server::restart);
    outcome.assertTargets(failOpen, "kill/restart");
  }

  @ParameterizedTest(name = "failOpen={0}")
  @ValueSource(booleans = {true, false})
  void freeze(boolean failOpen) throws Exception {
    Outcome outcome = run(failOpen, server.uri(query(failOpen)), server::freeze, server::thaw);
    outcome.assertTargets(failOpen, "freeze");
  }

  @ParameterizedTest(name = "failOpen={0}")
  @ValueSource(booleans = {true, false})
  void partitionThenReset(boolean failOpen) throws Exception {
    Outcome outcome = run(failOpen, proxy.redisUri(query(failOpen)), proxy::drop, () -> {
      proxy.pass();
      proxy.resetAll();
    });
    outcome.assertTargets(failOpen, "partition");
  }

  @ParameterizedTest(name = "failOpen={0}")
  @ValueSource(booleans = {true, false})
  void slowServer(boolean failOpen) throws Exception {
    Outcome outcome = run(failOpen, proxy.redisUri(query(failOpen)), () -> proxy.delay(TIMEOUT.toMillis() + 100),
        proxy::pass);
    outcome.assertTargets(failOpen, "slow server");
  }

  @ParameterizedTest(name = "failOpen={0}")
  @ValueSource(booleans = {true, false})
  void clientKill(boolean failOpen) throws Exception {
    try (RedisClient client = RedisClient.create(server.uri("").toString());
        StatefulRedisConnection<String, String> admin = client.connect()) {
      Outcome outcome = run(failOpen, server.uri(query(failOpen)), () -> {
        for (int i = 0; i < 3; i++) {
          admin.sync().dispatch(CommandType.CLIENT, new IntegerOutput<>(StringCodec.UTF8),
              new CommandArgs<>(StringCodec.UTF8).add("KILL").add("TYPE").add("normal").add("SKIPME").add("yes"));
          pause(Duration.ofMillis(100));
        }
      }, () -> { });
      outcome.assertTargets(failOpen, "CLIENT KILL");
      if (failOpen) {
        assertThat(outcome.exceptions).as("exceptions").isZero();
      }
    }
  }

  private static String query(boolean failOpen) {
    return "timeout=" + TIMEOUT.toMillis() + "ms&connectTimeout=" + TIMEOUT.toMillis() + "ms&prefix=fault&failOpen="
        + failOpen;
  }

  /** Runs the load, injects the fault for {@link #FAULT}, heals it, and measures until recovered. */
  private Outcome run(boolean failOpen, URI uri, Runnable inject, Runnable heal) throws Exception {
    CacheManager manager = provider.getCacheManager(uri, getClass().getClassLoader());
    Cache<String, String> cache = manager.createCache("faults",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    CairnCache<?, ?> cairn = cache.unwrap(CairnCache.class);
    AtomicReferenceArray<String> lastWritten = new AtomicReferenceArray<>(THREADS * KEYS_PER_THREAD);
    AtomicLong exceptions = new AtomicLong();
    ConcurrentLinkedQueue<long[]> openLatencies = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int first = t * KEYS_PER_THREAD;
      Thread worker = new Thread(() -> {
        long[] latencies = new long[200_000];
        int count = 0;
        long sequence = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running.get()) {
          int index = first + random.nextInt(KEYS_PER_THREAD);
          String key = "k" + index;
          boolean openBefore = "OPEN".equals(cairn.statistics().getCircuitState());
          long start = System.nanoTime();
          try {
            int op = random.nextInt(10);
            if (op < 5) {
              cache.get(key);
            } else if (op < 9) {
              String value = "v" + index + "-" + sequence++;
              lastWritten.set(index, value);
              cache.put(key, value);
            } else {
              lastWritten.set(index, null);
              cache.remove(key);
            }
          } catch (CacheException e) {
            exceptions.incrementAndGet();
          }
          long took = System.nanoTime() - start;
          if (openBefore && "OPEN".equals(cairn.statistics().getCircuitState()) && count < latencies.length) {
            latencies[count++] = took;
          }
        }
        openLatencies.add(Arrays.copyOf(latencies, count));
      }, "fault-load-" + t);
      workers.add(worker);
      worker.start();
    }
    pause(Duration.ofMillis(300));
    inject.run();
    pause(FAULT);
    heal.run();
    long healed = System.nanoTime();
    long recovered = -1;
    long deadline = healed + Duration.ofSeconds(10).toNanos();
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      String expected = "probe-" + attempt;
      try {
        cache.put("probe", expected);
        if (expected.equals(cache.get("probe"))) {
          recovered = System.nanoTime() - healed;
          break;
        }
      } catch (CacheException stillDown) {
        // fail-closed mode: not yet
      }
      pause(Duration.ofMillis(10));
    }
    running.set(false);
    for (Thread worker : workers) {
      worker.join(10_000);
    }
    int stale = 0;
    try (RedisClient client = RedisClient.create(server.uri("").toString());
        StatefulRedisConnection<String, String> raw = client.connect()) {
      for (int index = 0; index < lastWritten.length(); index++) {
        String stored = raw.sync().get("fault:faults:k" + index);
        if (stored != null && !stored.equals(lastWritten.get(index))) {
          stale++;
        }
      }
    }
    long[] all = openLatencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    Outcome outcome = new Outcome(exceptions.get(), all.length,
        all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) Math.ceil(all.length * 0.99) - 1)],
        all.length == 0 ? 0 : all[all.length - 1], recovered, stale,
        cairn.statistics().getCircuitOpenings());
    manager.destroyCache("faults");
    return outcome;
  }

  private record Outcome(long exceptions, int callsWhileOpen, long p99Nanos, long slowestNanos,
      long recoveryNanos, int staleKeys, long openings) {

    void assertTargets(boolean failOpen, String scenario) {
      System.out.printf("fault %-12s failOpen=%-5s exceptions=%d callsWhileOpen=%d p99=%.3fms slowest=%.3fms "
              + "recovery=%dms stale=%d openings=%d%n", scenario, failOpen, exceptions, callsWhileOpen,
          p99Nanos / 1e6, slowestNanos / 1e6, recoveryNanos / 1_000_000, staleKeys, openings);
      assertThat(recoveryNanos).as("recovered").isPositive();
      assertThat(Duration.ofNanos(recoveryNanos)).as("recovery time").isLessThanOrEqualTo(RECOVERY);
      assertThat(staleKeys).as("stale keys after recovery").isZero();
      if (failOpen) {
        assertThat(exceptions).as("exceptions in fail-open mode").isZero();
      }
      if (callsWhileOpen > 0) {
        assertThat(Duration.ofNanos(p99Nanos)).as("p99 while the circuit is open")
            .isLessThanOrEqualTo(Duration.ofMillis(1));
      }
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
