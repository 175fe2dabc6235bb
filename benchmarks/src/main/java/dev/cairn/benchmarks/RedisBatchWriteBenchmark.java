package dev.cairn.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ways to write 100 entries to Redis in one call, on raw Lettuce: what {@code putAll} could send. Not a contender
 * comparison but the evidence for the Redis store's {@code putAll}: an eternal JCache policy means "create eternal,
 * keep the time to live on update" ({@code SET ... KEEPTTL}), which {@code MSET} cannot express.
 *
 * <ul>
 *   <li>{@code pipelined-set-get}: what the store sends today, 100 {@code SET ... GET KEEPTTL}, each flushed;</li>
 *   <li>{@code batch-set}: 100 {@code SET ... KEEPTTL} handed to Lettuce as one batch (one write, one flush);</li>
 *   <li>{@code script}: one {@code EVALSHA} that runs the 100 {@code SET ... KEEPTTL} on the server (one slot
 *       only, so a cluster would need one call per slot);</li>
 *   <li>{@code mset}: one {@code MSET}, which drops times to live: right only when every entry is eternal.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RedisBatchWriteBenchmark {

  private static final int BATCH = 100;
  private static final String SET_ALL_KEEPTTL =
      "for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[i], 'KEEPTTL') end return #KEYS";

  @Param({"pipelined-set-get", "batch-set", "script", "mset"})
  public String write;

  private ServerProcess redis;
  private RedisClient client;
  private StatefulRedisConnection<byte[], byte[]> connection;
  private RedisAsyncCommands<byte[], byte[]> commands;
  private byte[][] keys;
  private byte[][] values;
  private Map<byte[], byte[]> entries;
  private String script;

  @Setup(Level.Trial)
  @SuppressWarnings("ArrayAsKeyOfSetOrMap") // MSET's map, of distinct keys: identity is all it needs
  public void setUp() {
    redis = ServerProcess.redis();
    client = RedisClient.create(redis.uri());
    connection = client.connect(ByteArrayCodec.INSTANCE);
    commands = connection.async();
    keys = new byte[BATCH][];
    values = new byte[BATCH][];
    entries = new LinkedHashMap<>();
    for (int i = 0; i < BATCH; i++) {
      keys[i] = ("cairn:bench:key-" + i).getBytes(StandardCharsets.UTF_8);
      values[i] = (byte[]) ValueKind.BYTES.value(i);
      entries.put(keys[i], values[i]);
    }
    script = connection.sync().scriptLoad(SET_ALL_KEEPTTL);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    redis.close();
  }

  @Benchmark
  public Object writeHundred() throws Exception {
    return switch (write) {
      case "pipelined-set-get" -> {
        CompletableFuture<?>[] sent = new CompletableFuture<?>[BATCH];
        for (int i = 0; i < BATCH; i++) {
          sent[i] = commands.setGet(keys[i], values[i], new SetArgs().keepttl()).toCompletableFuture();
        }
        yield CompletableFuture.allOf(sent).get();
      }
      case "batch-set" -> {
        List<RedisCommand<byte[], byte[], ?>> batch = new ArrayList<>(BATCH);
        CompletableFuture<?>[] sent = new CompletableFuture<?>[BATCH];
        for (int i = 0; i < BATCH; i++) {
          CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(keys[i])
              .addValue(values[i]);
          new SetArgs().keepttl().build(args);
          AsyncCommand<byte[], byte[], String> command =
              new AsyncCommand<>(new Command<>(CommandType.SET, new StatusOutput<>(ByteArrayCodec.INSTANCE), args));
          batch.add(command);
          sent[i] = command;
        }
        connection.dispatch(batch);
        yield CompletableFuture.allOf(sent).get();
      }
      case "script" -> commands.evalsha(script, ScriptOutputType.INTEGER, keys, values).get();
      case "mset" -> commands.mset(entries).get();
      default -> throw new IllegalArgumentException("unknown write " + write);
    };
  }
}
