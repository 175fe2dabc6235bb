package dev.cairn.cache.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.codec.Codecs;
import dev.cairn.cache.expiry.ManualClock;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreListener;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.Ttl;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What only the memory store does: expiry by its clock, a size bound, and telling the engine about both. */
class MemoryStoreTest {

  private final ManualClock clock = new ManualClock();
  private final List<String> expired = new CopyOnWriteArrayList<>();
  private final List<String> evicted = new CopyOnWriteArrayList<>();

  private Store<String, String> open(long maxEntries) {
    return open(maxEntries, true);
  }

  private Store<String, String> open(long maxEntries, boolean entriesExpire) {
    ClassLoader loader = getClass().getClassLoader();
    StoreListener<String, String> listener = new StoreListener<>() {
      @Override
      public void onExpired(String key, String value) {
        expired.add(key + "=" + value);
      }

      @Override
      public void onEvicted(String key, String value) {
        evicted.add(key);
      }
    };
    return new MemoryStoreProvider().open(MemoryStoreProvider.DEFAULT_URI, new Properties(), loader)
        .open(new StoreSettings<>("m", Codecs.forType(String.class, loader), Codecs.forType(String.class, loader),
            maxEntries, clock, listener, entriesExpire));
  }

  @Test
  void entriesExpireWhenTheClockPassesTheirDeadline() {
    Store<String, String> store = open(0);
    store.write("k", "v", Condition.ANY, 1_000, Ttl.UNCHANGED, false);
    clock.advance(Duration.ofMillis(999));
    assertThat(store.get("k", Ttl.UNCHANGED)).isEqualTo("v");
    clock.advance(Duration.ofMillis(1));
    assertThat(store.get("k", Ttl.UNCHANGED)).isNull();
    assertThat(expired).containsExactly("k=v");
  }

  @Test
  void unchangedTtlKeepsTheDeadlineAcrossUpdates() {
    Store<String, String> store = open(0);
    store.write("k", "v1", Condition.ANY, 1_000, Ttl.UNCHANGED, false);
    clock.advance(Duration.ofMillis(600));
    store.write("k", "v2", Condition.ANY, 1_000, Ttl.UNCHANGED, false);
    clock.advance(Duration.ofMillis(600));
    assertThat(store.containsKey("k")).isFalse();
  }

  @Test
  void touchingOnReadExtendsTheDeadline() {
    Store<String, String> store = open(0);
    store.write("k", "v", Condition.ANY, 1_000, Ttl.UNCHANGED, false);
    clock.advance(Duration.ofMillis(800));
    assertThat(store.get("k", 1_000)).isEqualTo("v");
    clock.advance(Duration.ofMillis(800));
    assertThat(store.get("k", Ttl.UNCHANGED)).isEqualTo("v");
  }

  @Test
  void eternalEntriesOutliveAnyClock() {
    Store<String, String> store = open(0);
    store.write("k", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    clock.advance(Duration.ofDays(365 * 100));
    assertThat(store.get("k", Ttl.UNCHANGED)).isEqualTo("v");
  }

  @Test
  void aStoreOpenedAsEternalStillHonoursAnExplicitTtl() {
    Store<String, String> store = open(0, false);
    store.write("k", "v", Condition.ANY, 1_000, Ttl.UNCHANGED, false);
    clock.advance(Duration.ofMillis(1_000));
    assertThat(store.containsKey("k")).isFalse();
    assertThat(store.write("k", "v2", Condition.ABSENT, Ttl.ETERNAL, Ttl.UNCHANGED, false).applied()).isTrue();
    assertThat(store.get("k", Ttl.UNCHANGED)).isEqualTo("v2");
    assertThat(expired).containsExactly("k=v");
  }

  @Test
  void aSizeBoundEvictsAndReportsIt() {
    Store<String, String> store = open(10);
    for (int i = 0; i < 100; i++) {
      store.write("k" + i, "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    }
    long live = 0;
    for (int i = 0; i < 100; i++) {
      live += store.containsKey("k" + i) ? 1 : 0;
    }
    assertThat(live).isLessThanOrEqualTo(10);
    assertThat(evicted).hasSize(100 - (int) live);
  }
}
