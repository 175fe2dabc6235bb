package dev.cairn.cache.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.cairn.cache.codec.Codecs;
import dev.cairn.cache.expiry.Clock;
import dev.cairn.cache.resilience.ResilientStore;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.CounterCapability;
import dev.cairn.cache.store.SetCapability;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreListener;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.Ttl;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import javax.cache.CacheException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Redis store does on the server, checked with a raw Lettuce client: key layout and isolation, times to
 * live as Redis expiries, the commands each step sends, and bad bytes read as misses.
 */
class RedisStoreTest {

  private static RedisServer server;
  private static RedisClient rawClient;
  private static StatefulRedisConnection<String, String> rawConnection;
  private static RedisCommands<String, String> raw;

  private final List<StoreBackend> backends = new ArrayList<>();
  private StoreBackend backend;
  private Store<String, String> users;

  @BeforeAll
  static void startServer() {
    server = RedisServer.start();
    rawClient = RedisClient.create(server.uri("").toString());
    rawConnection = rawClient.connect();
    raw = rawConnection.sync();
  }

  @AfterAll
  static void stopServer() {
    rawConnection.close();
    rawClient.shutdown();
    server.close();
  }

  @BeforeEach
  void open() {
    raw.flushall();
    backend = backend("app");
    users = open(backend, "users", String.class);
  }

  @AfterEach
  void close() {
    backends.forEach(StoreBackend::close);
  }

  @Test
  void entriesAreReadableStringKeysUnderPrefixAndCacheName() {
    users.write("alice", "admin", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    assertThat(raw.keys("*")).containsExactly("app:users:alice");
    assertThat(raw.get("app:users:alice")).isEqualTo("admin");
  }

  @Test
  void timesToLiveAreRedisExpiries() {
    users.write("k", "v1", Condition.ANY, 60_000, Ttl.UNCHANGED, false);
    assertThat(raw.pttl("app:users:k")).isBetween(1L, 60_000L);
    users.write("k", "v2", Condition.ANY, 60_000, Ttl.UNCHANGED, false);
    assertThat(raw.pttl("app:users:k")).as("an update with UNCHANGED keeps the expiry").isBetween(1L, 60_000L);
    users.write("k", "v3", Condition.ANY, 60_000, Ttl.ETERNAL, false);
    assertThat(raw.pttl("app:users:k")).isEqualTo(-1L);
    assertThat(users.get("k", 30_000)).isEqualTo("v3");
    assertThat(raw.pttl("app:users:k")).as("a touch").isBetween(1L, 30_000L);
    assertThat(users.get("k", Ttl.ETERNAL)).isEqualTo("v3");
    assertThat(raw.pttl("app:users:k")).isEqualTo(-1L);
    assertThat(users.expire("k", 5_000)).isTrue();
    assertThat(raw.pttl("app:users:k")).isBetween(1L, 5_000L);
    assertThat(users.write("k", "v4", Condition.PRESENT, 60_000, Ttl.UNCHANGED, false).applied()).isTrue();
    assertThat(raw.pttl("app:users:k")).isBetween(1L, 5_000L);
    assertThat(users.expire("k", Ttl.ETERNAL)).isTrue();
    assertThat(raw.pttl("app:users:k")).isEqualTo(-1L);
    assertThat(users.expire("absent", Ttl.ETERNAL)).isFalse();
  }

  @Test
  void hugeTimesToLiveAreEternal() {
    users.write("k", "v", Condition.ANY, Long.MAX_VALUE, Long.MAX_VALUE, false);
    assertThat(raw.pttl("app:users:k")).isEqualTo(-1L);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCounterWithATimeToLivePastAnyDeadlineIsEternalAndAddsOnce() {
    CounterCapability<String> counters = open(backend, "hits", Long.class).capability(CounterCapability.class);
    // PEXPIRE refuses Long.MAX_VALUE - 1 once it adds the server's clock; the script used to add first, then fail
    assertThat(counters.add("near-max", 1L, Long.MAX_VALUE - 1)).isEqualTo(1L);
    assertThat(counters.add("near-max-float", 0.5, Long.MAX_VALUE - 1)).isEqualTo(0.5);
    assertThat(raw.get("app:hits:near-max")).isEqualTo("1");
    assertThat(raw.pttl("app:hits:near-max")).isEqualTo(-1L);
    assertThat(raw.pttl("app:hits:near-max-float")).isEqualTo(-1L);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aValueOverTheSizeLimitIsRefusedBeforeAnythingIsSent() {
    Store<String, String> small = open(backend("small", "maxValueSize=1k"), "blobs", String.class);
    String tooLarge = "x".repeat(1025);

    assertThatThrownBy(() -> small.write("k", tooLarge, Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("cache blobs")
        .hasMessageContaining("1025 bytes")
        .hasMessageContaining("limit of 1024 bytes (1k)")
        .hasMessageContaining("maxValueSize");
    assertThatThrownBy(() -> small.putAll(Map.of("a", "fits", "b", tooLarge), Ttl.ETERNAL, Ttl.UNCHANGED))
        .isInstanceOf(CacheException.class);
    assertThatThrownBy(() -> small.capability(SetCapability.class).add("s", List.of(tooLarge)))
        .isInstanceOf(CacheException.class);
    assertThat(raw.keys("small:*")).isEmpty();
    small.write("k", "x".repeat(1024), Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    assertThat(small.get("k", Ttl.UNCHANGED)).hasSize(1024);
  }

  @Test
  void entriesExpireOnTheServer() throws InterruptedException {
    users.write("k", "v", Condition.ANY, 1, 1, false);
    long deadline = System.currentTimeMillis() + 2_000;
    // Redis's clock decides; there is no manual clock to advance, so wait (boundedly) for a 1 ms expiry
    while (users.containsKey("k") && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
    assertThat(users.get("k", Ttl.UNCHANGED)).isNull();
  }

  @Test
  void eachStepIsOneCommand() {
    users.write("k", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    assertThat(commandsOf(() -> users.get("k", Ttl.UNCHANGED))).containsExactly(entry("get", 1L));
    assertThat(commandsOf(() -> users.get("k", 60_000))).containsExactly(entry("getex", 1L));
    assertThat(commandsOf(() -> users.containsKey("k"))).containsExactly(entry("exists", 1L));
    assertThat(commandsOf(() -> users.write("k", "v", Condition.ANY, 60_000, 60_000, true)))
        .containsExactly(entry("set", 1L));
    assertThat(commandsOf(() -> users.write("k", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false)))
        .containsExactly(entry("set", 1L));
    assertThat(commandsOf(() -> users.write("n", "v", Condition.ABSENT, 60_000, Ttl.UNCHANGED, false)))
        .containsExactly(entry("set", 1L));
    assertThat(commandsOf(() -> users.write("k", "w", Condition.PRESENT, 60_000, Ttl.UNCHANGED, true)))
        .containsExactly(entry("set", 1L));
    // the first use of a script on a server sends it in full (NOSCRIPT, then EVAL); from then on EVALSHA
    users.write("k", "v", Condition.valueEquals("v"), 1_000, 1_000, false);
    users.remove("none", Condition.valueEquals("v"), false);
    // the commands a script runs inside count too: only EVALSHA came from the client
    assertThat(commandsOf(() -> users.write("k", "v", Condition.valueEquals("w"), 1_000, 1_000, false)))
        .containsEntry("evalsha", 1L).containsOnlyKeys("evalsha", "get", "set");
    assertThat(commandsOf(() -> users.write("k", "v", Condition.ANY, 60_000, Ttl.UNCHANGED, false)))
        .as("different times to live for create and update need the script")
        .containsEntry("evalsha", 1L).containsOnlyKeys("evalsha", "get", "set");
    assertThat(commandsOf(() -> users.remove("k", Condition.valueEquals("v"), false)))
        .containsEntry("evalsha", 1L).containsOnlyKeys("evalsha", "get", "del");
    assertThat(commandsOf(() -> users.remove("n", Condition.ANY, true))).containsExactly(entry("getdel", 1L));
    assertThat(commandsOf(() -> users.remove("n", Condition.ANY, false))).containsExactly(entry("del", 1L));
    assertThat(commandsOf(() -> users.expire("n", 1_000))).containsExactly(entry("pexpire", 1L));
    assertThat(commandsOf(() -> users.getAll(List.of("a", "b", "c")))).containsExactly(entry("mget", 1L));
    users.putAll(Map.of("warm", "1", "up", "2"), 60_000, 60_000);
    assertThat(commandsOf(() -> users.putAll(Map.of("a", "1", "b", "2", "c", "3"), 60_000, 60_000)))
        .as("one script writes them all").containsExactly(entry("evalsha", 1L), entry("set", 3L));
    assertThat(commandsOf(() -> users.putAll(Map.of("a", "1", "b", "2"), Ttl.ETERNAL, Ttl.ETERNAL)))
        .as("all eternal: nothing to keep").containsExactly(entry("mset", 1L));
    assertThat(commandsOf(() -> users.removeAll(List.of("a", "b")))).containsExactly(entry("unlink", 1L));
    assertThat(commandsOf(() -> users.keys().forEachRemaining(key -> { }))).containsOnlyKeys("scan");
  }

  @Test
  void putAllGivesNewEntriesTheCreationTtlAndKeepsOrReplacesTheTtlOfExistingOnes() {
    users.write("timed", "old", Condition.ANY, 600_000, 600_000, false);
    users.putAll(Map.of("timed", "new", "fresh", "v"), Ttl.ETERNAL, Ttl.UNCHANGED);
    assertThat(raw.get("app:users:timed")).isEqualTo("new");
    assertThat(raw.pttl("app:users:timed")).as("kept").isBetween(1L, 600_000L);
    assertThat(raw.pttl("app:users:fresh")).as("eternal").isEqualTo(-1L);

    users.putAll(Map.of("timed", "newer", "fresh", "w", "third", "x"), 60_000, Ttl.UNCHANGED);
    assertThat(raw.pttl("app:users:timed")).as("still kept").isGreaterThan(60_000L);
    assertThat(raw.pttl("app:users:fresh")).as("eternal stays eternal").isEqualTo(-1L);
    assertThat(raw.pttl("app:users:third")).as("created").isBetween(1L, 60_000L);

    users.putAll(Map.of("timed", "last", "fresh", "y"), 5_000, 30_000);
    assertThat(raw.pttl("app:users:timed")).isBetween(5_001L, 30_000L);
    assertThat(users.getAll(List.of("timed", "fresh", "third")))
        .isEqualTo(Map.of("timed", "last", "fresh", "y", "third", "x"));
  }

  @Test
  void scriptsAreResentAfterTheServerForgetsThem() {
    users.write("k", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    raw.scriptFlush();
    assertThat(users.write("k", "w", Condition.valueEquals("v"), 1_000, 1_000, true).previous()).isEqualTo("v");
    assertThat(users.get("k", Ttl.UNCHANGED)).isEqualTo("w");
  }

  @Test
  void clearAndDestroyTouchOnlyTheirOwnCacheAndPrefix() {
    Store<String, String> colonName = open(backend, "users:x", String.class);
    Store<String, String> globName = open(backend, "us*", String.class);
    StoreBackend otherPrefix = backend("app2");
    Store<String, String> otherUsers = open(otherPrefix, "users", String.class);
    users.write("x:k", "mine", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    colonName.write("k", "colon", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    globName.write("k", "glob", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    otherUsers.write("x:k", "other prefix", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    raw.set("unrelated", "not ours");
    assertThat(raw.keys("*")).containsExactlyInAnyOrder("app:users:x:k", "app:users%3Ax:k", "app:us*:k",
        "app2:users:x:k", "unrelated");

    assertThat(keysOf(users)).containsExactly("x:k");
    assertThat(keysOf(globName)).containsExactly("k");
    users.clear();
    assertThat(raw.keys("*")).containsExactlyInAnyOrder("app:users%3Ax:k", "app:us*:k", "app2:users:x:k",
        "unrelated");
    backend.destroy("us*");
    assertThat(raw.keys("*")).containsExactlyInAnyOrder("app:users%3Ax:k", "app2:users:x:k", "unrelated");
    colonName.clear();
    otherPrefix.destroy("users");
    assertThat(raw.keys("*")).containsExactly("unrelated");
  }

  @Test
  void valuesThatNoLongerDecodeReadAsMisses() {
    Store<String, UUID> ids = open(backend, "ids", UUID.class);
    UUID id = UUID.randomUUID();
    ids.write("good", id, Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    raw.set("app:ids:bad", "not a serialized object");
    assertThat(ids.get("bad", Ttl.UNCHANGED)).isNull();
    assertThat(ids.getAll(List.of("good", "bad"))).containsExactly(entry("good", id));
    assertThat(ids.write("bad", id, Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, true).applied()).isTrue();
    assertThat(ids.get("bad", Ttl.UNCHANGED)).isEqualTo(id);
  }

  @Test
  void iteratingKeysRemembersABoundedNumberOfThem() {
    Map<String, String> entries = new java.util.HashMap<>();
    for (int i = 0; i < 3_000; i++) {
      entries.put("k" + i, "v");
    }
    users.putAll(entries, Ttl.ETERNAL, Ttl.UNCHANGED);

    ScannedKeys<String> keys = ((RedisStore<String, String>) ((ResilientStore<String, String>) users).guarded())
        .keys(1_000);
    List<String> seen = new ArrayList<>();
    while (keys.hasNext()) {
      seen.add(keys.next());
      assertThat(keys.remembered()).isLessThanOrEqualTo(1_000);
    }
    assertThat(seen).hasSize(3_000).doesNotHaveDuplicates();
    assertThat(keysOf(users)).hasSize(3_000);
  }

  @Test
  void keysThatNoLongerDecodeAreSkipped() {
    Store<UUID, String> byId = open(backend, "byId", UUID.class, String.class);
    UUID id = UUID.randomUUID();
    byId.write(id, "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    raw.set("app:byId:garbage", "v");
    List<UUID> keys = new ArrayList<>();
    byId.keys().forEachRemaining(keys::add);
    assertThat(keys).containsExactly(id);
  }

  private StoreBackend backend(String prefix) {
    return backend(prefix, "");
  }

  private StoreBackend backend(String prefix, String parameters) {
    StoreBackend opened = new RedisStoreProvider().open(
        server.uri("prefix=" + prefix + (parameters.isEmpty() ? "" : "&" + parameters)), new Properties(),
        getClass().getClassLoader());
    backends.add(opened);
    return opened;
  }

  private <V> Store<String, V> open(StoreBackend on, String cacheName, Class<V> valueType) {
    return open(on, cacheName, String.class, valueType);
  }

  private <K, V> Store<K, V> open(StoreBackend on, String cacheName, Class<K> keyType, Class<V> valueType) {
    ClassLoader loader = getClass().getClassLoader();
    return on.open(new StoreSettings<>(cacheName, Codecs.forType(keyType, loader), Codecs.forType(valueType, loader),
        0, Clock.system(), StoreListener.none(), true));
  }

  private static List<String> keysOf(Store<String, ?> store) {
    List<String> keys = new ArrayList<>();
    store.keys().forEachRemaining(keys::add);
    return keys;
  }

  /** The commands the server ran for {@code step}, by name and count, from {@code INFO commandstats}. */
  private static Map<String, Long> commandsOf(Runnable step) {
    raw.configResetstat();
    step.run();
    Map<String, Long> counts = new TreeMap<>();
    for (String line : raw.info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        long calls = Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"));
        if (!name.equals("info") && !name.startsWith("config")) {
          counts.put(name, calls);
        }
      }
    }
    return counts;
  }
}
