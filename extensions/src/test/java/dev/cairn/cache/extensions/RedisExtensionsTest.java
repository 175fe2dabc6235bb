package dev.cairn.cache.extensions;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.config.CairnConfiguration;
import dev.cairn.cache.store.redis.RedisServer;
import dev.cairn.cache.store.redis.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only a shared Redis can show: the key layout seen by a raw client, and atomicity and stampede protection
 * across two JVMs.
 */
class RedisExtensionsTest {

  private static final AtomicInteger PREFIXES = new AtomicInteger();

  @RegisterExtension
  static final RedisServerExtension server = new RedisServerExtension();

  private String prefix;
  private CacheManager manager;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> raw;

  @BeforeEach
  void open() {
    prefix = "rx" + PREFIXES.incrementAndGet();
    manager = manager(prefix);
    client = RedisClient.create(server.uri("").toString());
    connection = client.connect();
    raw = connection.sync();
  }

  @AfterEach
  void close() {
    manager.close();
    connection.close();
    client.shutdown();
  }

  private URI uri(String prefix) {
    return server.uri("prefix=" + prefix);
  }

  private CacheManager manager(String prefix) {
    return Caching.getCachingProvider().getCacheManager(uri(prefix), getClass().getClassLoader());
  }

  @Test
  void countersAreDecimalTextChangedByTheServer() {
    Cache<String, Long> cache = manager.createCache("counters", typed(String.class, Long.class));
    ExtendedCache<String, Long> counters = ExtendedCache.of(cache);
    counters.incr("hits", 41);
    raw.incrby(prefix + ":counters:hits", 1);
    assertThat(raw.get(prefix + ":counters:hits")).isEqualTo("42");
    assertThat(counters.incr("hits")).isEqualTo(43);
    counters.put("text", 1L);
    raw.set(prefix + ":counters:text", "abc");
    assertThatThrownBy(() -> counters.incr("text"))
        .isInstanceOf(ClassCastException.class);
    assertThat(raw.get(prefix + ":counters:text")).isEqualTo("abc");
  }

  @Test
  void invalidateNeverTouchesKeysOfAnotherCacheOrPrefix() {
    String[] names = {"c*", "c", "c?", "c[x]", "c\\", "c:d", "c%"};
    List<ExtendedCache<String, String>> caches = new ArrayList<>();
    for (String name : names) {
      caches.add(ExtendedCache.of(manager.createCache(name, typed(String.class, String.class))));
    }
    CacheManager other = manager("o" + prefix);
    try {
      ExtendedCache<String, String> sameNameOtherPrefix = ExtendedCache.of(
          other.createCache("c*", typed(String.class, String.class)));
      String[] keys = {"user:1", "user:*", "user:[1]", "u\\x", "*", "?"};
      for (String key : keys) {
        caches.forEach(cache -> cache.put(key, "v"));
        sameNameOtherPrefix.put(key, "v");
      }
      raw.set("unrelated", "v");
      raw.set(prefix + ":cx:user:1", "v");
      List<String> before = raw.keys("*");

      assertThat(caches.get(0).invalidate("*")).isEqualTo(keys.length);

      List<String> after = raw.keys("*");
      List<String> gone = new ArrayList<>(before);
      gone.removeAll(after);
      assertThat(gone).hasSize(keys.length).allMatch(key -> key.startsWith(prefix + ":c*:"));
      assertThat(caches.get(1).invalidate("user:\\*")).isEqualTo(1);
      assertThat(caches.get(1).invalidate("user:[[]1]")).isEqualTo(1);
      assertThat(caches.get(1).cache().containsKey("user:1")).isTrue();
      for (int i = 2; i < caches.size(); i++) {
        assertThat(caches.get(i).invalidate("user:?")).isEqualTo(2);
        assertThat(caches.get(i).invalidate("\\*")).isEqualTo(1);
      }
      assertThat(raw.keys(prefix + ":c%25:*")).containsExactlyInAnyOrder(
          prefix + ":c%25:user:[1]", prefix + ":c%25:u\\x", prefix + ":c%25:?");
      assertThat(raw.get("unrelated")).isEqualTo("v");
      assertThat(raw.get(prefix + ":cx:user:1")).isEqualTo("v");
      assertThat(raw.keys("o" + prefix + ":c\\*:*")).hasSize(keys.length);
    } finally {
      other.close();
    }
  }

  @Test
  void asyncCallsCompleteOnTheClientsIoThreadWithNoThreadWaiting() throws Exception {
    Cache<String, String> cache = manager.createCache("async", typed(String.class, String.class));
    AsyncExtendedCache<String, String> async = ExtendedCache.of(cache).async();
    async.put("k", "v").toCompletableFuture().get(5, TimeUnit.SECONDS);
    raw.clientPause(300);
    CompletableFuture<String> read = async.get("k")
        .thenApply(value -> value + " on " + Thread.currentThread().getName()).toCompletableFuture();
    CompletableFuture<String> removed = async.remove("k")
        .thenApply(gone -> gone + " on " + Thread.currentThread().getName()).toCompletableFuture();
    assertThat(read).isNotDone();
    assertThat(read.get(5, TimeUnit.SECONDS)).startsWith("v on lettuce");
    assertThat(removed.get(5, TimeUnit.SECONDS)).startsWith("true on lettuce");
    assertThat(cache.containsKey("k")).isFalse();
  }

  @Test
  void setsAreNativeRedisSetsBesideTheCachesEntries() {
    Cache<String, String> cache = manager.createCache("tags", typed(String.class, String.class));
    ExtendedCache<String, String> tags = ExtendedCache.of(cache);
    cache.put("post:1", "entry");
    cache.put("post:2", "another");
    tags.set("post:1").addAll(List.of("redis", "java", "redis"));
    String setKey = prefix + ":%set:tags:post:1";
    assertThat(raw.type(setKey)).isEqualTo("set");
    assertThat(raw.smembers(setKey)).containsExactlyInAnyOrder("redis", "java");
    assertThat(raw.type(prefix + ":tags:post:1")).isEqualTo("string");
    raw.sadd(setKey, "from-another-client");
    assertThat(tags.set("post:1").members()).containsExactlyInAnyOrder("redis", "java", "from-another-client");
    assertThat(cache.get("post:1")).isEqualTo("entry");
    assertThat(cache.getAll(java.util.Set.of("post:1", "post:2"))).hasSize(2);
    List<String> keys = new ArrayList<>();
    cache.forEach(entry -> keys.add(entry.getKey()));
    assertThat(keys).containsExactlyInAnyOrder("post:1", "post:2");
    assertThat(tags.invalidate("*")).isEqualTo(2);
    assertThat(raw.type(setKey)).isEqualTo("set");

    tags.set("post:1").remove("redis");
    tags.set("post:1").remove("java");
    tags.set("post:1").remove("from-another-client");
    assertThat(raw.exists(setKey)).isZero();

    tags.set("a").add("1");
    tags.version(2).set("a").add("2");
    assertThat(raw.smembers(prefix + ":%set:tags%v2:a")).containsExactly("2");
    cache.clear();
    assertThat(raw.keys(prefix + ":%set:tags:*")).isEmpty();
    tags.set("a").add("1");
    manager.destroyCache("tags");
    assertThat(raw.keys(prefix + ":%set:tags*")).isEmpty();
  }

  @Test
  void everyAsyncOperationIsSentWithoutAnyThreadWaitingWhileRedisIsPaused() throws Exception {
    CacheManager patient = Caching.getCachingProvider().getCacheManager(
        server.uri("prefix=" + prefix + "nb&timeout=20s"), getClass().getClassLoader());
    try {
      Cache<String, String> strings = patient.createCache("nb", typed(String.class, String.class));
      AsyncExtendedCache<String, String> async = ExtendedCache.of(strings).async();
      AsyncExtendedCache<String, Long> counters = ExtendedCache.of(
          patient.createCache("nb-counters", typed(String.class, Long.class))).async();
      int calls = 200;
      for (int i = 0; i < calls; i++) {
        strings.put("k" + i, "v" + i);
      }
      async.set("existing").add("m").toCompletableFuture().get(5, TimeUnit.SECONDS);
      AtomicInteger loads = new AtomicInteger();
      Map<String, List<CompletableFuture<?>>> sent = new java.util.LinkedHashMap<>();
      long poolThreadsBefore = poolThreads();

      raw.clientPause(3_000);
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        String k = "k" + i;
        send(sent, "get", async.get(k));
        send(sent, "has", async.has(k));
        send(sent, "put", async.put("p" + i, "v", Duration.ofMinutes(1)));
        send(sent, "add", async.add("a" + i, "v", null));
        send(sent, "remove", async.remove("none" + i));
        send(sent, "touch", async.touch(k, Duration.ofMinutes(10)));
        send(sent, "ttl", async.ttl(k));
        send(sent, "incr", counters.incr("hits", 1L));
        send(sent, "getOrSet", async.getOrSet("g" + i, key -> {
          loads.incrementAndGet();
          return "loaded " + key;
        }, Duration.ofMinutes(1)));
        send(sent, "getMany", async.getMany(List.of(k, "missing" + i)));
        send(sent, "setMany", async.setMany(Map.of("m" + i, "v"), null));
        send(sent, "deleteMany", async.deleteMany(List.of("none" + i)));
        send(sent, "invalidate", async.invalidate("none:" + i + ":*"));
        send(sent, "ping", async.ping());
        send(sent, "set.add", async.set("tags").add("t" + i));
        send(sent, "set.contains", async.set("existing").contains("m"));
        send(sent, "set.size", async.set("existing").size());
        send(sent, "set.members", async.set("existing").members());
        send(sent, "set.remove", async.set("existing").remove("not there"));
      }
      Duration issuing = Duration.ofNanos(System.nanoTime() - start);
      sent.forEach((kind, stages) -> assertThat(stages).as(kind + " while Redis is paused").noneMatch(
          CompletableFuture::isDone));
      assertThat(issuing).as("issuing " + sent.size() * calls + " calls from one thread").isLessThan(
          Duration.ofMillis(2_500));
      assertThat(poolThreads()).as("pool threads, none of them waiting for Redis")
          .isLessThanOrEqualTo(poolThreadsBefore + 2);

      CompletableFuture.allOf(sent.values().stream().flatMap(List::stream).toArray(CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);
      assertThat(sent.get("get").get(7).join()).isEqualTo("v7");
      assertThat(sent.get("has")).allMatch(stage -> Boolean.TRUE.equals(stage.join()));
      assertThat(sent.get("ttl")).allMatch(stage -> stage.join() instanceof TimeToLive.Expiring);
      assertThat(sent.get("invalidate")).allMatch(stage -> Long.valueOf(0).equals(stage.join()));
      assertThat(sent.get("ping")).allMatch(stage -> !((Duration) stage.join()).isNegative());
      assertThat(counters.sync().get("hits")).isEqualTo(calls);
      assertThat(loads).hasValue(calls);
      assertThat(strings.get("g3")).isEqualTo("loaded g3");
      assertThat(strings.get("m5")).isEqualTo("v");
      assertThat(strings.get("a5")).isEqualTo("v");
      assertThat(((Lookup<?, ?>) sent.get("getMany").get(9).join()).missing()).isEqualTo(java.util.Set.of("missing9"));
      assertThat(async.set("tags").size().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(calls);
      assertThat(raw.scard(prefix + "nb:%set:nb:tags")).isEqualTo(calls);
      assertThat(sent.get("set.members").get(0).join()).isEqualTo(java.util.Set.of("m"));
    } finally {
      patient.close();
    }
  }

  private static void send(Map<String, List<CompletableFuture<?>>> sent, String kind, CompletionStage<?> stage) {
    sent.computeIfAbsent(kind, ignored -> new ArrayList<>()).add(stage.toCompletableFuture());
  }

  /** The live threads of the extensions' shared pool. */
  private static long poolThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("cairn-extensions-")).count();
  }

  @Test
  void pingFailsClearlyWhileRedisIsDownAndRecovers() {
    try (RedisServer own = RedisServer.start()) {
      CacheManager outage = Caching.getCachingProvider().getCacheManager(own.uri("timeout=500ms&prefix=ping"),
          getClass().getClassLoader());
      try {
        ExtendedCache<String, String> cache = ExtendedCache.of(
            outage.createCache("ping", typed(String.class, String.class)));
        assertThat(cache.ping()).isPositive();
        own.stop();
        assertThatThrownBy(cache::ping).isInstanceOf(CacheException.class).hasMessageContaining("Redis");
        own.restart();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
          try {
            assertThat(cache.ping()).isPositive();
            break;
          } catch (CacheException stillReconnecting) {
            assertThat(System.nanoTime()).as("reconnected within 10 s").isLessThan(deadline);
            ExtendedCacheContractTest.sleep(50);
          }
        }
      } finally {
        outage.close();
      }
    }
  }

  @Test
  void theGlobMatchesWhatRedisMatches() {
    String[] keys = {"user:1", "user:10", "user:*", "a]b", "a-b", "abc", "a\\c", "[x]", "x", "", "?", "bbb"};
    String[] patterns = {"user:?", "user:*", "user:\\*", "a[]-]b", "a[^b]c", "a\\\\c", "\\[x]", "[wxy]",
        "*b*", "?", "\\?", "[a-c][a-c][a-c]", "*"};
    for (String key : keys) {
      raw.set("glob:" + key, "v");
    }
    for (String pattern : patterns) {
      List<String> byRedis = new ArrayList<>();
      for (String key : raw.keys("glob:" + pattern)) {
        byRedis.add(key.substring("glob:".length()));
      }
      List<String> byGlob = java.util.Arrays.stream(keys).filter(Glob.of(pattern)::matches).toList();
      assertThat(byGlob).as("pattern " + pattern).containsExactlyInAnyOrderElementsOf(byRedis);
    }
    raw.del(java.util.Arrays.stream(keys).map(key -> "glob:" + key).toArray(String[]::new));
  }

  @Test
  void versionsArePartOfTheStoredKeySoDeploymentsDoNotSeeEachOther() {
    Cache<String, String> v1 = manager.createCache("shared", typed(String.class, String.class));
    v1.put("k", "from v1");
    // another deployment: its own manager (another URI of the same server and prefix), on key version 2
    CacheManager deployment2 = Caching.getCachingProvider().getCacheManager(
        server.uri("prefix=" + prefix + "&timeout=3s"), getClass().getClassLoader());
    try {
      Cache<String, String> v2 = deployment2.getCache("shared", String.class, String.class);
      ExtendedCache<String, String> second = ExtendedCache.of(v2).version(2);
      assertThat(second.get("k")).isNull();
      second.put("k", "from v2");
      assertThat(v1.get("k")).isEqualTo("from v1");
      assertThat(raw.get(prefix + ":shared%v2:k")).isEqualTo("from v2");
      assertThat(raw.get(prefix + ":shared:k")).isEqualTo("from v1");
      assertThat(ExtendedCache.of(v1).invalidate("*")).isEqualTo(1);
      assertThat(raw.get(prefix + ":shared%v2:k")).isEqualTo("from v2");
    } finally {
      deployment2.close();
    }
    manager.destroyCache("shared");
    assertThat(raw.keys(prefix + ":shared*")).isEmpty();
  }

  @Test
  void twoJvmsIncrementingOneKeyLoseNothing() throws Exception {
    String name = "jvm-counters";
    manager.createCache(name, typed(String.class, Long.class));
    ExtendedCache<String, Long> counters = ExtendedCache.of(manager.getCache(name, String.class, Long.class));
    String childReport = alongsideChild(name, "incr", 4, 5_000,
        () -> ExtendedCacheContractTest.runConcurrently(4, 5_000, () -> counters.incr("hits")));
    assertThat(childReport).isEqualTo("done");
    assertThat(counters.cache().get("hits")).isEqualTo(40_000L);
  }

  @Test
  void twoJvmsOnAColdKeyCallTheLoaderOnceInTotal() throws Exception {
    String name = "jvm-stampede";
    manager.createCache(name, typed(String.class, String.class));
    ExtendedCache<String, String> values = ExtendedCache.of(manager.getCache(name, String.class, String.class));
    AtomicInteger loads = new AtomicInteger();
    List<String> results = new CopyOnWriteArrayList<>();
    String childReport = alongsideChild(name, "getOrSet", 50, 500,
        () -> ExtendedCacheContractTest.runConcurrently(50, 1, () -> results.add(values.getOrSet("cold", key -> {
          loads.incrementAndGet();
          ExtendedCacheContractTest.sleep(500);
          return "parent";
        }, Duration.ofMinutes(1)))));
    int childLoads = Integer.parseInt(childReport.replaceAll("loads=(\\d+).*", "$1"));
    assertThat(loads.get() + childLoads).as("loader calls in both JVMs; child said " + childReport).isEqualTo(1);
    String winner = loads.get() == 1 ? "parent" : "child";
    assertThat(results).hasSize(50).containsOnly(winner);
    assertThat(childReport).endsWith("results=50 distinct=[" + winner + "]");
    assertThat(raw.keys(prefix + ":%lease:*")).isEmpty();
  }

  /** What this JVM does while a {@link ChildJvm} does its part; both start together. */
  private interface ParentPart {
    void run() throws Exception;
  }

  /** Runs {@code parentPart} here and {@code mode} in a child JVM at the same moment; the child's report. */
  private String alongsideChild(String cacheName, String mode, int parallelism, int amount, ParentPart parentPart)
      throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ChildJvm.class.getName(), uri(prefix).toString(), cacheName, mode, Integer.toString(parallelism),
        Integer.toString(amount));
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process child = builder.start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
        Writer in = new OutputStreamWriter(child.getOutputStream(), UTF_8)) {
      assertThat(out.readLine()).isEqualTo("ready");
      in.write("go\n");
      in.flush();
      parentPart.run();
      String report = out.readLine();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();
      return report;
    } finally {
      child.destroyForcibly();
    }
  }

  private static <K, V> CairnConfiguration<K, V> typed(Class<K> keyType, Class<V> valueType) {
    return ExtendedCacheContractTest.typed(keyType, valueType);
  }
}
