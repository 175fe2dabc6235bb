package dev.cairn.cache.store.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.codec.Codecs;
import dev.cairn.cache.expiry.ManualClock;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreException;
import dev.cairn.cache.store.StoreUnavailableException;
import dev.cairn.cache.store.StoreListener;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.TtlCapability;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the memcached store adds to the contract: its URI, millisecond expiry, foreign items, outages, two servers. */
class MemcachedStoreTest {

  @RegisterExtension
  static final MemcachedServerExtension server = new MemcachedServerExtension();

  private static StoreBackend backend(URI uri) {
    return new MemcachedStoreProvider().open(uri, new Properties(), MemcachedStoreTest.class.getClassLoader());
  }

  private static Store<String, String> open(StoreBackend backend, String cacheName, ManualClock clock) {
    ClassLoader loader = MemcachedStoreTest.class.getClassLoader();
    return backend.open(new StoreSettings<>(cacheName, Codecs.forType(String.class, loader),
        Codecs.forType(String.class, loader), 0, clock, StoreListener.none(), true));
  }

  private static MemcachedStore<String, String> direct(MetaClient client, String prefix, ManualClock clock) {
    ClassLoader loader = MemcachedStoreTest.class.getClassLoader();
    return new MemcachedStore<>(client, new KeySpace(prefix, "c", 0), new StoreSettings<>("c",
        Codecs.forType(String.class, loader), Codecs.forType(String.class, loader), 0, clock, StoreListener.none(),
        true));
  }

  private static Map<String, String> entries(int from, int to, String value) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = from; i < to; i++) {
      entries.put("k" + i, value + i);
    }
    return entries;
  }

  @Test
  void putAllIsThreeRoundTripsAndKeepsTheTtlRulesOfEachWrite() {
    ManualClock clock = new ManualClock();
    try (MetaClient client = new MetaClient(MemcachedLocation.parse(server.uri("")))) {
      MemcachedStore<String, String> store = direct(client, "bulk", clock);
      long before = client.exchanges();
      // creates every bucket of the key index: one more round trip
      store.putAll(entries(1_000, 1_300, "other"), 10_000, Ttl.UNCHANGED);
      assertThat(client.exchanges() - before).isEqualTo(4);
      store.putAll(entries(0, 50, "old"), 10_000, Ttl.UNCHANGED);
      before = client.exchanges();
      // 50 replaced (their deadline kept), 150 created with the time to live for new entries
      store.putAll(entries(0, 200, "new"), 5_000, Ttl.UNCHANGED);
      assertThat(client.exchanges() - before).as("read, writes, index appends").isEqualTo(3);
      assertThat(store.getAll(entries(0, 200, "").keySet())).isEqualTo(entries(0, 200, "new"));
      Set<String> iterated = new HashSet<>();
      store.keys().forEachRemaining(iterated::add);
      assertThat(iterated).containsAll(entries(0, 200, "").keySet()).hasSize(500);
      clock.advance(Duration.ofMillis(5_000));
      assertThat(store.getAll(entries(0, 200, "").keySet())).isEqualTo(entries(0, 50, "new"));
      // a time to live of 0 for replaced entries removes them, and creates nothing where the other one is 0
      store.putAll(entries(40, 60, "gone"), 0, 0);
      assertThat(store.getAll(entries(0, 200, "").keySet())).isEqualTo(entries(0, 40, "new"));
      // nothing to write: no round trip at all
      before = client.exchanges();
      store.putAll(Map.of(), Ttl.ETERNAL, Ttl.ETERNAL);
      assertThat(client.exchanges()).isEqualTo(before);
    }
  }

  @Test
  void keysThatDifferInACounterSpreadOverTheIndexBuckets() {
    int[] perBucket = new int[KeyIndex.BUCKETS];
    for (int i = 0; i < 3_200; i++) {
      perBucket[KeyIndex.bucketOf(("k" + i).getBytes(StandardCharsets.UTF_8))]++;
    }
    // 100 each on average: no bucket empty or holding several times its share
    assertThat(Arrays.stream(perBucket).min().orElseThrow()).isGreaterThanOrEqualTo(50);
    assertThat(Arrays.stream(perBucket).max().orElseThrow()).isLessThanOrEqualTo(150);
  }

  @Test
  void aPutAllThatFailsHalfWayLeavesNoEntryOutsideTheIndex() {
    try (MetaClient client = new MetaClient(MemcachedLocation.parse(server.uri("")))) {
      MemcachedStore<String, String> store = direct(client, "halfway", new ManualClock());
      Map<String, String> entries = new LinkedHashMap<>();
      entries.put("before", "small");
      entries.put("big", "x".repeat(2 << 20)); // over memcached's 1 MiB item size: its ms fails on the server
      entries.put("after", "small");
      assertThatThrownBy(() -> store.putAll(entries, Ttl.ETERNAL, Ttl.ETERNAL))
          .isInstanceOf(StoreException.class).hasMessageContaining("too large");
      // whatever the server applied of the batch is listed: iteration sees it and clear removes it
      Map<String, String> stored = store.getAll(entries.keySet());
      assertThat(stored).containsEntry("before", "small").doesNotContainKey("big");
      Set<String> iterated = new HashSet<>();
      store.keys().forEachRemaining(iterated::add);
      assertThat(iterated).isEqualTo(stored.keySet());
      store.clear();
      assertThat(store.getAll(entries.keySet())).isEmpty();
    }
  }

  @Test
  void aManyKeyCallAcrossServersFailsNamingTheServerThatIsDownAndRecovers() {
    MemcachedServer second = MemcachedServer.start();
    URI both = URI.create("memcached://" + server.server().address() + "," + second.address()
        + "?prefix=spread&timeout=500ms");
    try (MetaClient client = new MetaClient(MemcachedLocation.parse(both))) {
      MemcachedStore<String, String> store = direct(client, "spread", new ManualClock());
      store.putAll(entries(0, 300, "v"), Ttl.ETERNAL, Ttl.ETERNAL);
      assertThat(store.getAll(entries(0, 300, "").keySet())).isEqualTo(entries(0, 300, "v"));
      second.stop();
      assertThatThrownBy(() -> store.getAll(entries(0, 300, "").keySet()))
          .isInstanceOf(StoreUnavailableException.class).hasMessageContaining(second.address());
      assertThatThrownBy(() -> store.putAll(entries(0, 300, "w"), Ttl.ETERNAL, Ttl.ETERNAL))
          .isInstanceOf(StoreUnavailableException.class).hasMessageContaining(second.address());
      second.restart();
      // the restarted server lost its share; the other kept it, and both serve the same client again
      Map<String, String> kept = store.getAll(entries(0, 300, "").keySet());
      assertThat(kept).isNotEmpty().hasSizeLessThan(300);
      assertThat(kept).allSatisfy((key, value) -> assertThat(value).isEqualTo("v" + key.substring(1)));
      store.putAll(entries(0, 300, "x"), Ttl.ETERNAL, Ttl.ETERNAL);
      assertThat(store.getAll(entries(0, 300, "").keySet())).isEqualTo(entries(0, 300, "x"));
    } finally {
      second.close();
    }
  }

  @Test
  void putAllOfMoreEntriesThanOneBatchOnTwoServersWritesThemAll() {
    MemcachedServer second = MemcachedServer.start();
    URI both = URI.create("memcached://" + server.server().address() + "," + second.address() + "?prefix=batches");
    try (MetaClient client = new MetaClient(MemcachedLocation.parse(both))) {
      MemcachedStore<String, String> store = direct(client, "batches", new ManualClock());
      store.write("k7", "old", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
      store.putAll(entries(0, 1_500, "v"), Ttl.ETERNAL, Ttl.ETERNAL);
      assertThat(store.getAll(entries(0, 1_500, "").keySet())).isEqualTo(entries(0, 1_500, "v"));
      Set<String> iterated = new HashSet<>();
      store.keys().forEachRemaining(iterated::add);
      assertThat(iterated).isEqualTo(entries(0, 1_500, "").keySet());
      store.clear();
      assertThat(store.getAll(entries(0, 1_500, "").keySet())).isEmpty();
    } finally {
      second.close();
    }
  }

  @Test
  void unknownParametersAreRejectedWithTheKnownOnes() {
    assertThatThrownBy(() -> MemcachedLocation.parse(URI.create("memcached://127.0.0.1:1?tiemout=1s")))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("unknown parameter 'tiemout'")
        .hasMessageContaining("timeout, connectTimeout, prefix, codec");
    assertThatThrownBy(() -> MemcachedLocation.parse(URI.create("memcached://127.0.0.1?prefix=a")))
        .hasMessageContaining("must be host:port");
    assertThatThrownBy(() -> MemcachedLocation.parse(URI.create("memcached://127.0.0.1:1?codec=xml")))
        .hasMessageContaining("codec must be java or json");
    MemcachedLocation parsed = MemcachedLocation.parse(
        URI.create("memcached://a:1,b:2?timeout=300ms&connectTimeout=1s&prefix=app&codec=json"));
    assertThat(parsed.servers()).hasSize(2);
    assertThat(parsed.timeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(parsed.prefix()).isEqualTo("app");
    assertThat(parsed.json()).isTrue();
  }

  @Test
  void expiryIsExactToTheMillisecondByTheStoresClock() {
    ManualClock clock = new ManualClock();
    try (StoreBackend backend = backend(server.uri("prefix=millis"))) {
      Store<String, String> store = open(backend, "c", clock);
      store.write("k", "v", Condition.ANY, 1500, Ttl.UNCHANGED, false);
      clock.advance(Duration.ofMillis(1499));
      assertThat(store.get("k", Ttl.UNCHANGED)).isEqualTo("v");
      assertThat(store.capability(TtlCapability.class).remainingTtl("k")).isEqualTo(1L);
      clock.advance(Duration.ofMillis(1));
      assertThat(store.get("k", Ttl.UNCHANGED)).isNull();
      assertThat(store.containsKey("k")).isFalse();
      assertThat(store.keys().hasNext()).isFalse();
      // an update keeping the expiry keeps the deadline
      store.write("k", "v1", Condition.ANY, 1000, Ttl.UNCHANGED, false);
      clock.advance(Duration.ofMillis(600));
      store.write("k", "v2", Condition.ANY, 1000, Ttl.UNCHANGED, false);
      clock.advance(Duration.ofMillis(400));
      assertThat(store.get("k", Ttl.UNCHANGED)).isNull();
    }
  }

  @Test
  void anItemNotWrittenByCairnIsAnUnreadableMiss() {
    try (StoreBackend backend = backend(server.uri("prefix=foreign"));
        MetaClient raw = new MetaClient(MemcachedLocation.parse(server.uri("")))) {
      Store<String, String> store = open(backend, "c", new ManualClock());
      byte[] item = new KeySpace("foreign", "c", 0).entry("k".getBytes(StandardCharsets.UTF_8));
      raw.set(item, "plain".getBytes(StandardCharsets.UTF_8), 0, 0, 'S', 0);
      assertThat(store.get("k", Ttl.UNCHANGED)).isNull();
      assertThat(store.unreadableEntries()).isEqualTo(1);
      // a write replaces it
      assertThat(store.write("k", "v", Condition.ABSENT, Ttl.ETERNAL, Ttl.UNCHANGED, false).applied()).isTrue();
      assertThat(store.get("k", Ttl.UNCHANGED)).isEqualTo("v");
    }
  }

  @Test
  void keysAroundMemcachedsLengthLimitAreStoredReadAndIterated() {
    try (StoreBackend backend = backend(server.uri("prefix=edge"))) {
      Store<String, String> store = open(backend, "c", new ManualClock());
      // the item key's base64 form crosses memcached's 250 characters somewhere in this range, in one pipeline too
      Map<String, String> entries = new LinkedHashMap<>();
      for (int length = 150; length <= 200; length++) {
        String key = "x".repeat(length);
        store.write(key, "v" + length, Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
        assertThat(store.get(key, Ttl.UNCHANGED)).isEqualTo("v" + length);
        entries.put(key, "v" + length);
      }
      assertThat(store.getAll(entries.keySet())).isEqualTo(entries);
      store.putAll(entries, Ttl.ETERNAL, Ttl.ETERNAL);
      Set<String> iterated = new HashSet<>();
      store.keys().forEachRemaining(iterated::add);
      assertThat(iterated).isEqualTo(entries.keySet());
    }
  }

  @Test
  void aKeyLongerThanMemcachedAllowsIsStoredAndIterated() {
    try (StoreBackend backend = backend(server.uri("prefix=long"))) {
      Store<String, String> store = open(backend, "c", new ManualClock());
      String key = "x".repeat(1000);
      store.write(key, "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
      assertThat(store.get(key, Ttl.UNCHANGED)).isEqualTo("v");
      assertThat(store.keys().next()).isEqualTo(key);
      store.clear();
      assertThat(store.containsKey(key)).isFalse();
    }
  }

  @Test
  void aServerKilledAndRestartedFailsFastThenRecoversByItself() {
    MemcachedServer own = MemcachedServer.start();
    try (CairnCachingProvider provider = new CairnCachingProvider()) {
      CacheManager manager = provider.getCacheManager(own.uri("timeout=500ms&prefix=outage"),
          getClass().getClassLoader());
      Cache<String, String> cache = manager.createCache("c",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("k", "v");
      own.stop();
      long start = System.nanoTime();
      assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheException.class)
          .hasMessageContaining(own.address());
      assertThatThrownBy(() -> cache.put("k", "w")).isInstanceOf(CacheException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      own.restart();
      // the restarted server is empty; the same manager and cache work again
      assertThat(cache.get("k")).isNull();
      cache.put("k", "w");
      assertThat(cache.get("k")).isEqualTo("w");
    } finally {
      own.close();
    }
  }

  @Test
  void twoServersShareTheKeysByConsistentHashing() {
    MemcachedServer second = MemcachedServer.start();
    URI both = URI.create("memcached://" + server.server().address() + "," + second.address() + "?prefix=ring");
    URI reversed = URI.create("memcached://" + second.address() + "," + server.server().address() + "?prefix=ring");
    try (StoreBackend backend = backend(both); StoreBackend backendReversed = backend(reversed);
        StoreBackend onlyFirst = backend(server.uri("prefix=ring"));
        StoreBackend onlySecond = backend(second.uri("prefix=ring"))) {
      Store<String, String> store = open(backend, "c", new ManualClock());
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < 200; i++) {
        store.write("k" + i, "v" + i, Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
        keys.add("k" + i);
      }
      int onFirst = 0;
      int onSecond = 0;
      Store<String, String> first = open(onlyFirst, "c", new ManualClock());
      Store<String, String> other = open(onlySecond, "c", new ManualClock());
      for (String key : keys) {
        boolean a = first.containsKey(key);
        boolean b = other.containsKey(key);
        assertThat(a ^ b).as("key %s on exactly one server", key).isTrue();
        onFirst += a ? 1 : 0;
        onSecond += b ? 1 : 0;
      }
      assertThat(onFirst).isBetween(40, 160);
      assertThat(onSecond).isEqualTo(200 - onFirst);
      // the ring does not depend on the order the URI lists the servers in
      Store<String, String> sameRing = open(backendReversed, "c", new ManualClock());
      assertThat(sameRing.getAll(keys)).hasSize(200);
      Set<String> iterated = new HashSet<>();
      sameRing.keys().forEachRemaining(iterated::add);
      assertThat(iterated).isEqualTo(keys);
      store.clear();
      assertThat(store.getAll(keys)).isEmpty();
    } finally {
      second.close();
    }
  }
}
