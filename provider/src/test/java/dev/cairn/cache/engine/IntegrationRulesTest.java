package dev.cairn.cache.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListenerFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Read-through and write-through, including the spec's partial-failure rules for batches. */
class IntegrationRulesTest extends EngineTestSupport {

  static final Map<String, String> DATABASE = new ConcurrentHashMap<>();
  static final Queue<Integer> DELETE_BATCHES = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void emptyDatabase() {
    DATABASE.clear();
    DELETE_BATCHES.clear();
  }

  private Cache<String, String> cache(boolean readThrough, boolean writeThrough) {
    return create(configuration(String.class, String.class)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new DatabaseLoader()))
        .setCacheWriterFactory(FactoryBuilder.factoryOf(new DatabaseWriter()))
        .setReadThrough(readThrough).setWriteThrough(writeThrough));
  }

  @Test
  void removeAllHoldsAndWritesThroughABoundedBatchAtATime() {
    Cache<String, String> cache = cache(false, true);
    int entries = BulkOperations.REMOVE_ALL_BATCH * 2 + 500;
    Map<String, String> all = new java.util.HashMap<>();
    IntStream.range(0, entries).forEach(i -> all.put("k" + i, "v"));
    cache.putAll(all);

    cache.removeAll();

    assertThat(cache.iterator().hasNext()).isFalse();
    assertThat(DATABASE).isEmpty();
    assertThat(DELETE_BATCHES).hasSize(3).allSatisfy(size -> assertThat(size)
        .isBetween(1, BulkOperations.REMOVE_ALL_BATCH));
    assertThat(DELETE_BATCHES.stream().mapToInt(Integer::intValue).sum()).isEqualTo(entries);
  }

  @Test
  void readThroughLoadsMissesAndKeepsThem() {
    DATABASE.put("k", "from-db");
    Cache<String, String> cache = cache(true, false);
    assertThat(cache.get("k")).isEqualTo("from-db");
    DATABASE.clear();
    assertThat(cache.get("k")).isEqualTo("from-db");
    assertThat(cache.get("absent")).isNull();
  }

  @Test
  void getAllLoadsOnlyWhatIsMissing() {
    DATABASE.put("a", "1");
    DATABASE.put("b", "2");
    Cache<String, String> cache = cache(true, false);
    cache.put("a", "cached");
    assertThat(cache.getAll(Set.of("a", "b", "c"))).isEqualTo(Map.of("a", "cached", "b", "2"));
  }

  @Test
  void loadAllReplacesOnlyWhenAsked() throws Exception {
    DATABASE.put("a", "db");
    Cache<String, String> cache = cache(false, false);
    cache.put("a", "cached");
    CompletionListenerFuture keep = new CompletionListenerFuture();
    cache.loadAll(Set.of("a"), false, keep);
    keep.get(10, TimeUnit.SECONDS);
    assertThat(cache.get("a")).isEqualTo("cached");
    CompletionListenerFuture replace = new CompletionListenerFuture();
    cache.loadAll(Set.of("a"), true, replace);
    replace.get(10, TimeUnit.SECONDS);
    assertThat(cache.get("a")).isEqualTo("db");
  }

  @Test
  void writeThroughWritesAndDeletes() {
    Cache<String, String> cache = cache(false, true);
    cache.put("k", "v");
    assertThat(DATABASE).containsEntry("k", "v");
    cache.remove("k");
    assertThat(DATABASE).doesNotContainKey("k");
  }

  @Test
  void aFailingWriterLeavesTheCacheUnchanged() {
    Cache<String, String> cache = cache(false, true);
    cache.put("k", "v");
    assertThatThrownBy(() -> cache.put("k", DatabaseWriter.POISON)).isInstanceOf(CacheWriterException.class);
    assertThat(cache.get("k")).isEqualTo("v");
  }

  @Test
  void putAllAppliesExactlyWhatTheWriterWrote() {
    Cache<String, String> cache = cache(false, true);
    Map<String, String> batch = new LinkedHashMap<>();
    batch.put("a", "1");
    batch.put("b", DatabaseWriter.POISON);
    batch.put("c", "3");
    assertThatThrownBy(() -> cache.putAll(batch)).isInstanceOf(CacheWriterException.class);
    assertThat(cache.containsKey("b")).isFalse();
    for (String key : DATABASE.keySet()) {
      assertThat(cache.get(key)).isEqualTo(DATABASE.get(key));
    }
    assertThat(cache.containsKey("a")).isEqualTo(DATABASE.containsKey("a"));
  }

  public static final class DatabaseLoader implements CacheLoader<String, String>, Serializable {
    @Override
    public String load(String key) {
      return DATABASE.get(key);
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> found = new HashMap<>();
      keys.forEach(key -> {
        if (DATABASE.containsKey(key)) {
          found.put(key, DATABASE.get(key));
        }
      });
      return found;
    }
  }

  @Test
  void racingInvokesWriteThroughOnlyTheOutcomesThatWin() throws Exception {
    Cache<String, String> cache = create(configuration(String.class, String.class)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(new HistoryWriter())).setWriteThrough(true));
    HISTORY.clear();
    int threads = 4;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        running.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            cache.invoke("n", (entry, args) -> {
              entry.setValue(String.valueOf(entry.exists() ? Integer.parseInt(entry.getValue()) + 1 : 1));
              return null;
            });
          }
        }));
      }
      for (Future<?> future : running) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(HISTORY).containsExactlyElementsOf(
        IntStream.rangeClosed(1, threads * perThread).mapToObj(String::valueOf).toList());
  }

  static final Queue<String> HISTORY = new ConcurrentLinkedQueue<>();

  /** Records every value written through, in order. */
  public static final class HistoryWriter implements CacheWriter<String, String>, Serializable {

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
      HISTORY.add(entry.getValue());
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
      entries.forEach(this::write);
      entries.clear();
    }

    @Override
    public void delete(Object key) {
      HISTORY.add("delete " + key);
    }

    @Override
    public void deleteAll(Collection<?> keys) {
      keys.forEach(this::delete);
      keys.clear();
    }
  }

  /** Writes to {@link #DATABASE}; refuses the value {@link #POISON}, stopping a batch there. */
  public static final class DatabaseWriter implements CacheWriter<String, String>, Serializable {
    static final String POISON = "poison";

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
      if (POISON.equals(entry.getValue())) {
        throw new IllegalArgumentException("refused " + entry.getKey());
      }
      DATABASE.put(entry.getKey(), entry.getValue());
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
      for (Iterator<Cache.Entry<? extends String, ? extends String>> it = entries.iterator(); it.hasNext(); ) {
        write(it.next());
        it.remove();
      }
    }

    @Override
    public void delete(Object key) {
      DATABASE.remove(key);
    }

    @Override
    public void deleteAll(Collection<?> keys) {
      DELETE_BATCHES.add(keys.size());
      for (Iterator<?> it = keys.iterator(); it.hasNext(); ) {
        delete(it.next());
        it.remove();
      }
    }
  }
}
