package dev.cairn.cache.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cache.codec.Codecs;
import dev.cairn.cache.expiry.ManualClock;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.Store;
import dev.cairn.cache.store.StoreException;
import dev.cairn.cache.store.StoreListener;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.Ttl;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the disk store does beyond the store contract: persistence of each kind of change, compaction, limits. */
class FileStoreTest {

  @TempDir
  Path directory;

  private final ManualClock clock = new ManualClock();
  private final Map<String, String> expired = new ConcurrentHashMap<>();
  private FileBackend backend;
  private FileStore<String, String> store;

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  @Test
  void everyKindOfChangeSurvivesReopening() {
    open("data");
    store.write("put", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    store.write("replaced", "old", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    store.write("replaced", "new", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    store.write("removed", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    store.remove("removed", Condition.ANY, false);
    store.write("touched", "v", Condition.ANY, 60_000, Ttl.UNCHANGED, false);
    store.get("touched", 600_000);
    store.write("shortened", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    store.expire("shortened", 60_000);
    store.write("dropped", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    store.get("dropped", 0);
    reopen("data");
    assertThat(store.get("put", Ttl.UNCHANGED)).isEqualTo("v");
    assertThat(store.get("replaced", Ttl.UNCHANGED)).isEqualTo("new");
    assertThat(store.containsKey("removed")).isFalse();
    assertThat(store.containsKey("dropped")).isFalse();
    clock.advance(Duration.ofMinutes(2));
    reopen("data");
    assertThat(store.get("touched", Ttl.UNCHANGED)).as("the touch's deadline, not the creation's").isEqualTo("v");
    assertThat(store.containsKey("shortened")).isFalse();
    clock.advance(Duration.ofMinutes(10));
    reopen("data");
    assertThat(store.containsKey("touched")).isFalse();
  }

  @Test
  void clearSurvivesReopening() {
    open("data");
    for (int i = 0; i < 100; i++) {
      store.write("k" + i, "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    }
    store.clear();
    store.write("after", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    reopen("data");
    List<String> keys = new ArrayList<>();
    store.keys().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("after");
  }

  @Test
  void compactionReclaimsOverwrittenSpaceWhileReadersRead() throws Exception {
    open("data");
    for (int round = 0; round < 20; round++) {
      for (int i = 0; i < 200; i++) {
        store.write("k" + i, value(i, round), Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
      }
    }
    long before = bytesOnDisk();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> readerFailure = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      try {
        while (!stop.get()) {
          for (int i = 0; i < 200; i++) {
            assertThat(store.get("k" + i, Ttl.UNCHANGED)).isEqualTo(value(i, 19));
          }
        }
      } catch (Throwable e) {
        readerFailure.set(e);
      }
    });
    reader.start();
    while (store.table().compactIfWasteful(clock.millis())) {
      // compact until at least half of the log is live again
    }
    stop.set(true);
    reader.join();
    assertThat(readerFailure.get()).isNull();
    assertThat(bytesOnDisk()).isLessThan(before / 4);
    reopen("data");
    for (int i = 0; i < 200; i++) {
      assertThat(store.get("k" + i, Ttl.UNCHANGED)).isEqualTo(value(i, 19));
    }
  }

  @Test
  void compactionReclaimsExpiredEntriesAndReportsThem() throws IOException {
    open("data");
    for (int i = 0; i < 200; i++) {
      store.write("k" + i, value(i, 0), Condition.ANY, i < 100 ? 60_000 : Ttl.ETERNAL, Ttl.UNCHANGED, false);
    }
    store.write("filler", "x".repeat(5_000), Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    clock.advance(Duration.ofMinutes(2));
    while (store.table().compactIfWasteful(clock.millis()) || store.table().size() > 101) {
      store.table().compactOldest(clock.millis());
    }
    assertThat(expired).hasSize(100).containsEntry("k0", value(0, 0)).containsEntry("k99", value(99, 0));
    reopen("data");
    assertThat(store.containsKey("k0")).isFalse();
    assertThat(store.get("k100", Ttl.UNCHANGED)).isEqualTo(value(100, 0));
  }

  @Test
  void expiryNoticedByAReadIsReported() {
    open("data");
    store.write("k", "v", Condition.ANY, 1_000, Ttl.UNCHANGED, false);
    clock.advance(Duration.ofSeconds(2));
    assertThat(store.get("k", Ttl.UNCHANGED)).isNull();
    assertThat(expired).containsExactly(Map.entry("k", "v"));
  }

  @Test
  void largeValuesRoundTrip() {
    open("data");
    String large = "x".repeat(3 << 20);
    store.write("large", large, Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    reopen("data");
    assertThat(store.get("large", Ttl.UNCHANGED)).isEqualTo(large);
  }

  @Test
  void entryTooLargeForARecordIsAClearError() {
    assertThatThrownBy(() -> RecordFormat.checkSize(1_000, Integer.MAX_VALUE))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("entry too large for the disk store")
        .hasMessageContaining(Integer.MAX_VALUE + " bytes");
    RecordFormat.checkSize(1_000, 100_000_000);
  }

  @Test
  void cacheNamesBecomeSafeDistinctDirectoryNames() {
    assertThat(DataDirectory.directoryName("users")).isEqualTo("users");
    assertThat(DataDirectory.directoryName("../etc")).isEqualTo("%2E%2E%2Fetc");
    assertThat(DataDirectory.directoryName("a.b")).isNotEqualTo(DataDirectory.directoryName("a%2Eb"));
    assertThat(DataDirectory.directoryName("")).isEqualTo("%");
    String longName = "n".repeat(300);
    assertThat(DataDirectory.directoryName(longName)).hasSizeLessThan(150)
        .isNotEqualTo(DataDirectory.directoryName(longName + "2"));
    open("../escape?");
    store.write("k", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    reopen("../escape?");
    assertThat(store.get("k", Ttl.UNCHANGED)).isEqualTo("v");
    assertThat(directory.resolve("caches").resolve("%2E%2E%2Fescape%3F")).isDirectory();
  }

  @Test
  void destroyDeletesTheCachesFiles() {
    open("data");
    store.write("k", "v", Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
    store.close();
    backend.destroy("data");
    assertThat(directory.resolve("caches").resolve("data")).doesNotExist();
    reopen("data");
    assertThat(store.containsKey("k")).isFalse();
  }

  private void open(String cacheName) {
    backend = (FileBackend) new FileStoreProvider().open(
        URI.create("disk:" + directory.toUri().getRawPath() + "?segmentSize=4k&sync=none"), new Properties(),
        getClass().getClassLoader());
    ClassLoader loader = getClass().getClassLoader();
    StoreListener<String, String> listener = new StoreListener<>() {
      @Override
      public void onExpired(String key, String value) {
        expired.put(key, value);
      }
    };
    store = (FileStore<String, String>) backend.open(new StoreSettings<>(cacheName,
        Codecs.forType(String.class, loader), Codecs.forType(String.class, loader), 0, clock, listener, true));
  }

  private void reopen(String cacheName) {
    backend.close();
    open(cacheName);
  }

  private long bytesOnDisk() throws IOException {
    try (Stream<Path> files = Files.walk(directory.resolve("caches"))) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }

  private static String value(int i, int round) {
    return "value-" + i + "-" + round + "-" + "z".repeat(i % 30);
  }
}
