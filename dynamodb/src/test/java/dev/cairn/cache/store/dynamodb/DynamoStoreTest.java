package dev.cairn.cache.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.CairnCachingProvider;
import dev.cairn.cache.codec.Codecs;
import dev.cairn.cache.expiry.ManualClock;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.CounterCapability;
import dev.cairn.cache.store.LeaseCapability;
import dev.cairn.cache.store.LeaseCapability.Purpose;
import dev.cairn.cache.store.PatternCapability;
import dev.cairn.cache.store.PingCapability;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreListener;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.TtlCapability;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the DynamoDB store does beyond the contract: its URI, expiry by the store's clock, the item size limit,
 * its native capabilities (counters on {@code ADD}, leases, pattern removal, ping) and the registry across managers.
 */
class DynamoStoreTest {

  @RegisterExtension
  static final DynaliteServerExtension server = new DynaliteServerExtension();

  private static StoreBackend backend(String prefix) {
    return new DynamoStoreProvider().open(server.uri("prefix=" + prefix), new Properties(),
        DynamoStoreTest.class.getClassLoader());
  }

  private static <V> Store<String, V> open(StoreBackend backend, Class<V> valueType, ManualClock clock) {
    ClassLoader loader = DynamoStoreTest.class.getClassLoader();
    return backend.open(new StoreSettings<>("c", Codecs.forType(String.class, loader),
        Codecs.forType(valueType, loader), 0, clock, StoreListener.none(), true));
  }

  private static void assertRejected(String uri, String message) {
    assertThatThrownBy(() -> new DynamoStoreProvider().open(URI.create(uri), new Properties(),
        DynamoStoreTest.class.getClassLoader())).isInstanceOf(CacheException.class).hasMessageContaining(message);
  }

  @Test
  void badUrisAreRejectedWithWhatIsExpected() {
    assertRejected(server.uri("tiemout=5s").toString(),
        "unknown parameter 'tiemout'; known parameters: region, endpoint, timeout");
    assertRejected("dynamodb://a?endpoint=http://127.0.0.1:1", "'a' is not a table name");
    assertRejected("dynamodb://tab!e", "not a table name");
    assertRejected("dynamodb://table/path?endpoint=http://127.0.0.1:1", "a path means nothing here");
    assertRejected("dynamodb://table?endpoint=127.0.0.1:4567", "endpoint must be an http or https URL");
    assertRejected("dynamodb://table?endpoint=http://127.0.0.1:1&timeout=500", "timeout must be a positive duration");
    assertRejected("dynamodb://table?endpoint=http://127.0.0.1:1&codec=xml", "codec must be java or json");
    assertRejected("dynamodb://table?endpoint=http://127.0.0.1:1&createTable=yes", "createTable must be true or false");
    assertRejected("dynamodb://table?endpoint=http://127.0.0.1:1&prefix=a:b", "prefix must be non-empty");
    assertRejected("dynamodb://table?endpoint=http://127.0.0.1:1&region=", "region is empty");
  }

  @Test
  void aMissingTableIsCreatedOnlyWhenAllowed() {
    URI uri = URI.create("dynamodb://absent-table?endpoint=" + server.server().endpoint() + "&createTable=false");
    assertRejected(uri.toString(), "DynamoDB table absent-table at " + server.server().endpoint() + " does not exist");
    try (StoreBackend created = new DynamoStoreProvider().open(
        URI.create("dynamodb://created-table?endpoint=" + server.server().endpoint()), new Properties(),
        getClass().getClassLoader())) {
      Store<String, String> store = open(created, String.class, new ManualClock());
      store.write("k", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
      assertThat(store.get("k", Ttl.UNCHANGED)).isEqualTo("v");
    }
  }

  @Test
  void expiryIsExactToTheMillisecondByTheStoresClock() {
    ManualClock clock = new ManualClock();
    try (StoreBackend backend = backend("expiry")) {
      Store<String, String> store = open(backend, String.class, clock);
      store.write("short", "v", Condition.ANY, 1500, Ttl.UNCHANGED, false);
      store.write("eternal", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
      TtlCapability<String> ttl = store.capability(TtlCapability.class);
      clock.advance(Duration.ofMillis(1499));
      assertThat(ttl.remainingTtl("short")).isEqualTo(1L);
      assertThat(ttl.remainingTtl("eternal")).isEqualTo(Ttl.ETERNAL);
      assertThat(store.containsKey("short")).isTrue();
      clock.advance(Duration.ofMillis(1));
      assertThat(store.get("short", Ttl.UNCHANGED)).isNull();
      assertThat(store.containsKey("short")).isFalse();
      assertThat(ttl.remainingTtl("short")).isEqualTo(TtlCapability.ABSENT);
      assertThat(store.keys()).toIterable().containsExactly("eternal");
      // the dead item is still in the table (DynamoDB's TTL deletes late): a create treats it as absent
      assertThat(store.write("short", "again", Condition.ABSENT, 1000, Ttl.UNCHANGED, false).applied()).isTrue();
      assertThat(store.get("short", 5000)).isEqualTo("again");
      clock.advance(Duration.ofMillis(4999));
      assertThat(store.get("short", Ttl.UNCHANGED)).isEqualTo("again");
      store.clear();
    }
  }

  @Test
  void anItemNotWrittenByCairnIsAnUnreadableMissThatAWriteReplaces() {
    try (StoreBackend backend = backend("foreign");
        DynamoClient raw = new DynamoClient(DynamoLocation.parse(server.uri("")))) {
      Store<String, String> store = open(backend, String.class, new ManualClock());
      Map<String, AttributeValue> item = new HashMap<>(new KeySpace("foreign", "c", 0)
          .entry("k".getBytes(StandardCharsets.UTF_8)));
      item.put("v", AttributeValue.fromS("another program's string"));
      raw.sdk().putItem(b -> b.tableName(DynaliteServer.TABLE).item(item));
      assertThat(store.get("k", Ttl.UNCHANGED)).isNull();
      assertThat(store.containsKey("k")).isFalse();
      assertThat(store.unreadableEntries()).isEqualTo(1);
      assertThat(store.write("k", "mine", Condition.ABSENT, Ttl.ETERNAL, Ttl.UNCHANGED, false).applied()).isTrue();
      assertThat(store.get("k", Ttl.UNCHANGED)).isEqualTo("mine");
      store.clear();
    }
  }

  @Test
  void aValueOverTheItemSizeLimitFailsAtPutWithAClearMessage() {
    try (CairnCachingProvider provider = new CairnCachingProvider()) {
      CacheManager manager = provider.getCacheManager(server.uri("prefix=big"), getClass().getClassLoader());
      Cache<String, byte[]> cache = manager.createCache("big",
          new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
      cache.put("fits", new byte[300 * 1024]);
      assertThat(cache.get("fits")).hasSize(300 * 1024);
      assertThatThrownBy(() -> cache.put("k", new byte[500 * 1024])).isInstanceOf(CacheException.class)
          .hasMessageContaining("over DynamoDB's item size limit of 400 KB");
      assertThat(cache.containsKey("k")).isFalse();
      Map<String, byte[]> many = new LinkedHashMap<>();
      many.put("a", new byte[10]);
      many.put("b", new byte[401 * 1024]);
      assertThatThrownBy(() -> cache.putAll(many)).isInstanceOf(CacheException.class)
          .hasMessageContaining("item size limit");
      assertThat(cache.containsKey("a")).isFalse();
      manager.destroyCache("big");
    }
  }

  @Test
  void countersAddOnTheServerAndFallBackToCompareAndSet() {
    try (StoreBackend backend = backend("counters")) {
      ManualClock clock = new ManualClock();
      Store<String, Long> store = open(backend, Long.class, clock);
      CounterCapability<String> counter = store.capability(CounterCapability.class);
      assertThat(counter.add("n", 1, Ttl.ETERNAL)).isEqualTo(1);
      assertThat(counter.add("n", 41, Ttl.ETERNAL)).isEqualTo(42);
      assertThat(counter.add("n", -50, Ttl.ETERNAL)).isEqualTo(-8);
      assertThat(store.get("n", Ttl.UNCHANGED)).isEqualTo(-8L);
      assertThatThrownBy(() -> counter.add("n", Long.MIN_VALUE, Ttl.ETERNAL))
          .isInstanceOf(ArithmeticException.class).hasMessageContaining("overflow");
      assertThat(store.get("n", Ttl.UNCHANGED)).isEqualTo(-8L);
      assertThat(counter.add("t", 2, 1000)).isEqualTo(2);
      clock.advance(Duration.ofMillis(600));
      assertThat(counter.add("t", 3, 1000)).isEqualTo(5);
      assertThat(store.capability(TtlCapability.class).remainingTtl("t")).isEqualTo(400L);
      clock.advance(Duration.ofMillis(400));
      assertThat(counter.add("t", 7, 1000)).isEqualTo(7);
      Store<String, Double> doubles = backend.open(new StoreSettings<>("d",
          Codecs.forType(String.class, getClass().getClassLoader()),
          Codecs.forType(Double.class, getClass().getClassLoader()), 0, clock, StoreListener.none(), true));
      CounterCapability<String> sum = doubles.capability(CounterCapability.class);
      assertThat(sum.add("x", 1.5, Ttl.ETERNAL)).isEqualTo(1.5);
      assertThat(sum.add("x", 2.25, Ttl.ETERNAL)).isEqualTo(3.75);
      assertThatThrownBy(() -> sum.add("x", 1L, Ttl.ETERNAL)).isInstanceOf(ClassCastException.class)
          .hasMessageContaining("not a Long");
      assertThat(open(backend, String.class, clock).capability(CounterCapability.class)).isNull();
      store.clear();
      doubles.clear();
    }
  }

  @Test
  void aLeaseHasOneHolderUntilReleasedOrEnded() {
    ManualClock clock = new ManualClock();
    try (StoreBackend backend = backend("leases")) {
      Store<String, String> store = open(backend, String.class, clock);
      LeaseCapability<String> leases = store.capability(LeaseCapability.class);
      assertThat(leases.tryLease(Purpose.COMPUTE, "k", "a", 1000)).isTrue();
      assertThat(leases.tryLease(Purpose.COMPUTE, "k", "b", 1000)).isFalse();
      assertThat(leases.tryLease(Purpose.WRITE, "k", "b", 1000)).isTrue();
      assertThat(leases.leaseHolder(Purpose.COMPUTE, "k")).isEqualTo("a");
      leases.releaseLease(Purpose.COMPUTE, "k", "b");
      assertThat(leases.leaseHolder(Purpose.COMPUTE, "k")).isEqualTo("a");
      clock.advance(Duration.ofMillis(1000));
      assertThat(leases.leaseHolder(Purpose.COMPUTE, "k")).isNull();
      assertThat(leases.tryLease(Purpose.COMPUTE, "k", "b", 1000)).isTrue();
      leases.releaseLease(Purpose.COMPUTE, "k", "b");
      assertThat(leases.tryLease(Purpose.COMPUTE, "k", "c", 1000)).isTrue();
      assertThat(store.keys().hasNext()).isFalse();
    }
  }

  @Test
  void patternRemovalTakesOnlyMatchingKeysOfThisCache() {
    try (StoreBackend backend = backend("pattern")) {
      ManualClock clock = new ManualClock();
      Store<String, String> store = open(backend, String.class, clock);
      Store<String, String> other = backend.open(new StoreSettings<>("other",
          Codecs.forType(String.class, getClass().getClassLoader()),
          Codecs.forType(String.class, getClass().getClassLoader()), 0, clock, StoreListener.none(), true));
      for (String key : new String[] {"user:1", "user:2", "order:1", "user:ä"}) {
        store.write(key, "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
      }
      other.write("user:1", "theirs", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
      assertThat(store.capability(PatternCapability.class).removeMatching("user:?")).isEqualTo(3);
      Set<String> left = new HashSet<>();
      store.keys().forEachRemaining(left::add);
      assertThat(left).containsExactly("order:1");
      assertThat(other.get("user:1", Ttl.UNCHANGED)).isEqualTo("theirs");
      assertThat(store.capability(PingCapability.class).ping()).isPositive();
      store.clear();
      other.clear();
    }
  }

  @Test
  void aCacheCreatedByOneManagerIsFoundByAnotherUntilDestroyed() throws InterruptedException {
    try (CairnCachingProvider first = new CairnCachingProvider();
        CairnCachingProvider second = new CairnCachingProvider()) {
      URI uri = server.uri("prefix=registry");
      CacheManager one = first.getCacheManager(uri, getClass().getClassLoader());
      CacheManager two = second.getCacheManager(uri, getClass().getClassLoader());
      Cache<String, String> created = one.createCache("shared",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      created.put("k", "v");
      assertThat(two.getCacheNames()).contains("shared");
      assertThat(two.getCache("shared", String.class, String.class).get("k")).isEqualTo("v");
      one.destroyCache("shared");
      // the other manager's open handle is checked against the registry about once a second
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (two.getCache("shared") != null && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(two.getCache("shared")).isNull();
      assertThat(two.getCacheNames()).doesNotContain("shared");
    }
  }
}
