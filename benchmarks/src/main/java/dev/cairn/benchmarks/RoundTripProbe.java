package dev.cairn.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Counts what each JCache call costs in Redis, for Cairn's Redis store, Redisson's JCache and (as the reference)
 * raw Lettuce: the commands the server executed ({@code INFO commandstats}, reset before each operation) and the
 * round trips ({@link TurnCountingProxy} between client and server), each divided by the number of calls. Then
 * whether {@code invoke} is atomic: threads increment one key concurrently and the final count must be their sum.
 * Prints Markdown.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.cairn.benchmarks.RoundTripProbe [calls]} (default 1000). Each
 * contender gets its own redis-server, started by the probe.
 */
public final class RoundTripProbe {

  private static final List<Contender> CONTENDERS = List.of(Contender.CAIRN_REDIS, Contender.REDISSON,
      Contender.LETTUCE);
  private static final int BATCH = 100;
  private static final int ATOMIC_THREADS = 4;
  private static final int ATOMIC_INCREMENTS = 500;
  /** The probe's own commands on its admin connection, left out of the counts. */
  private static final Set<String> ADMIN_COMMANDS = Set.of("config", "config|resetstat", "info");

  /** One operation: what it does to the cache on call {@code i}. */
  private record Operation(String name, BiConsumer<CacheOperations, Integer> call) {}

  /** What one contender's calls of one operation cost on average. */
  private record Cost(Map<String, Double> commandsPerCall, double roundTripsPerCall) {}

  private RoundTripProbe() {}

  public static void main(String[] arguments) throws Exception {
    int calls = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 1000;
    ValueKind kind = ValueKind.STRING;
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      keys.add("key-" + i);
    }
    List<Set<String>> batchKeys = new ArrayList<>();
    List<Map<String, Object>> batchEntries = new ArrayList<>();
    for (int start = 0; start + BATCH <= calls; start += BATCH) {
      Set<String> batch = new LinkedHashSet<>(keys.subList(start, start + BATCH));
      batchKeys.add(batch);
      Map<String, Object> entries = new LinkedHashMap<>();
      batch.forEach(key -> entries.put(key, kind.value(1)));
      batchEntries.add(entries);
    }
    if (batchKeys.isEmpty()) {
      throw new IllegalArgumentException("at least " + BATCH + " calls");
    }
    // remove comes last: it empties the cache
    List<Operation> operations = List.of(
        new Operation("get", (cache, i) -> cache.get(keys.get(i))),
        new Operation("containsKey", (cache, i) -> cache.containsKey(keys.get(i))),
        new Operation("put", (cache, i) -> cache.put(keys.get(i), kind.value(i))),
        new Operation("getAll(100)", (cache, i) -> cache.getAll(batchKeys.get(i % batchKeys.size()))),
        new Operation("putAll(100)", (cache, i) -> cache.putAll(batchEntries.get(i % batchEntries.size()))),
        new Operation("invoke", (cache, i) -> cache.increment(keys.get(i))),
        new Operation("remove", (cache, i) -> cache.remove(keys.get(i))));

    Map<Contender, Map<String, Cost>> costs = new LinkedHashMap<>();
    Map<Contender, String> atomicity = new LinkedHashMap<>();
    for (Contender contender : CONTENDERS) {
      try (ServerProcess redis = ServerProcess.redis();
          TurnCountingProxy proxy = new TurnCountingProxy(redis.port());
          CacheOperations cache = contender.open(kind, true, proxy.uri(), null, null);
          Admin admin = new Admin(redis.uri())) {
        cache.putAll(batchEntries.stream().collect(LinkedHashMap::new, Map::putAll, Map::putAll));
        Map<String, Cost> byOperation = new LinkedHashMap<>();
        for (Operation operation : operations) {
          admin.resetStatistics();
          proxy.reset();
          for (int i = 0; i < calls; i++) {
            operation.call().accept(cache, i);
          }
          long turns = proxy.turns();
          Map<String, Double> perCall = new TreeMap<>();
          admin.commandCalls().forEach((command, count) -> perCall.put(command, count / (double) calls));
          byOperation.put(operation.name(), new Cost(perCall, turns / (double) calls));
        }
        costs.put(contender, byOperation);
        atomicity.put(contender, incrementConcurrently(cache, kind));
      }
    }
    print(calls, operations, costs, atomicity);
  }

  /** Increments one key from several threads at once; says whether the count adds up. */
  private static String incrementConcurrently(CacheOperations cache, ValueKind kind) throws Exception {
    String key = "counter";
    cache.put(key, kind.value(0));
    ExecutorService threads = Executors.newFixedThreadPool(ATOMIC_THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < ATOMIC_THREADS; t++) {
        done.add(threads.submit(() -> {
          for (int i = 0; i < ATOMIC_INCREMENTS; i++) {
            cache.increment(key);
          }
        }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      threads.shutdown();
    }
    long expected = (long) ATOMIC_THREADS * ATOMIC_INCREMENTS;
    long counted = kind.counter(cache.get(key));
    return (counted == expected ? "yes" : "**no**") + " (" + counted + " of " + expected + ")";
  }

  private static void print(int calls, List<Operation> operations, Map<Contender, Map<String, Cost>> costs,
      Map<Contender, String> atomicity) {
    StringBuilder out = new StringBuilder();
    out.append("Redis commands and round trips per call, averaged over ").append(calls)
        .append(" calls (String values, no expiry, no listeners).\n\n| operation |");
    costs.keySet().forEach(contender -> out.append(' ').append(contender).append(": commands | round trips |"));
    out.append("\n|---|");
    costs.keySet().forEach(contender -> out.append("---|---:|"));
    out.append('\n');
    for (Operation operation : operations) {
      out.append("| ").append(operation.name()).append(" |");
      for (Map<String, Cost> byOperation : costs.values()) {
        Cost cost = byOperation.get(operation.name());
        String commands = cost.commandsPerCall().entrySet().stream()
            .filter(entry -> entry.getValue() >= 0.005)
            .map(entry -> String.format(Locale.ROOT, "%s %s", number(entry.getValue()),
                entry.getKey().replace('|', ' ').toUpperCase(Locale.ROOT)))
            .collect(Collectors.joining(" + "));
        out.append(' ').append(commands).append(" | ").append(number(cost.roundTripsPerCall())).append(" |");
      }
      out.append('\n');
    }
    out.append("| invoke atomic (").append(ATOMIC_THREADS).append(" threads x ").append(ATOMIC_INCREMENTS)
        .append(" increments of one key) |");
    atomicity.values().forEach(verdict -> out.append(' ').append(verdict).append(" | |"));
    out.append('\n');
    System.out.print(out);
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /** A direct connection to the server, past the proxy, for the statistics. */
  private static final class Admin implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;

    Admin(String uri) {
      client = RedisClient.create(uri);
      connection = client.connect();
      redis = connection.sync();
    }

    void resetStatistics() {
      redis.configResetstat();
    }

    /** {@code cmdstat_get:calls=1000,...} lines as command name to calls, without the probe's own commands. */
    Map<String, Long> commandCalls() {
      Map<String, Long> calls = new TreeMap<>();
      for (String line : redis.info("commandstats").split("\r?\n")) {
        if (line.startsWith("cmdstat_")) {
          String command = line.substring("cmdstat_".length(), line.indexOf(':'));
          int start = line.indexOf("calls=") + "calls=".length();
          int end = line.indexOf(',', start);
          if (!ADMIN_COMMANDS.contains(command)) {
            calls.put(command, Long.parseLong(line.substring(start, end)));
          }
        }
      }
      return calls;
    }

    @Override
    public void close() {
      connection.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
