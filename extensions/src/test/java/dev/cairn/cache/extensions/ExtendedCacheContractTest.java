package dev.cairn.cache.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.config.CairnConfiguration;
import dev.cairn.cache.management.CacheStatistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The extensions' contract, run on every store: one subclass per store opens the manager.
 */
public abstract class ExtendedCacheContractTest {

  private static final AtomicInteger NAMES = new AtomicInteger();

  protected CacheManager manager;

  /** A fresh manager on the store under test; each test's caches have names of their own. */
  protected abstract CacheManager openManager();

  @BeforeEach
  void open() {
    manager = openManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  protected <K, V> Cache<K, V> create(Class<K> keyType, Class<V> valueType) {
    return create(typed(keyType, valueType));
  }

  protected static <K, V> CairnConfiguration<K, V> typed(Class<K> keyType, Class<V> valueType) {
    CairnConfiguration<K, V> configuration = new CairnConfiguration<>();
    configuration.setTypes(keyType, valueType);
    return configuration;
  }

  protected static <K, V> CairnConfiguration<K, V> expiringAfterOneMinute(Class<K> keyType, Class<V> valueType) {
    CairnConfiguration<K, V> configuration = typed(keyType, valueType);
    configuration.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_MINUTE));
    return configuration;
  }

  protected <K, V> Cache<K, V> create(CairnConfiguration<K, V> configuration) {
    return manager.createCache("ext-" + NAMES.incrementAndGet(), configuration);
  }

  // ---- opening ----

  @Test
  void ofAMissingCacheSaysTheCacheDoesNotExist() {
    Cache<String, Long> missing = manager.getCache("ext-missing-" + NAMES.incrementAndGet(), String.class, Long.class);

    assertThatThrownBy(() -> ExtendedCache.of(missing))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining("ExtendedCache.of(manager, name, keyType, valueType)");
  }

  @Test
  void ofManagerAndNameCreatesAMissingCacheThenOpensIt() {
    String name = "ext-" + NAMES.incrementAndGet();

    ExtendedCache<String, Long> created = ExtendedCache.of(manager, name, String.class, Long.class);
    created.incr("home");
    ExtendedCache<String, Long> opened = ExtendedCache.of(manager, name, String.class, Long.class);

    assertThat(opened.incr("home")).isEqualTo(2L);
    assertThat(manager.getCache(name, String.class, Long.class).get("home")).isEqualTo(2L);
    assertThatThrownBy(() -> ExtendedCache.of(manager, name, String.class, String.class))
        .isInstanceOf(ClassCastException.class);
  }

  // ---- counters ----

  @Test
  void incrStartsMissingKeysAtTheDeltaAndAddsAtomically() {
    ExtendedCache<String, Long> counters = ExtendedCache.of(create(String.class, Long.class));
    assertThat(counters.incr("a")).isEqualTo(1);
    assertThat(counters.incr("a", 41)).isEqualTo(42);
    assertThat(counters.decr("a", 2)).isEqualTo(40);
    assertThat(counters.decr("b", 5)).isEqualTo(-5);
    assertThat(counters.cache().get("a")).isEqualTo(40L);
    assertThat(counters.cache().get("b")).isEqualTo(-5L);
  }

  @Test
  void floatingPointIncrOnDoubleCache() {
    ExtendedCache<String, Double> scores = ExtendedCache.of(create(String.class, Double.class));
    assertThat(scores.incr("s", 1.5)).isEqualTo(1.5);
    assertThat(scores.incr("s", 2.25)).isEqualTo(3.75);
    assertThat(scores.decr("s", 0.75)).isEqualTo(3.0);
    assertThat(scores.incr("s", 1L)).isEqualTo(4);
    assertThat(scores.cache().get("s")).isEqualTo(4.0);
  }

  @Test
  void incrOnUntypedCacheKeepsTheStoredNumberType() {
    ExtendedCache<String, Object> values = ExtendedCache.of(create(String.class, Object.class));
    values.put("int", 5);
    assertThat(values.incr("int", 3)).isEqualTo(8);
    assertThat(values.cache().get("int")).isEqualTo(8);
    assertThat(values.incr("new", 7)).isEqualTo(7);
    assertThat(values.cache().get("new")).isEqualTo(7L);
    assertThat(values.incr("int", 0.5)).isEqualTo(8.5);
    assertThat(values.cache().get("int")).isEqualTo(8.5);
  }

  @Test
  void incrOnAStringValueFailsAndChangesNothing() {
    ExtendedCache<String, Object> values = ExtendedCache.of(create(String.class, Object.class));
    values.put("name", "alice");
    assertThatThrownBy(() -> values.incr("name", 1)).isInstanceOf(ClassCastException.class)
        .hasMessageContaining("name").hasMessageContaining("String");
    assertThatThrownBy(() -> values.incr("name", 1.0)).isInstanceOf(ClassCastException.class);
    assertThat(values.cache().get("name")).isEqualTo("alice");
  }

  @Test
  void incrOnACacheOfStringsIsRefused() {
    ExtendedCache<String, String> strings = ExtendedCache.of(create(String.class, String.class));
    strings.put("n", "5");
    assertThatThrownBy(() -> strings.incr("n", 1)).isInstanceOf(ClassCastException.class);
    assertThat(strings.cache().get("n")).isEqualTo("5");
  }

  @Test
  void floatingPointIncrOnALongCacheIsRefused() {
    ExtendedCache<String, Long> counters = ExtendedCache.of(create(String.class, Long.class));
    counters.put("n", 5L);
    assertThatThrownBy(() -> counters.incr("n", 0.5)).isInstanceOf(ClassCastException.class);
    assertThat(counters.cache().get("n")).isEqualTo(5L);
  }

  @Test
  void overflowFailsAndChangesNothing() {
    ExtendedCache<String, Long> counters = ExtendedCache.of(create(String.class, Long.class));
    counters.put("max", Long.MAX_VALUE);
    assertThatThrownBy(() -> counters.incr("max", 1)).isInstanceOf(ArithmeticException.class);
    assertThat(counters.cache().get("max")).isEqualTo(Long.MAX_VALUE);

    ExtendedCache<String, Object> values = ExtendedCache.of(create(String.class, Object.class));
    values.put("int", Integer.MAX_VALUE);
    assertThatThrownBy(() -> values.incr("int", 1)).isInstanceOf(ArithmeticException.class);
    assertThat(values.cache().get("int")).isEqualTo(Integer.MAX_VALUE);
  }

  /**
   * How many increments each of eight threads makes in {@link #eightThreadsOfIncrementsLoseNothing}: 10,000, or fewer
   * on a store whose test server takes seconds for that many writes (dynalite answers about a thousand a second).
   */
  protected int incrementsPerThread() {
    return 10_000;
  }

  @Test
  void eightThreadsOfIncrementsLoseNothing() throws Exception {
    ExtendedCache<String, Long> counters = ExtendedCache.of(create(String.class, Long.class));
    int increments = incrementsPerThread();
    runConcurrently(8, increments, () -> counters.incr("hits"));
    assertThat(counters.cache().get("hits")).isEqualTo(8L * increments);
  }

  @Test
  void compareAndSetIncrementsOnAnUntypedCacheLoseNothing() throws Exception {
    ExtendedCache<String, Object> values = ExtendedCache.of(create(String.class, Object.class));
    runConcurrently(8, 250, () -> values.incr("hits"));
    assertThat(values.cache().get("hits")).isEqualTo(2_000L);
  }

  @Test
  void incrCreatesWithThePolicysExpiryAndKeepsAnExistingEntrysExpiry() {
    ExtendedCache<String, Long> counters = ExtendedCache.of(create(expiringAfterOneMinute(String.class, Long.class)));
    counters.incr("fresh");
    assertThat(remaining(counters, "fresh")).isBetween(Duration.ofSeconds(50), Duration.ofMinutes(1));
    counters.put("long", 1L, Duration.ofHours(1));
    counters.incr("long");
    assertThat(remaining(counters, "long")).isBetween(Duration.ofMinutes(59), Duration.ofHours(1));
  }

  @Test
  void incrIsSeenByListenersAndTheWriter() {
    List<String> events = new CopyOnWriteArrayList<>();
    RecordingWriter.WRITTEN.clear();
    CairnConfiguration<String, Long> configuration = typed(String.class, Long.class);
    configuration.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new RecordingListener(events)), null, true, true));
    configuration.setWriteThrough(true).setCacheWriterFactory(FactoryBuilder.factoryOf(RecordingWriter.class));
    ExtendedCache<String, Long> counters = ExtendedCache.of(create(configuration));
    counters.incr("n", 2);
    counters.incr("n", 3);
    assertThat(events).containsExactly("CREATED n=2", "UPDATED n=5 (was 2)");
    assertThat(RecordingWriter.WRITTEN).containsExactly("n=2", "n=5");
  }

  @Test
  void extensionWritesAndRemovalsAreCountedInStatistics() {
    CairnConfiguration<String, Long> configuration = typed(String.class, Long.class);
    configuration.setStatisticsEnabled(true);
    Cache<String, Long> raw = create(configuration);
    ExtendedCache<String, Long> cache = ExtendedCache.of(raw);
    CacheStatistics statistics = raw.unwrap(CairnCache.class).statistics();
    cache.incr("a");
    cache.incr("a");
    cache.put("b", 1L, Duration.ofMinutes(1));
    cache.setMany(Map.of("c", 1L, "d", 2L), null);
    assertThat(statistics.getCachePuts()).isEqualTo(5);
    assertThat(cache.invalidate("[ab]")).isEqualTo(2);
    assertThat(cache.deleteMany(List.of("c", "x"))).isEqualTo(1);
    assertThat(statistics.getCacheRemovals()).isEqualTo(3);
    assertThat(cache.getMany(List.of("d", "y")).missing()).containsExactly("y");
    assertThat(statistics.getCacheHits()).isEqualTo(1);
    assertThat(statistics.getCacheMisses()).isEqualTo(1);
  }

  // ---- per-entry time to live ----

  @Test
  void perEntryTtlOverridesThePolicyForThatWriteOnly() {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(expiringAfterOneMinute(String.class, String.class)));
    cache.put("own", "v", Duration.ofHours(2));
    cache.put("policy", "v");
    assertThat(remaining(cache, "own")).isBetween(Duration.ofMinutes(119), Duration.ofHours(2));
    assertThat(remaining(cache, "policy")).isBetween(Duration.ofSeconds(50), Duration.ofMinutes(1));
    cache.put("forever", "v", null);
    assertThat(cache.ttl("forever")).isEqualTo(TimeToLive.ETERNAL);
  }

  @Test
  void zeroTtlCreatesNothingAndRemovesAnExistingEntry() {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    cache.put("k", "v", Duration.ZERO);
    assertThat(cache.has("k")).isFalse();
    cache.put("k", "v");
    cache.put("k", "w", Duration.ZERO);
    assertThat(cache.has("k")).isFalse();
  }

  @Test
  void addOnlyAddsAbsentKeys() {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    assertThat(cache.add("k", "first", Duration.ofMinutes(5))).isTrue();
    assertThat(cache.add("k", "second", Duration.ofHours(5))).isFalse();
    assertThat(cache.get("k")).isEqualTo("first");
    assertThat(remaining(cache, "k")).isLessThanOrEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void touchChangesTheTtlAndSaysWhetherTheKeyExisted() {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    assertThat(cache.touch("missing", Duration.ofMinutes(1))).isFalse();
    assertThat(cache.has("missing")).isFalse();
    cache.put("k", "v");
    assertThat(cache.ttl("k")).isEqualTo(TimeToLive.ETERNAL);
    assertThat(cache.touch("k", Duration.ofMinutes(3))).isTrue();
    assertThat(remaining(cache, "k")).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(3));
    assertThat(cache.touch("k", null)).isTrue();
    assertThat(cache.ttl("k")).isEqualTo(TimeToLive.ETERNAL);
    assertThat(cache.get("k")).isEqualTo("v");
  }

  @Test
  void ttlOfAMissingKeyIsAbsent() {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    assertThat(cache.ttl("nothing")).isEqualTo(TimeToLive.ABSENT);
  }

  // ---- bulk ----

  @Test
  void bulkOperationsReportMissingKeysAndCounts() {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    cache.setMany(Map.of("a", "1", "b", "2", "c", "3"), Duration.ofMinutes(10));
    assertThat(remaining(cache, "b")).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));
    Lookup<String, String> lookup = cache.getMany(List.of("a", "x", "c", "y"));
    assertThat(lookup.found()).containsExactly(Map.entry("a", "1"), Map.entry("c", "3"));
    assertThat(lookup.missing()).containsExactly("x", "y");
    assertThat(lookup.complete()).isFalse();
    assertThat(cache.has("b")).isTrue();
    assertThat(cache.deleteMany(List.of("a", "b", "nope"))).isEqualTo(2);
    assertThat(cache.has("b")).isFalse();
    assertThat(cache.getMany(List.of("c")).complete()).isTrue();
  }

  // ---- get or set ----

  @Test
  void getOrSetComputesOnceAndStoresWithTheTtl() {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    AtomicInteger calls = new AtomicInteger();
    assertThat(cache.getOrSet("k", key -> key + "-" + calls.incrementAndGet(), Duration.ofMinutes(5)))
        .isEqualTo("k-1");
    assertThat(cache.getOrSet("k", key -> key + "-" + calls.incrementAndGet(), Duration.ofMinutes(5)))
        .isEqualTo("k-1");
    assertThat(calls).hasValue(1);
    assertThat(remaining(cache, "k")).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
  }

  @Test
  void aThrowingLoaderStoresNothing() {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    assertThatThrownBy(() -> cache.getOrSet("k", key -> {
      throw new IllegalStateException("backend down");
    }, null)).isInstanceOf(IllegalStateException.class).hasMessage("backend down");
    assertThat(cache.has("k")).isFalse();
    assertThat(cache.getOrSet("k", key -> null, null)).isNull();
    assertThat(cache.has("k")).isFalse();
  }

  @Test
  void fiftyConcurrentCallersOnAColdKeyCallTheLoaderOnce() throws Exception {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    AtomicInteger calls = new AtomicInteger();
    List<String> results = new CopyOnWriteArrayList<>();
    runConcurrently(50, 1, () -> results.add(cache.getOrSet("cold", key -> {
      calls.incrementAndGet();
      sleep(100);
      return "computed";
    }, Duration.ofMinutes(1))));
    assertThat(calls).hasValue(1);
    assertThat(results).hasSize(50).containsOnly("computed");
  }

  // ---- pattern invalidation ----

  @Test
  void invalidateRemovesExactlyTheMatchingKeysOfThisCache() {
    Cache<String, String> raw = create(String.class, String.class);
    Cache<String, String> neighbour = create(String.class, String.class);
    ExtendedCache<String, String> cache = ExtendedCache.of(raw);
    for (String key : List.of("user:1", "user:2", "user:*", "user", "users:1", "admin:user:1", "a?c", "abc",
        "[x]", "x", "a\\b")) {
      raw.put(key, "v");
      neighbour.put(key, "v");
    }
    assertThat(cache.invalidate("user:*")).isEqualTo(3);
    assertThat(raw.containsKey("user:1")).isFalse();
    assertThat(raw.containsKey("user")).isTrue();
    assertThat(raw.containsKey("users:1")).isTrue();
    assertThat(raw.containsKey("admin:user:1")).isTrue();
    assertThat(cache.invalidate("a\\?c")).isEqualTo(1);
    assertThat(raw.containsKey("abc")).isTrue();
    assertThat(cache.invalidate("\\[x]")).isEqualTo(1);
    assertThat(raw.containsKey("x")).isTrue();
    assertThat(cache.invalidate("a\\\\b")).isEqualTo(1);
    assertThat(cache.invalidate("[ax]*")).isEqualTo(3);
    assertThat(cache.invalidate("nothing*")).isZero();
    assertThat(keys(raw)).containsExactlyInAnyOrder("user", "users:1");
    assertThat(keys(neighbour)).hasSize(11);
  }

  @Test
  void questionMarksAndClassesMatchOneCharacterOfANonAsciiKeyOnEveryStore() {
    Cache<String, String> raw = create(String.class, String.class);
    ExtendedCache<String, String> cache = ExtendedCache.of(raw);
    // "é" is two bytes in UTF-8, "€" three, "😀" four (and two UTF-16 units): Redis's own ? matches one byte
    List<String> keys = List.of("ké", "k€", "kx", "kxy", "k😀", "né", "nx");
    keys.forEach(key -> raw.put(key, "v"));

    assertThat(cache.invalidate("k?")).isEqualTo(3);
    assertThat(keys(raw)).containsExactlyInAnyOrder("kxy", "k😀", "né", "nx");
    assertThat(cache.invalidate("k??")).isEqualTo(2);
    assertThat(cache.async().invalidate("[é]").toCompletableFuture().join()).isZero();
    assertThat(cache.async().invalidate("n[é]").toCompletableFuture().join()).isEqualTo(1);
    assertThat(cache.invalidate("n[^é]")).isEqualTo(1);
    assertThat(keys(raw)).isEmpty();
  }

  @Test
  void invalidateWithListenersSendsRemovedEventsAndCallsTheWriterAsRemoveAllDoes() {
    List<String> events = new CopyOnWriteArrayList<>();
    RecordingWriter.DELETED.clear();
    CairnConfiguration<String, Long> configuration = typed(String.class, Long.class);
    configuration.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new RecordingListener(events)), null, true, true));
    configuration.setWriteThrough(true).setCacheWriterFactory(FactoryBuilder.factoryOf(RecordingWriter.class));
    Cache<String, Long> raw = create(configuration);
    raw.put("t:1", 1L);
    raw.put("t:2", 2L);
    raw.put("u:1", 3L);
    events.clear();
    assertThat(ExtendedCache.of(raw).invalidate("t:*")).isEqualTo(2);
    assertThat(events).containsExactlyInAnyOrder("REMOVED t:1=1", "REMOVED t:2=2");
    assertThat(RecordingWriter.DELETED).containsExactlyInAnyOrder("t:1", "t:2");
  }

  @Test
  void malformedPatternsAreRefused() {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    assertThatThrownBy(() -> cache.invalidate("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.invalidate("a\\")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.invalidate("[ab")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.invalidate(null)).isInstanceOf(NullPointerException.class);
  }

  // ---- versions ----

  @Test
  void versionsAreSeparateKeySpaces() {
    Cache<String, String> raw = create(String.class, String.class);
    ExtendedCache<String, String> cache = ExtendedCache.of(raw);
    assertThat(cache.version()).isZero();
    raw.put("k", "v1");
    ExtendedCache<String, String> v2 = cache.version(2);
    assertThat(v2.get("k")).isNull();
    v2.put("k", "v2");
    assertThat(v2.get("k")).isEqualTo("v2");
    assertThat(raw.get("k")).isEqualTo("v1");
    assertThat(keys(raw)).containsExactly("k");
    assertThat(v2.invalidate("*")).isEqualTo(1);
    assertThat(raw.get("k")).isEqualTo("v1");
  }

  @Test
  void incrVersionMovesTheEntryWithItsTtl() {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    cache.put("k", "v", Duration.ofMinutes(10));
    assertThat(cache.incrVersion("k")).isTrue();
    assertThat(cache.has("k")).isFalse();
    assertThat(cache.version(1).get("k")).isEqualTo("v");
    assertThat(remaining(cache.version(1), "k")).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));
    assertThat(cache.version(1).incrVersion("k")).isTrue();
    assertThat(cache.version(2).get("k")).isEqualTo("v");
    assertThat(cache.incrVersion("missing")).isFalse();
  }

  @Test
  void theConfiguredKeyVersionIsWhatPlainCallsUse() {
    Cache<String, String> raw = create(typed(String.class, String.class).setKeyVersion(3));
    raw.put("k", "v3");
    ExtendedCache<String, String> cache = ExtendedCache.of(raw);
    assertThat(cache.version()).isEqualTo(3);
    assertThat(cache.get("k")).isEqualTo("v3");
    assertThat(cache.version(0).get("k")).isNull();
    assertThatThrownBy(() -> cache.version(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> typed(String.class, String.class).setKeyVersion(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- sets ----

  @Test
  void setsAddRemoveAndReadMembers() {
    ExtendedCache<String, Object> cache = ExtendedCache.of(create(String.class, Object.class));
    CacheSet<String> tags = cache.set("tags");
    assertThat(tags.members()).isEmpty();
    assertThat(tags.size()).isZero();
    assertThat(tags.add("a")).isTrue();
    assertThat(tags.add("a")).isFalse();
    assertThat(tags.addAll(List.of("b", "c", "a"))).isEqualTo(2);
    assertThat(tags.contains("b")).isTrue();
    assertThat(tags.contains("z")).isFalse();
    assertThat(tags.size()).isEqualTo(3);
    assertThat(tags.remove("b")).isTrue();
    assertThat(tags.remove("b")).isFalse();
    assertThat(cache.<String>set("tags").members()).containsExactlyInAnyOrder("a", "c");
    assertThat(cache.<Integer>set("numbers").addAll(List.of(1, 2, 2))).isEqualTo(2);
    assertThat(cache.<Integer>set("numbers").members()).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void aSetLivesBesideTheEntryWithTheSameKey() {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    cache.put("k", "an entry");
    cache.put("other", "another entry");
    CacheSet<String> set = cache.set("k");
    set.addAll(List.of("x", "y"));
    cache.<String>set("only-a-set").add("z");
    assertThat(cache.get("k")).isEqualTo("an entry");
    assertThat(cache.cache().getAll(java.util.Set.of("k", "other", "only-a-set")))
        .isEqualTo(Map.of("k", "an entry", "other", "another entry"));
    assertThat(cache.has("only-a-set")).isFalse();
    assertThat(keys(cache.cache())).containsExactlyInAnyOrder("k", "other");
    assertThat(cache.remove("k")).isTrue();
    assertThat(set.members()).containsExactlyInAnyOrder("x", "y");
    assertThat(cache.version(1).<String>set("k").members()).isEmpty();
  }

  @Test
  void removingTheLastMemberRemovesTheSet() {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    CacheSet<String> set = cache.set("s");
    set.add("only");
    assertThat(set.remove("only")).isTrue();
    assertThat(set.size()).isZero();
    assertThat(set.members()).isEmpty();
    assertThat(set.add("again")).isTrue();
    assertThat(set.members()).containsExactly("again");
  }

  @Test
  void eightThreadsAddingToOneSetEndWithEveryMember() throws Exception {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    CacheSet<String> set = cache.set("crowd");
    AtomicInteger next = new AtomicInteger();
    runConcurrently(8, 250, () -> set.add("m" + next.getAndIncrement()));
    AtomicInteger readded = new AtomicInteger();
    runConcurrently(8, 50, () -> {
      if (!set.add("m" + (next.getAndIncrement() % 2_000))) {
        readded.incrementAndGet();
      }
    });
    assertThat(readded).hasValue(400);
    assertThat(set.size()).isEqualTo(2_000);
    assertThat(set.members()).hasSize(2_000).contains("m0", "m1999");
  }

  @Test
  void clearRemovesSetsAndRemoveAllDoesNot() {
    Cache<String, String> raw = create(String.class, String.class);
    ExtendedCache<String, String> cache = ExtendedCache.of(raw);
    cache.put("k", "v");
    cache.set("s").add("member");
    raw.removeAll();
    assertThat(raw.containsKey("k")).isFalse();
    assertThat(cache.set("s").members()).containsExactly("member");
    cache.put("k", "v");
    raw.clear();
    assertThat(raw.containsKey("k")).isFalse();
    assertThat(cache.set("s").members()).isEmpty();
    assertThat(cache.set("s").add("member")).isTrue();
  }

  @Test
  void destroyCacheRemovesItsSets() {
    String name = "sets-" + NAMES.incrementAndGet();
    ExtendedCache<String, String> cache = ExtendedCache.of(manager.createCache(name, typed(String.class, String.class)));
    cache.set("s").add("member");
    cache.version(2).set("s").add("member");
    manager.destroyCache(name);
    ExtendedCache<String, String> again = ExtendedCache.of(manager.createCache(name, typed(String.class, String.class)));
    assertThat(again.set("s").members()).isEmpty();
    assertThat(again.version(2).set("s").members()).isEmpty();
  }

  @Test
  void setMembersMustBeValuesOfTheCache() {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    @SuppressWarnings({"unchecked", "rawtypes"})
    CacheSet<Object> untyped = (CacheSet) cache.set("s");
    assertThatThrownBy(() -> untyped.add(42)).isInstanceOf(ClassCastException.class);
    assertThatThrownBy(() -> untyped.addAll(List.of("fine", 42))).isInstanceOf(ClassCastException.class);
    assertThatThrownBy(() -> untyped.add(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.set(null)).isInstanceOf(NullPointerException.class);
    assertThat(untyped.members()).isEmpty();
  }

  // ---- health, timeouts, async, interceptors ----

  @Test
  void pingAnswersWithARoundTripTime() {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    assertThat(cache.ping()).isPositive().isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aSlowOperationTimesOut() {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class))
        .withTimeout(Duration.ofMillis(100));
    assertThatThrownBy(() -> cache.getOrSet("slow", key -> {
      sleep(2_000);
      return "late";
    }, null)).isInstanceOf(CacheException.class).hasCauseInstanceOf(TimeoutException.class);
    // the cache stays usable after a timeout (with room for a loaded machine: getOrSet is several round trips)
    assertThat(cache.withTimeout(Duration.ofSeconds(10)).getOrSet("fast", key -> "quick", null)).isEqualTo("quick");
  }

  @Test
  void theAsyncViewCompletesWithResultsAndFailures() throws Exception {
    AsyncExtendedCache<String, Long> async = ExtendedCache.of(create(String.class, Long.class)).async();
    assertThat(async.incr("n", 5).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(5);
    assertThat(async.get("n").toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(5L);
    async.put("m", 1L, Duration.ofMinutes(1)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(async.getMany(List.of("m", "x")).toCompletableFuture().get(5, TimeUnit.SECONDS).missing())
        .containsExactly("x");
    assertThat(async.invalidate("*").toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(2);
    assertThatThrownBy(() -> async.get(null).toCompletableFuture().join())
        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(NullPointerException.class);
  }

  @Test
  void theAsyncViewDoesWhatTheSyncViewDoes() throws Exception {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    AsyncExtendedCache<String, String> async = cache.async();
    async.setMany(Map.of("a", "1", "b", "2"), Duration.ofMinutes(1)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(async.touch("a", null).toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(async.ttl("a").toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(TimeToLive.ETERNAL);
    assertThat(async.ttl("b").toCompletableFuture().get(5, TimeUnit.SECONDS)).isInstanceOf(TimeToLive.Expiring.class);
    assertThat(async.deleteMany(List.of("a", "x")).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(async.ping().toCompletableFuture().get(5, TimeUnit.SECONDS)).isLessThan(Duration.ofSeconds(5));

    AtomicInteger loads = new AtomicInteger();
    List<java.util.concurrent.CompletableFuture<String>> callers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      callers.add(async.getOrSet("cold", key -> {
        loads.incrementAndGet();
        sleep(200);
        return "computed";
      }, Duration.ofMinutes(1)).toCompletableFuture());
    }
    for (java.util.concurrent.CompletableFuture<String> caller : callers) {
      assertThat(caller.get(10, TimeUnit.SECONDS)).isEqualTo("computed");
    }
    assertThat(loads).hasValue(1);
    assertThat(cache.get("cold")).isEqualTo("computed");
    assertThatThrownBy(() -> async.getOrSet("boom", key -> {
      throw new IllegalStateException("loader failed");
    }, null).toCompletableFuture().join()).hasCauseInstanceOf(IllegalStateException.class);
    assertThat(cache.has("boom")).isFalse();

    AsyncCacheSet<String> set = async.set("s");
    assertThat(set.addAll(List.of("x", "y")).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(set.add("x").toCompletableFuture().get(5, TimeUnit.SECONDS)).isFalse();
    assertThat(set.contains("y").toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(set.remove("y").toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(set.size().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(set.members().toCompletableFuture().get(5, TimeUnit.SECONDS)).containsExactly("x");
    @SuppressWarnings({"unchecked", "rawtypes"})
    AsyncCacheSet<Object> untyped = (AsyncCacheSet) set;
    assertThatThrownBy(() -> untyped.add(42).toCompletableFuture().join())
        .hasCauseInstanceOf(ClassCastException.class);
  }

  @Test
  void interceptorsSeeEveryOperationAndTheirFailuresDoNotBreakIt() {
    List<String> seen = new CopyOnWriteArrayList<>();
    Interceptor recording = new Interceptor() {
      @Override
      public void before(Invocation invocation) {
        seen.add("before " + invocation.operation() + " " + invocation.key());
      }

      @Override
      public void after(Invocation invocation, Outcome outcome) {
        seen.add("after " + invocation.operation() + " " + (outcome.succeeded() ? "ok"
            : outcome.failure().getClass().getSimpleName()));
        assertThat(outcome.duration().isNegative()).isFalse();
      }
    };
    Interceptor broken = new Interceptor() {
      @Override
      public void before(Invocation invocation) {
        throw new IllegalStateException("broken metrics");
      }

      @Override
      public void after(Invocation invocation, Outcome outcome) {
        throw new IllegalStateException("broken metrics");
      }
    };
    CairnConfiguration<String, Long> configuration = typed(String.class, Long.class);
    configuration.addExtension(FactoryBuilder.factoryOf(new ConfiguredInterceptor(seen)));
    ExtendedCache<String, Long> cache = ExtendedCache.of(create(configuration))
        .withInterceptor(recording).withInterceptor(broken);
    assertThat(cache.incr("n", 2)).isEqualTo(2);
    assertThatThrownBy(() -> cache.put("n", 1L, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThat(seen).containsExactly(
        "configured before incr", "before incr n", "after incr ok", "configured after incr",
        "configured before put", "before put n", "after put IllegalArgumentException", "configured after put");
  }

  // ---- bad input and closed caches ----

  @Test
  void badInputIsRefusedBeforeAnySideEffect() {
    ExtendedCache<String, String> cache = ExtendedCache.of(create(String.class, String.class));
    assertThatThrownBy(() -> cache.put(null, "v", Duration.ofMinutes(1))).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.put("k", null, Duration.ofMinutes(1))).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.put("k", "v", Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.add("k", "v", Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.touch("k", Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.getOrSet("k", key -> "v", Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.setMany(Map.of("a", "1"), Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.incr(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.getMany(java.util.Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.getOrSet("k", null, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.withTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThat(cache.has("k")).isFalse();
    assertThat(cache.has("a")).isFalse();

    @SuppressWarnings({"unchecked", "rawtypes"})
    ExtendedCache<String, Object> untyped = (ExtendedCache) cache;
    assertThatThrownBy(() -> untyped.put("k", 42, null)).isInstanceOf(ClassCastException.class);
    assertThatThrownBy(() -> untyped.getOrSet("k", key -> 42, null)).isInstanceOf(ClassCastException.class);
    assertThat(cache.has("k")).isFalse();
  }

  @Test
  void aClosedCacheRefusesEveryOperation() {
    Cache<String, Long> raw = create(String.class, Long.class);
    ExtendedCache<String, Long> cache = ExtendedCache.of(raw);
    raw.close();
    assertThatThrownBy(() -> cache.incr("n")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cache.ttl("n")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cache.invalidate("*")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(cache::ping).isInstanceOf(IllegalStateException.class);
  }

  // ---- helpers ----

  protected static Duration remaining(ExtendedCache<String, ?> cache, String key) {
    TimeToLive ttl = cache.ttl(key);
    assertThat(ttl).isInstanceOf(TimeToLive.Expiring.class);
    return ((TimeToLive.Expiring) ttl).remaining();
  }

  protected static List<String> keys(Cache<String, ?> cache) {
    List<String> keys = new ArrayList<>();
    cache.forEach(entry -> keys.add(entry.getKey()));
    return keys;
  }

  /** Runs {@code times} calls of {@code body} on each of {@code threads} threads, all released at once. */
  protected static void runConcurrently(int threads, int times, Runnable body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < times; i++) {
            body.run();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  protected static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Records entry events as text. */
  public static final class RecordingListener implements CacheEntryCreatedListener<Object, Object>,
      CacheEntryUpdatedListener<Object, Object>, CacheEntryRemovedListener<Object, Object>, java.io.Serializable {

    private static final long serialVersionUID = 1L;
    private final transient List<String> events;

    RecordingListener(List<String> events) {
      this.events = events;
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<?, ?>> batch) {
      record(batch);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<?, ?>> batch) {
      record(batch);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<?, ?>> batch) {
      record(batch);
    }

    private void record(Iterable<CacheEntryEvent<?, ?>> batch) {
      for (CacheEntryEvent<?, ?> event : batch) {
        String text = event.getEventType() + " " + event.getKey() + "="
            + (event.getEventType() == EventType.REMOVED ? event.getOldValue() : event.getValue());
        if (event.getEventType() == EventType.UPDATED) {
          text += " (was " + event.getOldValue() + ")";
        }
        events.add(text);
      }
    }
  }

  /** Records what the cache writes through, in static lists (the cache creates it from its class). */
  public static final class RecordingWriter implements CacheWriter<String, Long> {

    static final List<String> WRITTEN = new CopyOnWriteArrayList<>();
    static final List<String> DELETED = new CopyOnWriteArrayList<>();

    @Override
    public void write(Cache.Entry<? extends String, ? extends Long> entry) {
      WRITTEN.add(entry.getKey() + "=" + entry.getValue());
    }

    @Override
    public void writeAll(java.util.Collection<Cache.Entry<? extends String, ? extends Long>> entries) {
      entries.forEach(this::write);
    }

    @Override
    public void delete(Object key) {
      DELETED.add(String.valueOf(key));
    }

    @Override
    public void deleteAll(java.util.Collection<?> keys) {
      keys.forEach(this::delete);
    }
  }

  /** An interceptor registered through the cache's configuration. */
  static final class ConfiguredInterceptor implements Interceptor, java.io.Serializable {

    private static final long serialVersionUID = 1L;
    private final transient List<String> seen;

    ConfiguredInterceptor(List<String> seen) {
      this.seen = seen;
    }

    @Override
    public void before(Invocation invocation) {
      seen.add("configured before " + invocation.operation());
    }

    @Override
    public void after(Invocation invocation, Outcome outcome) {
      seen.add("configured after " + invocation.operation());
    }
  }
}
