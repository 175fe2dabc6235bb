package dev.cairn.cache.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.codec.Codecs;
import dev.cairn.cache.expiry.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} must do, whatever it keeps its entries in. Each store has one subclass that says how to
 * open its backend; the engine relies on nothing beyond what this suite checks.
 */
public abstract class StoreContractTest {

  protected StoreBackend backend;
  protected Store<String, String> store;

  /** A fresh backend on a clean data area (a new memory space, a Redis database with a fresh prefix...). */
  protected abstract StoreBackend openBackend();

  /** Opens a store of string keys and values on the backend. */
  protected <V> Store<String, V> open(String cacheName, Class<V> valueType) {
    ClassLoader loader = getClass().getClassLoader();
    return backend.open(new StoreSettings<>(cacheName, Codecs.forType(String.class, loader),
        Codecs.forType(valueType, loader), 0, Clock.system(), StoreListener.none(), true));
  }

  @BeforeEach
  void openStore() {
    backend = openBackend();
    store = open("contract", String.class);
    store.clear();
  }

  @AfterEach
  void closeStore() {
    store.clear();
    store.close();
    backend.close();
  }

  @Test
  void missingKeyReadsAsNull() {
    assertThat(store.get("absent", Ttl.UNCHANGED)).isNull();
    assertThat(store.containsKey("absent")).isFalse();
  }

  @Test
  void unconditionalWriteCreatesThenReplaces() {
    WriteResult<String> created = store.write("k", "v1", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, true);
    assertThat(created).isEqualTo(new WriteResult<>(true, false, null));
    WriteResult<String> replaced = store.write("k", "v2", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, true);
    assertThat(replaced).isEqualTo(new WriteResult<>(true, true, "v1"));
    assertThat(store.get("k", Ttl.UNCHANGED)).isEqualTo("v2");
    assertThat(store.containsKey("k")).isTrue();
  }

  @Test
  void previousValueIsOnlyRequiredWhenAsked() {
    store.write("k", "v1", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    WriteResult<String> result = store.write("k", "v2", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    assertThat(result.applied()).isTrue();
    assertThat(result.existed()).isTrue();
  }

  @Test
  void absentConditionOnlyCreates() {
    assertThat(store.write("k", "v1", Condition.ABSENT, Ttl.ETERNAL, Ttl.UNCHANGED, false).applied()).isTrue();
    WriteResult<String> second = store.write("k", "v2", Condition.ABSENT, Ttl.ETERNAL, Ttl.UNCHANGED, true);
    assertThat(second.applied()).isFalse();
    assertThat(second.existed()).isTrue();
    assertThat(second.previous()).isEqualTo("v1");
    assertThat(store.get("k", Ttl.UNCHANGED)).isEqualTo("v1");
  }

  @Test
  void presentConditionOnlyReplaces() {
    WriteResult<String> missing = store.write("k", "v1", Condition.PRESENT, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    assertThat(missing).isEqualTo(new WriteResult<>(false, false, null));
    assertThat(store.containsKey("k")).isFalse();
    store.write("k", "v1", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    assertThat(store.write("k", "v2", Condition.PRESENT, Ttl.ETERNAL, Ttl.UNCHANGED, false).applied()).isTrue();
    assertThat(store.get("k", Ttl.UNCHANGED)).isEqualTo("v2");
  }

  @Test
  void valueConditionComparesTheCurrentValue() {
    assertThat(store.write("k", "v2", Condition.valueEquals("v1"), Ttl.ETERNAL, Ttl.UNCHANGED, false).existed())
        .isFalse();
    store.write("k", "v1", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    WriteResult<String> mismatch = store.write("k", "v3", Condition.valueEquals("other"), Ttl.ETERNAL,
        Ttl.UNCHANGED, false);
    assertThat(mismatch.applied()).isFalse();
    assertThat(mismatch.existed()).isTrue();
    assertThat(store.write("k", "v2", Condition.valueEquals("v1"), Ttl.ETERNAL, Ttl.UNCHANGED, false).applied())
        .isTrue();
    assertThat(store.get("k", Ttl.UNCHANGED)).isEqualTo("v2");
  }

  @Test
  void zeroCreationTtlCreatesNothing() {
    WriteResult<String> result = store.write("k", "v", Condition.ANY, 0, Ttl.UNCHANGED, false);
    assertThat(result.applied()).isFalse();
    assertThat(result.existed()).isFalse();
    assertThat(store.containsKey("k")).isFalse();
  }

  @Test
  void zeroUpdateTtlRemovesTheEntry() {
    store.write("k", "v1", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    WriteResult<String> result = store.write("k", "v2", Condition.ANY, Ttl.ETERNAL, 0, false);
    assertThat(result.applied()).isTrue();
    assertThat(result.existed()).isTrue();
    assertThat(store.containsKey("k")).isFalse();
  }

  @Test
  void unconditionalRemoveReportsWhatExisted() {
    assertThat(store.remove("k", Condition.ANY, true).existed()).isFalse();
    store.write("k", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    assertThat(store.remove("k", Condition.ANY, true)).isEqualTo(new WriteResult<>(true, true, "v"));
    assertThat(store.containsKey("k")).isFalse();
  }

  @Test
  void conditionalRemoveComparesTheValue() {
    store.write("k", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    WriteResult<String> mismatch = store.remove("k", Condition.valueEquals("other"), false);
    assertThat(mismatch.applied()).isFalse();
    assertThat(mismatch.existed()).isTrue();
    assertThat(store.containsKey("k")).isTrue();
    assertThat(store.remove("k", Condition.valueEquals("v"), false).applied()).isTrue();
    assertThat(store.containsKey("k")).isFalse();
  }

  @Test
  void touchWithZeroReturnsTheValueAndExpiresIt() {
    store.write("k", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    assertThat(store.get("k", 0)).isEqualTo("v");
    assertThat(store.get("k", Ttl.UNCHANGED)).isNull();
  }

  @Test
  void expireChangesOnlyLiveEntries() {
    assertThat(store.expire("absent", 60_000)).isFalse();
    store.write("k", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    assertThat(store.expire("k", 60_000)).isTrue();
    assertThat(store.get("k", Ttl.UNCHANGED)).isEqualTo("v");
    assertThat(store.expire("k", Ttl.ETERNAL)).isTrue();
    assertThat(store.expire("k", 0)).isTrue();
    assertThat(store.containsKey("k")).isFalse();
  }

  @Test
  void batchCallsReadWriteAndRemoveMany() {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      entries.put("k" + i, "v" + i);
    }
    store.putAll(entries, Ttl.ETERNAL, Ttl.UNCHANGED);
    List<String> wanted = new ArrayList<>(entries.keySet());
    wanted.add("missing");
    assertThat(store.getAll(wanted)).isEqualTo(entries);
    store.removeAll(List.of("k0", "k1", "missing"));
    assertThat(store.getAll(wanted)).hasSize(48).doesNotContainKeys("k0", "k1");
  }

  @Test
  void iterationSeesEveryKeyOfThisCacheOnly() {
    Store<String, String> other = open("other", String.class);
    try {
      other.write("foreign", "x", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
      Set<String> expected = new HashSet<>();
      for (int i = 0; i < 1200; i++) {
        store.write("k" + i, "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
        expected.add("k" + i);
      }
      Set<String> seen = new HashSet<>();
      store.keys().forEachRemaining(seen::add);
      assertThat(seen).isEqualTo(expected);
    } finally {
      other.clear();
      other.close();
    }
  }

  @Test
  void clearLeavesOtherCachesAlone() {
    Store<String, String> other = open("other", String.class);
    try {
      other.write("k", "theirs", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
      store.write("k", "mine", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
      store.clear();
      assertThat(store.containsKey("k")).isFalse();
      assertThat(other.get("k", Ttl.UNCHANGED)).isEqualTo("theirs");
    } finally {
      other.clear();
      other.close();
    }
  }

  @Test
  void serializableValuesRoundTrip() {
    Store<String, Point> points = open("points", Point.class);
    try {
      points.write("p", new Point(3, 4), Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
      assertThat(points.get("p", Ttl.UNCHANGED)).isEqualTo(new Point(3, 4));
      assertThat(points.write("p", new Point(5, 6), Condition.valueEquals(new Point(3, 4)), Ttl.ETERNAL,
          Ttl.UNCHANGED, false).applied()).isTrue();
    } finally {
      points.clear();
      points.close();
    }
  }

  @Test
  void compareAndSetLosesNoUpdateUnderContention() throws Exception {
    Store<String, Long> counters = open("counters", Long.class);
    int threads = 4;
    int increments = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < increments; i++) {
            while (true) {
              Long current = counters.get("n", Ttl.UNCHANGED);
              Condition unchanged = current == null ? Condition.ABSENT : Condition.valueEquals(current);
              long next = current == null ? 1 : current + 1;
              if (counters.write("n", next, unchanged, Ttl.ETERNAL, Ttl.UNCHANGED, false).applied()) {
                break;
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
      assertThat(counters.get("n", Ttl.UNCHANGED)).isEqualTo((long) threads * increments);
    } finally {
      pool.shutdownNow();
      counters.clear();
      counters.close();
    }
  }

  /** A user type, stored through the codec's allow-list (the cache's declared value type is allowed). */
  public record Point(int x, int y) implements java.io.Serializable {
  }
}
