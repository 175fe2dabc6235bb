package dev.cairn.cache.store.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.codec.Codecs;
import dev.cairn.cache.expiry.ManualClock;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.CounterCapability;
import dev.cairn.cache.store.Globs;
import dev.cairn.cache.store.LeaseCapability;
import dev.cairn.cache.store.LeaseCapability.Purpose;
import dev.cairn.cache.store.PatternCapability;
import dev.cairn.cache.store.SetCapability;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreBackend;
import dev.cairn.cache.store.StoreListener;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.Ttl;
import dev.cairn.cache.store.TtlCapability;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The memcached store's native capabilities: counters on {@code ma}, leases, sets, pattern removal. */
class MemcachedCapabilitiesTest {

  @RegisterExtension
  static final MemcachedServerExtension server = new MemcachedServerExtension();

  private static StoreBackend backend(String prefix) {
    return new MemcachedStoreProvider().open(server.uri("prefix=" + prefix), new Properties(),
        MemcachedCapabilitiesTest.class.getClassLoader());
  }

  private static <V> Store<String, V> open(StoreBackend backend, Class<V> valueType, ManualClock clock) {
    ClassLoader loader = MemcachedCapabilitiesTest.class.getClassLoader();
    return backend.open(new StoreSettings<>("c", Codecs.forType(String.class, loader),
        Codecs.forType(valueType, loader), 0, clock, StoreListener.none(), true));
  }

  @Test
  void anEternalCounterAddsOnTheServerWithMa() throws IOException {
    try (StoreBackend backend = backend("ma")) {
      Store<String, Long> store = open(backend, Long.class, new ManualClock());
      CounterCapability<String> counter = store.capability(CounterCapability.class);
      long hits = stat("incr_hits");
      assertThat(counter.add("hits", 1, Ttl.ETERNAL)).isEqualTo(1);
      assertThat(counter.add("hits", 41, Ttl.ETERNAL)).isEqualTo(42);
      assertThat(counter.add("hits", 8, Ttl.ETERNAL)).isEqualTo(50);
      // the first add found nothing to add to and created the entry; the next two were memcached's own
      assertThat(stat("incr_hits") - hits).isEqualTo(2);
      assertThat(store.get("hits", Ttl.UNCHANGED)).isEqualTo(50L);
      assertThat(store.keys()).toIterable().containsExactly("hits");
      // memcached cannot go below zero: a decrement compare-and-sets, and the counter stays a counter
      assertThat(counter.add("hits", -60, Ttl.ETERNAL)).isEqualTo(-10);
      assertThat(counter.add("hits", 15, Ttl.ETERNAL)).isEqualTo(5);
      assertThat(counter.add("hits", 1, Ttl.ETERNAL)).isEqualTo(6);
      assertThat(store.get("hits", Ttl.UNCHANGED)).isEqualTo(6L);
    }
  }

  @Test
  void anOverflowOnTheServerIsUndoneAndTheShorterNumberStillReads() {
    try (StoreBackend backend = backend("overflow")) {
      Store<String, Long> store = open(backend, Long.class, new ManualClock());
      CounterCapability<String> counter = store.capability(CounterCapability.class);
      store.write("n", 5L, Condition.ANY, Ttl.ETERNAL, Ttl.ETERNAL, false);
      assertThatThrownBy(() -> counter.add("n", Long.MAX_VALUE - 2, Ttl.ETERNAL))
          .isInstanceOf(ArithmeticException.class).hasMessageContaining("overflow");
      // memcached pads "5" with spaces after the subtraction in place
      assertThat(store.get("n", Ttl.UNCHANGED)).isEqualTo(5L);
      assertThat(store.write("n", 6L, Condition.valueEquals(5L), Ttl.ETERNAL, Ttl.UNCHANGED, false).applied())
          .isTrue();
      assertThat(counter.add("n", 1, Ttl.ETERNAL)).isEqualTo(7);
    }
  }

  @Test
  void aCounterWithATimeToLiveKeepsItsMillisecondDeadline() throws IOException {
    ManualClock clock = new ManualClock();
    try (StoreBackend backend = backend("ttlcounter")) {
      Store<String, Long> store = open(backend, Long.class, clock);
      CounterCapability<String> counter = store.capability(CounterCapability.class);
      long hits = stat("incr_hits");
      assertThat(counter.add("n", 2, 1500)).isEqualTo(2);
      clock.advance(Duration.ofMillis(1000));
      assertThat(counter.add("n", 3, 1500)).isEqualTo(5);
      assertThat(store.capability(TtlCapability.class).remainingTtl("n")).isEqualTo(500L);
      assertThat(stat("incr_hits")).isEqualTo(hits);
      clock.advance(Duration.ofMillis(500));
      assertThat(store.get("n", Ttl.UNCHANGED)).isNull();
      assertThat(counter.add("n", 1, 0)).isEqualTo(1);
      assertThat(store.containsKey("n")).isFalse();
    }
  }

  @Test
  void aDoubleCounterCompareAndSets() {
    try (StoreBackend backend = backend("double")) {
      Store<String, Double> store = open(backend, Double.class, new ManualClock());
      CounterCapability<String> counter = store.capability(CounterCapability.class);
      assertThat(counter.add("d", 1.5, Ttl.ETERNAL)).isEqualTo(1.5);
      assertThat(counter.add("d", 2.25, Ttl.ETERNAL)).isEqualTo(3.75);
      assertThat(store.get("d", Ttl.UNCHANGED)).isEqualTo(3.75);
    }
  }

  @Test
  void countersNeedNumberValuesAndPatternsStringKeys() {
    try (StoreBackend backend = backend("offered")) {
      ClassLoader loader = getClass().getClassLoader();
      Store<Object, Object> untyped = backend.open(new StoreSettings<>("u", Codecs.forKeys(Object.class, dev.cairn.cache.codec.SerializationRules.of(loader, List.of())),
          Codecs.forType(Object.class, loader), 0, new ManualClock(), StoreListener.none(), true));
      assertThat(untyped.capability(CounterCapability.class)).isNull();
      assertThat(untyped.capability(PatternCapability.class)).isNull();
      assertThat(untyped.capability(LeaseCapability.class)).isNotNull();
      assertThat(untyped.capability(SetCapability.class)).isNotNull();
    }
  }

  @Test
  void aLeaseIsHeldAcrossManagersAndEndsToTheMillisecond() {
    ManualClock clock = new ManualClock();
    try (StoreBackend first = backend("lease"); StoreBackend second = backend("lease")) {
      LeaseCapability<String> mine = open(first, String.class, clock).capability(LeaseCapability.class);
      LeaseCapability<String> theirs = open(second, String.class, clock).capability(LeaseCapability.class);
      assertThat(mine.tryLease(Purpose.COMPUTE, "k", "me", 1500)).isTrue();
      assertThat(theirs.tryLease(Purpose.COMPUTE, "k", "them", 1500)).isFalse();
      assertThat(theirs.tryLease(Purpose.WRITE, "k", "them", 1500)).isTrue();
      assertThat(theirs.leaseHolder(Purpose.COMPUTE, "k")).isEqualTo("me");
      clock.advance(Duration.ofMillis(1500));
      // memcached still holds the item until its rounded-up second; the deadline in it has passed
      assertThat(theirs.leaseHolder(Purpose.COMPUTE, "k")).isNull();
      assertThat(theirs.tryLease(Purpose.COMPUTE, "k", "them", 1500)).isTrue();
      mine.releaseLease(Purpose.COMPUTE, "k", "me");
      assertThat(mine.leaseHolder(Purpose.COMPUTE, "k")).isEqualTo("them");
      theirs.releaseLease(Purpose.COMPUTE, "k", "them");
      assertThat(mine.tryLease(Purpose.COMPUTE, "k", "me", 1500)).isTrue();
    }
  }

  @Test
  void setsAreSharedAcrossManagersAndClearedWithTheCache() {
    try (StoreBackend first = backend("sets"); StoreBackend second = backend("sets")) {
      Store<String, String> store = open(first, String.class, new ManualClock());
      SetCapability<String, String> mine = store.capability(SetCapability.class);
      SetCapability<String, String> theirs = open(second, String.class, new ManualClock())
          .capability(SetCapability.class);
      assertThat(mine.add("s", List.of("a", "b"))).isEqualTo(2);
      assertThat(theirs.add("s", List.of("b", "c"))).isEqualTo(1);
      assertThat(mine.members("s")).containsExactlyInAnyOrder("a", "b", "c");
      assertThat(store.keys().hasNext()).isFalse();
      store.clear();
      assertThat(theirs.size("s")).isZero();
    }
  }

  @Test
  void patternRemovalTakesTheMatchingLiveKeysOfTheIndex() {
    ManualClock clock = new ManualClock();
    try (StoreBackend backend = backend("pattern")) {
      Store<String, String> store = open(backend, String.class, clock);
      for (String key : List.of("user:1", "user:2", "user:10", "order:1", "user:dead")) {
        store.write(key, "v", Condition.ANY, key.endsWith("dead") ? 10 : Ttl.ETERNAL, Ttl.UNCHANGED, false);
      }
      clock.advance(Duration.ofMillis(10));
      PatternCapability<String> patterns = store.capability(PatternCapability.class);
      assertThat(patterns.removeMatching("user:?")).isEqualTo(2);
      assertThat(store.keys()).toIterable().containsExactlyInAnyOrder("user:10", "order:1");
      assertThat(patterns.removeMatching("*", key -> key.startsWith("order"))).isEqualTo(1);
      assertThat(store.keys()).toIterable().containsExactly("user:10");
    }
  }

  @Test
  void globsTranslateToRegularExpressionsOnCharacters() {
    Pattern pattern = Globs.regex("a?[b-d][^x]\\*[z-y]*.");
    assertThat(pattern.matcher("aébx*zanything.").matches()).isFalse();
    assertThat(pattern.matcher("aécy*zanything.").matches()).isTrue();
    assertThat(pattern.matcher("aécy*yz.").matches()).isTrue();
    assertThat(pattern.matcher("aécy?y.").matches()).isFalse();
    assertThat(Globs.regex("[\\]]").matcher("]").matches()).isTrue();
  }

  /** One counter of memcached's {@code stats}. */
  private static long stat(String name) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
      OutputStream out = socket.getOutputStream();
      out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder text = new StringBuilder();
      while (text.indexOf("END\r\n") < 0) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        text.append((char) b);
      }
      for (String line : text.toString().split("\r\n")) {
        if (line.startsWith("STAT " + name + " ")) {
          return Long.parseLong(line.substring(("STAT " + name + " ").length()));
        }
      }
      throw new IllegalStateException("memcached reports no " + name);
    }
  }
}
