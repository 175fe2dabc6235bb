package dev.cairn.cache.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cache.CairnCache;
import dev.cairn.cache.codec.Codecs;
import dev.cairn.cache.config.CairnConfiguration;
import dev.cairn.cache.expiry.ManualClock;
import dev.cairn.cache.store.Condition;
import dev.cairn.cache.store.StoreListener;
import dev.cairn.cache.store.StoreSettings;
import dev.cairn.cache.store.Ttl;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk store as a bounded cache: {@code maxEntries} and {@code maxBytes}, eviction, and its space reclaimed. */
class FileStoreBoundsTest {

  private static final int SEGMENT = 4 << 10;

  @TempDir
  Path directory;

  private final ManualClock clock = new ManualClock();
  private final AtomicLong evictions = new AtomicLong();
  private FileBackend backend;
  private FileStore<String, String> store;

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  @Test
  void entryBoundHoldsUnderTenTimesItsSizeInWritesAndKeepsTheMostRecent() throws IOException {
    open("", 200, 0);
    for (int i = 0; i < 2_000; i++) {
      put(i);
      assertThat(store.table().size()).as("entries after write %d", i).isLessThanOrEqualTo(200);
    }
    assertThat(store.table().size()).isEqualTo(200);
    assertThat(evictions).hasValue(1_800);
    for (int i = 1_900; i < 2_000; i++) {
      assertThat(store.get("k" + i, Ttl.UNCHANGED)).as("recent write k%d", i).isEqualTo(value(i));
    }
    Set<String> kept = keys();

    reopen("", 200, 0);
    assertThat(keys()).as("evicted entries stay evicted after a restart").isEqualTo(kept);
    compactAll();
    assertThat(bytesOnDisk()).as("compaction reclaims the evicted records")
        .isLessThan(2 * store.table().liveBytes() + 3 * SEGMENT);
    reopen("", 200, 0);
    assertThat(keys()).isEqualTo(kept);
    for (String key : kept) {
      assertThat(store.get(key, Ttl.UNCHANGED)).isEqualTo(value(Integer.parseInt(key.substring(1))));
    }
  }

  @Test
  void byteBoundHoldsUnderTenTimesItsSizeInWrites() throws IOException {
    long bound = 32 << 10;
    open("", 0, bound);
    long written = 0;
    int i = 0;
    while (written < 10 * bound) {
      put(i);
      written += value(i).length();
      assertThat(store.table().liveBytes()).as("live bytes after write %d", i).isLessThanOrEqualTo(bound);
      i++;
    }
    assertThat(store.table().liveBytes()).isGreaterThan(bound / 2);
    for (int recent = i - 20; recent < i; recent++) {
      assertThat(store.get("k" + recent, Ttl.UNCHANGED)).as("recent write k%d", recent).isEqualTo(value(recent));
    }
    assertThat(evictions.get()).isEqualTo(i - store.table().size());
    compactAll();
    assertThat(bytesOnDisk()).isLessThan(2 * bound + 3 * SEGMENT);
  }

  @Test
  void entriesReadOftenOutliveAStreamOfNewOnes() {
    open("", 100, 0);
    for (int hot = 0; hot < 20; hot++) {
      put(hot);
    }
    for (int i = 1_000; i < 5_000; i++) {
      put(i);
      assertThat(store.get("k" + (i % 20), Ttl.UNCHANGED)).as("hot entry k%d at write %d", i % 20, i)
          .isEqualTo(value(i % 20));
    }
  }

  @Test
  void theUrisMaxBytesBoundsCachesThatSetNone() {
    open("&maxBytes=8k", 0, 0);
    fill();
    assertThat(store.table().liveBytes()).isLessThanOrEqualTo(8 << 10).isGreaterThan(4 << 10);
    reopen("&maxBytes=8k", 0, 16 << 10);
    fill();
    assertThat(store.table().liveBytes()).as("the cache's own bound wins").isLessThanOrEqualTo(16 << 10)
        .isGreaterThan(12 << 10);
  }

  @Test
  void evictionsAreCountedInTheCachesStatisticsAndSurviveTheRegistry() {
    URI uri = URI.create("disk:" + directory.toUri().getRawPath() + "?sync=none");
    CacheManager manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader());
    try {
      Cache<String, String> cache = manager.createCache("bounded", new CairnConfiguration<String, String>()
          .setMaximumSize(10).setMaximumBytes(1 << 20).setTypes(String.class, String.class)
          .setStatisticsEnabled(true));
      for (int i = 0; i < 100; i++) {
        cache.put("k" + i, "v");
      }
      assertThat(cache.unwrap(CairnCache.class).statistics().getCacheEvictions()).isEqualTo(90);
    } finally {
      manager.close();
    }
    manager = Caching.getCachingProvider().getCacheManager(uri, getClass().getClassLoader());
    try {
      Cache<String, String> cache = manager.getCache("bounded", String.class, String.class);
      CairnConfiguration<?, ?> configuration = cache.getConfiguration(CairnConfiguration.class);
      assertThat(configuration.getMaximumSize()).isEqualTo(10);
      assertThat(configuration.getMaximumBytes()).isEqualTo(1 << 20);
      for (int i = 100; i < 120; i++) {
        cache.put("k" + i, "v");
      }
      int count = 0;
      for (Cache.Entry<String, String> ignored : cache) {
        count++;
      }
      assertThat(count).isEqualTo(10);
    } finally {
      manager.close();
    }
  }

  private void fill() {
    for (int i = 0; i < 400; i++) {
      put(i);
    }
  }

  private void put(int i) {
    store.write("k" + i, value(i), Condition.ANY, Ttl.ETERNAL, Ttl.UNCHANGED, false);
  }

  private Set<String> keys() {
    Set<String> keys = new HashSet<>();
    store.keys().forEachRemaining(keys::add);
    return keys;
  }

  private void compactAll() {
    while (store.table().compactIfWasteful(clock.millis())) {
      // until at least half of the log is live
    }
  }

  private void open(String parameters, long maxEntries, long maxBytes) {
    backend = (FileBackend) new FileStoreProvider().open(URI.create("disk:" + directory.toUri().getRawPath()
        + "?segmentSize=4k&sync=none" + parameters), new Properties(), getClass().getClassLoader());
    ClassLoader loader = getClass().getClassLoader();
    StoreListener<String, String> listener = new StoreListener<>() {
      @Override
      public void onEvicted(String key, String value) {
        assertThat(value).isEqualTo(value(Integer.parseInt(key.substring(1))));
        evictions.incrementAndGet();
      }
    };
    store = (FileStore<String, String>) backend.open(new StoreSettings<>("data", Codecs.forType(String.class, loader),
        Codecs.forType(String.class, loader), maxEntries, clock, listener, false, 0, maxBytes));
  }

  private void reopen(String parameters, long maxEntries, long maxBytes) {
    backend.close();
    open(parameters, maxEntries, maxBytes);
  }

  private long bytesOnDisk() throws IOException {
    try (Stream<Path> files = Files.walk(directory.resolve("caches"))) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }

  private static String value(int i) {
    return "value-" + i + "-" + "z".repeat(i % 150);
  }
}
